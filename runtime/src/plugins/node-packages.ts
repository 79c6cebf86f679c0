// What loading custom node packages leaves behind: the packages taken (with what each added) and
// the ones refused with the reason, for `GET /api/nodes` and `GET /api/nodes/errors`.
import { nodeKey } from '@tern/shared';

export interface LoadedPackage {
  name: string;
  version: string | null;
  /** The package's folder. */
  dir: string;
  /** `type@version` of each node it added. */
  nodes: string[];
  credentialTypes: string[];
}

/** A package that was skipped, and why: nothing of it was loaded. */
export interface PackageProblem {
  package: string;
  /** The file the problem is in: a module, or the package's package.json. */
  path: string;
  message: string;
}

export class NodePackages {
  private readonly packageByNode = new Map<string, string>();

  constructor(readonly loaded: readonly LoadedPackage[] = [], readonly errors: readonly PackageProblem[] = []) {
    for (const p of loaded) for (const key of p.nodes) this.packageByNode.set(key, p.name);
  }

  /** The package a node comes from; undefined for built-in nodes. */
  packageOf(type: string, version: number): string | undefined {
    return this.packageByNode.get(nodeKey(type, version));
  }
}

/** A reason to skip a package, with the file it is about. */
export class PackageError extends Error {
  override name = 'PackageError';
  constructor(message: string, readonly path: string) {
    super(message);
  }
}
