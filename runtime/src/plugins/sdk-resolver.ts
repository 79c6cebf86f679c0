// Makes `@tern/node-sdk` resolve to this Tern's SDK for every custom node package (see
// sdk-resolve-hook.mjs). Registered once, before the first package is imported.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SDK_DIR } from './sdk-location.js';

let registered = false;

export function provideSdk(): void {
  const entry = path.join(SDK_DIR, 'src', 'index.ts');
  if (registered || !existsSync(entry)) return;
  registered = true;
  const sdkUrl = pathToFileURL(entry).href;
  register(new URL('./sdk-resolve-hook.mjs', import.meta.url), { data: { sdkUrl } });
}
