// The data.code node's sandbox: QuickJS (WebAssembly) in worker threads. See docs/code-node.md.
import { SandboxPool, type SandboxHost } from './pool.js';
import type { SandboxJob, SandboxOutcome } from './protocol.js';

export { forwardHttp } from './http-bridge.js';
export * from './limits.js';
export type { ConsoleLevel, ConsoleLine, FailureKind, SandboxFailure, SandboxJob, SandboxOutcome } from './protocol.js';
export type { SandboxHost } from './pool.js';
export { CodeSyntaxError, compile, syntaxError, wrap } from './source.js';
export type { CodeLanguage, Program } from './source.js';

let pool: SandboxPool | undefined;

/** Runs one job on the shared pool of sandbox workers. */
export function runSandboxed(job: SandboxJob, host: SandboxHost = {}): Promise<SandboxOutcome> {
  pool ??= new SandboxPool();
  return pool.run(job, host);
}

/** Stops the shared pool's workers; the next run starts new ones. */
export async function closeSandbox(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.close();
}
