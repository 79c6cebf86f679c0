// Imports a module of a node package (dynamic import(); tsx is registered in the server, so a
// `.ts` module works too) and picks the definitions it exports: a default export that is one
// definition or a list of them, and named exports that look like one.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PackageError } from './node-packages.js';

/** How long one module may take to import (top-level awaits included) before its package is skipped. */
export const IMPORT_TIMEOUT_MS = 10_000;

export async function importModule(file: string, packageDir: string, timeoutMs = IMPORT_TIMEOUT_MS): Promise<Record<string, unknown>> {
  const shown = `./${path.relative(packageDir, file).split(path.sep).join('/')}`;
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    throw new PackageError(`cannot find ${shown} (is the package built?)`, file);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PackageError(`${shown} did not finish loading within ${timeoutMs / 1000} s`, file)), timeoutMs);
    timer.unref();
  });
  try {
    return (await Promise.race([import(pathToFileURL(file).href), timeout])) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof PackageError) throw err;
    const e = err as Error;
    throw new PackageError(`cannot load ${shown}: ${e?.name ?? 'Error'}: ${firstLine(e?.message ?? String(err))}`, file);
  } finally {
    clearTimeout(timer);
  }
}

const firstLine = (text: string) => text.split('\n').find((l) => l.trim() !== '')?.trim() ?? text;

/**
 * The definitions a module exports, each once (a node exported by name and in the default list
 * counts once). A default export that is a list must hold only definitions.
 */
export function exportedDefinitions(mod: Record<string, unknown>, isDefinition: (v: unknown) => boolean, what: string): unknown[] {
  const found = new Set<unknown>();
  const fallback = mod.default;
  if (Array.isArray(fallback)) {
    fallback.forEach((item, i) => {
      if (!isDefinition(item)) throw new Error(`the default export's item ${i} is not a ${what}`);
      found.add(item);
    });
  } else if (isDefinition(fallback)) {
    found.add(fallback);
  }
  for (const [name, value] of Object.entries(mod)) if (name !== 'default' && isDefinition(value)) found.add(value);
  return [...found];
}
