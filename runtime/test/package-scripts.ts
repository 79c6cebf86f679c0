// Runs the `tern` CLI and a node package's own npm scripts (build, test) as child processes, the
// way an integrator would. Offline: the tools an `npm install` would give the package
// (TypeScript, Vitest) come from this repository's node_modules/.bin.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TERN_BIN = path.join(ROOT, 'runtime', 'bin', 'tern.js');
// A DATABASE_URL or REDIS_URL set for the PostgreSQL and queue suites (CI) is not inherited: each
// test has its own data directory, in embedded mode.
const env = () => ({
  ...process.env, DATABASE_URL: undefined, REDIS_URL: undefined, PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
  NO_COLOR: '1',
});

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function settle(promise: Promise<{ stdout: string; stderr: string }>): Promise<Ran> {
  try {
    return { code: 0, ...(await promise) };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** `tern ARGS…` from this checkout. */
export const tern = (args: string[], cwd = ROOT): Promise<Ran> =>
  settle(run(process.execPath, [TERN_BIN, ...args], { cwd, env: { ...env(), TERN_LOG_LEVEL: 'warn' } }));

/** `npm run SCRIPT` in a package's folder. */
export const npmRun = (dir: string, script: string): Promise<Ran> =>
  settle(run('npm', ['run', script], { cwd: dir, env: env(), timeout: 120_000 }));
