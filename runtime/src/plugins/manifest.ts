// The `tern` key of a node package's package.json: the modules that export its nodes and its
// credential types, e.g. `"tern": { "nodes": ["./dist/index.js"], "credentialTypes": ["./dist/credential.js"] }`.
import path from 'node:path';
import { z } from 'zod';
import type { FoundPackage } from './discover.js';
import { PackageError } from './node-packages.js';

export interface Manifest {
  name: string;
  version: string | null;
  dir: string;
  /** Absolute paths of the modules exporting node definitions. */
  nodes: string[];
  /** Absolute paths of the modules exporting credential types. */
  credentialTypes: string[];
}

const modulePaths = z.array(z.string().min(1, 'must not be empty')).default([]);
const ternKey = z.object({ nodes: modulePaths, credentialTypes: modulePaths }, { error: 'must be an object' });

/** The package's name: its package.json `name`, else its folder's. */
export function packageName(found: FoundPackage): string {
  const { name } = found.packageJson;
  return typeof name === 'string' && name !== '' ? name : path.basename(found.dir);
}

export function readManifest(found: FoundPackage): Manifest {
  const file = path.join(found.dir, 'package.json');
  const parsed = ternKey.safeParse(found.packageJson.tern);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PackageError(`package.json "tern"${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`, file);
  }
  const { nodes, credentialTypes } = parsed.data;
  if (nodes.length === 0 && credentialTypes.length === 0) {
    throw new PackageError('package.json "tern" lists no modules: add "nodes": ["./dist/index.js"]', file);
  }
  const inside = (p: string) => {
    const absolute = path.resolve(found.dir, p);
    const relative = path.relative(found.dir, absolute);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new PackageError(`package.json "tern" names "${p}", which is outside the package`, file);
    }
    return absolute;
  };
  const { version } = found.packageJson;
  return {
    name: packageName(found),
    version: typeof version === 'string' ? version : null,
    dir: found.dir,
    nodes: nodes.map(inside),
    credentialTypes: credentialTypes.map(inside),
  };
}
