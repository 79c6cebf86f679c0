// Test fixtures: custom node packages written as plain files into a TERN_NODES_DIR, the way an
// integrator's built package (or a broken one) would look on disk.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SDK_DIR } from '../src/plugins/sdk-location.js';

/** Writes `files` (relative path → text) into `<root>/<folder>`, with a package.json holding `tern`. */
export function writePackage(
  root: string,
  folder: string,
  tern: unknown,
  files: Record<string, string>,
  extra: Record<string, unknown> = {},
): string {
  const dir = path.join(root, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: folder, version: '1.0.0', type: 'module', tern, ...extra }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** `<root>/node_modules/@tern/node-sdk` → this checkout's SDK, as `npm install` would link it. */
export function linkSdk(root: string): void {
  mkdirSync(path.join(root, 'node_modules', '@tern'), { recursive: true });
  symlinkSync(SDK_DIR, path.join(root, 'node_modules', '@tern', 'node-sdk'), 'dir');
}

/** `<root>/node_modules/zod` → the zod Tern uses, for fixtures that depend on zod directly. */
export function linkZod(root: string): void {
  mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  symlinkSync(fileURLToPath(new URL('../../node_modules/zod', import.meta.url)), path.join(root, 'node_modules', 'zod'), 'dir');
}

/** A node module's source: `defineNode` with the given fields over a working default. */
export function nodeSource(fields: Record<string, string> = {}, options: { exportAs?: 'default' | string } = {}): string {
  const merged: Record<string, string> = {
    type: "'acme.echo'",
    version: '1',
    title: "'Echo'",
    description: "'Echoes its text.'",
    category: "'data'",
    icon: "'repeat'",
    outputs: "['out']",
    params: "z.object({ text: z.string().meta({ label: 'Text', widget: 'template' }) })",
    execute: '(ctx) => next({ echoed: ctx.params.text })',
    ...fields,
  };
  const body = Object.entries(merged).map(([k, v]) => `  ${k}: ${v},`).join('\n');
  const name = options.exportAs ?? 'default';
  const declaration = `const node = defineNode({\n${body}\n});`;
  return [
    "import { defineNode, next, z } from '@tern/node-sdk';",
    declaration,
    name === 'default' ? 'export default [node];' : `export { node as ${name} };`,
    '',
  ].join('\n');
}
