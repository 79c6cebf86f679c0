// Reads one node package: its manifest, its modules, and every node and credential type they
// export, each checked on its own. Any problem throws a PackageError naming the file: the
// package is then skipped whole.
import { type AnyCredentialTypeDefinition, type AnyNodeDefinition, nodeKey } from '@tern/shared';
import type { FoundPackage } from './discover.js';
import { exportedDefinitions, importModule } from './import-module.js';
import { readManifest, type Manifest } from './manifest.js';
import { PackageError } from './node-packages.js';
import { checkNode, looksLikeNode } from './validate-node.js';
import { credentialTypeProblems, looksLikeCredentialType } from './validate-credential-type.js';

export interface PackageNode {
  definition: AnyNodeDefinition;
  file: string;
  /** The credential types its params accept. */
  credentialTypes: string[];
}

export interface PackageContents {
  manifest: Manifest;
  nodes: PackageNode[];
  credentialTypes: Array<{ definition: AnyCredentialTypeDefinition; file: string }>;
}

export async function readPackage(found: FoundPackage, importTimeoutMs?: number): Promise<PackageContents> {
  const manifest = readManifest(found);
  const modules = new Map<string, Record<string, unknown>>();
  for (const file of new Set([...manifest.nodes, ...manifest.credentialTypes])) {
    modules.set(file, await importModule(file, manifest.dir, importTimeoutMs));
  }
  const pick = (file: string, is: (v: unknown) => boolean, what: string) => {
    try {
      return exportedDefinitions(modules.get(file)!, is, what);
    } catch (err) {
      throw new PackageError((err as Error).message, file);
    }
  };

  const nodes: PackageNode[] = [];
  const keys = new Set<string>();
  for (const file of manifest.nodes) {
    for (const value of pick(file, looksLikeNode, 'node definition')) {
      const check = checkNode(value);
      const d = value as AnyNodeDefinition;
      const name = typeof d.type === 'string' ? `node ${nodeKey(d.type, d.version)}` : 'a node';
      if (check.problems.length > 0) throw new PackageError(`${name}: ${check.problems.join('; ')}`, file);
      if (keys.has(nodeKey(d.type, d.version))) throw new PackageError(`${name} is exported twice`, file);
      keys.add(nodeKey(d.type, d.version));
      nodes.push({ definition: d, file, credentialTypes: check.credentialTypes });
    }
  }
  if (manifest.nodes.length > 0 && nodes.length === 0) {
    throw new PackageError('exports no node definitions: export them as a default list, or by name (made with defineNode)', manifest.nodes[0]!);
  }

  const credentialTypes: PackageContents['credentialTypes'] = [];
  for (const file of manifest.credentialTypes) {
    const found = pick(file, looksLikeCredentialType, 'credential type');
    if (found.length === 0) throw new PackageError('exports no credential types (made with defineCredentialType)', file);
    for (const value of found) {
      const problems = credentialTypeProblems(value);
      const d = value as AnyCredentialTypeDefinition;
      if (problems.length > 0) throw new PackageError(`credential type ${JSON.stringify(d.type)}: ${problems.join('; ')}`, file);
      if (credentialTypes.some((c) => c.definition.type === d.type)) throw new PackageError(`credential type "${d.type}" is exported twice`, file);
      credentialTypes.push({ definition: d, file });
    }
  }
  return { manifest, nodes, credentialTypes };
}
