// Where this checkout keeps the node SDK: what scaffolded packages depend on (`file:`), link to,
// and what custom packages get when they import `@tern/node-sdk`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
export const SDK_DIR = path.join(REPOSITORY, 'sdk');
