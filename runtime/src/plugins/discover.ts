// Finds the custom node packages in TERN_NODES_DIR: its folders, and the packages npm installed
// into its node_modules (scoped ones too), each whose package.json has a `tern` key. The
// directory may also be one package itself. Nothing is imported here.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PackageProblem } from './node-packages.js';

export interface FoundPackage {
  dir: string;
  packageJson: Record<string, unknown>;
}

export interface Discovery {
  packages: FoundPackage[];
  /** Folders that look meant as packages but cannot be read as one. */
  problems: PackageProblem[];
  /** Top-level folders that are not Tern packages (no package.json or no `tern` key), for the log. */
  ignored: string[];
}

type Read = { kind: 'package'; packageJson: Record<string, unknown> } | { kind: 'none' } | { kind: 'broken'; message: string };

async function readPackageJson(dir: string): Promise<Read> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'package.json'), 'utf8');
  } catch {
    return { kind: 'none' };
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: 'broken', message: 'package.json is not a JSON object' };
    return { kind: 'package', packageJson: value as Record<string, unknown> };
  } catch (err) {
    return { kind: 'broken', message: `package.json is not valid JSON: ${(err as Error).message}` };
  }
}

const isTernPackage = (read: Read): read is Extract<Read, { kind: 'package' }> => read.kind === 'package' && 'tern' in read.packageJson;

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory(); // follows symlinks: `npm link` and hand-made links count
  } catch {
    return false;
  }
}

/** Sub-folders, sorted so that packages load in the same order on every start. */
async function subdirectories(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    if (await isDirectory(path.join(dir, name))) dirs.push(name);
  }
  return dirs;
}

/** The packages npm installed into `dir/node_modules`, `@scope/name` ones included. */
async function installedPackageDirs(dir: string): Promise<string[]> {
  const modules = path.join(dir, 'node_modules');
  const dirs: string[] = [];
  for (const name of await subdirectories(modules)) {
    if (name.startsWith('@')) {
      for (const scoped of await subdirectories(path.join(modules, name))) dirs.push(path.join(modules, name, scoped));
    } else {
      dirs.push(path.join(modules, name));
    }
  }
  return dirs;
}

export async function discoverPackages(root: string): Promise<Discovery> {
  const result: Discovery = { packages: [], problems: [], ignored: [] };
  if (!(await isDirectory(root))) {
    result.problems.push({ package: path.basename(root), path: root, message: `TERN_NODES_DIR ${root} is not a directory` });
    return result;
  }
  const own = await readPackageJson(root);
  if (isTernPackage(own)) {
    result.packages.push({ dir: root, packageJson: own.packageJson });
    return result;
  }
  for (const name of await subdirectories(root)) {
    if (name === 'node_modules') continue;
    const dir = path.join(root, name);
    const read = await readPackageJson(dir);
    if (isTernPackage(read)) result.packages.push({ dir, packageJson: read.packageJson });
    else if (read.kind === 'broken') result.problems.push({ package: name, path: path.join(dir, 'package.json'), message: read.message });
    else result.ignored.push(dir);
  }
  // Installed dependencies that are not Tern packages (zod, …) are simply not ours.
  for (const dir of await installedPackageDirs(root)) {
    const read = await readPackageJson(dir);
    if (isTernPackage(read)) result.packages.push({ dir, packageJson: read.packageJson });
  }
  return result;
}
