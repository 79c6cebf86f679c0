// Loads the custom node packages of TERN_NODES_DIR at start into the catalogue and the credential
// type registry. A package joins whole or not at all: one that cannot be imported, exports a bad
// definition or collides with what is there already is skipped, logged with the reason and
// listed by `GET /api/nodes/errors`; the server and every other node keep working.
import path from 'node:path';
import { type NodeCatalogue, nodeKey } from '@tern/shared';
import type { Logger } from 'pino';
import type { CredentialTypeRegistry } from '../services/credential-types.js';
import { discoverPackages } from './discover.js';
import { packageName } from './manifest.js';
import { type LoadedPackage, NodePackages, PackageError, type PackageProblem } from './node-packages.js';
import { type PackageContents, readPackage } from './read-package.js';
import { provideSdk } from './sdk-resolver.js';

export interface LoadOptions {
  /** TERN_NODES_DIR; nothing is loaded without one. */
  dir: string | null;
  catalogue: NodeCatalogue;
  credentialTypes: CredentialTypeRegistry;
  log: Logger;
  importTimeoutMs?: number;
}

export async function loadNodePackages(options: LoadOptions): Promise<NodePackages> {
  if (!options.dir) return new NodePackages();
  const { catalogue, credentialTypes, log } = options;
  provideSdk();
  const discovery = await discoverPackages(options.dir);
  const errors: PackageProblem[] = [...discovery.problems];
  for (const dir of discovery.ignored) log.debug({ dir }, 'not a Tern node package (no package.json with a "tern" key): ignored');

  // First every package is read on its own, so that a node may accept a credential type that
  // another package declares.
  const read: PackageContents[] = [];
  for (const found of discovery.packages) {
    try {
      read.push(await readPackage(found, options.importTimeoutMs));
    } catch (err) {
      errors.push(problemOf(packageName(found), path.join(found.dir, 'package.json'), err));
    }
  }
  const declared = new Set([...credentialTypes.names(), ...read.flatMap((p) => p.credentialTypes.map((c) => c.definition.type))]);

  const loaded: LoadedPackage[] = [];
  const typeOwners = new Map<string, string>();
  for (const contents of read) {
    const { manifest } = contents;
    try {
      const twin = loaded.find((p) => p.name === manifest.name);
      if (twin) throw new PackageError(`a package named "${manifest.name}" is loaded already from ${twin.dir}`, path.join(manifest.dir, 'package.json'));
      checkAgainstLoaded(contents, { catalogue, credentialTypes, typeOwners, declared });
    } catch (err) {
      errors.push(problemOf(manifest.name, path.join(manifest.dir, 'package.json'), err));
      continue;
    }
    for (const c of contents.credentialTypes) credentialTypes.add(c.definition, manifest.name);
    for (const n of contents.nodes) {
      catalogue.add(n.definition);
      typeOwners.set(n.definition.type, manifest.name);
    }
    const pkg: LoadedPackage = {
      name: manifest.name,
      version: manifest.version,
      dir: manifest.dir,
      nodes: contents.nodes.map((n) => nodeKey(n.definition.type, n.definition.version)),
      credentialTypes: contents.credentialTypes.map((c) => c.definition.type),
    };
    loaded.push(pkg);
    log.info({ package: pkg.name, version: pkg.version, nodes: pkg.nodes, credentialTypes: pkg.credentialTypes }, `loaded custom node package "${pkg.name}"`);
  }
  for (const e of errors) log.error({ package: e.package, path: e.path }, `custom node package "${e.package}" skipped: ${e.message}`);
  return new NodePackages(loaded, errors);
}

/** What only the whole catalogue can tell: a `type@version` or credential type that is taken. */
function checkAgainstLoaded(
  contents: PackageContents,
  known: { catalogue: NodeCatalogue; credentialTypes: CredentialTypeRegistry; typeOwners: Map<string, string>; declared: Set<string> },
): void {
  const ownerOf = (type: string) => (known.typeOwners.has(type) ? `package "${known.typeOwners.get(type)}"` : "Tern's built-in nodes");
  for (const c of contents.credentialTypes) {
    const owner = known.credentialTypes.owner(c.definition.type);
    if (owner) throw new PackageError(`credential type "${c.definition.type}" is already declared by ${owner}`, c.file);
  }
  for (const { definition: d, file, credentialTypes } of contents.nodes) {
    const key = nodeKey(d.type, d.version);
    if (known.catalogue.get(d.type, d.version)) throw new PackageError(`node ${key} is already defined by ${ownerOf(d.type)}`, file);
    // A type belongs to whoever defined it first: versions of one type come from one place.
    if (known.catalogue.hasType(d.type)) {
      throw new PackageError(`node type "${d.type}" belongs to ${ownerOf(d.type)}; a package may add versions of its own types only`, file);
    }
    for (const t of credentialTypes.filter((x) => !known.declared.has(x))) {
      throw new PackageError(`node ${key} accepts credential type "${t}", which neither Tern nor any package declares`, file);
    }
  }
}

function problemOf(pkg: string, fallbackPath: string, err: unknown): PackageProblem {
  if (err instanceof PackageError) return { package: pkg, path: err.path, message: err.message };
  return { package: pkg, path: fallbackPath, message: err instanceof Error ? err.message : String(err) };
}
