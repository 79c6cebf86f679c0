// `tern worker`: queue mode's execution process. It serves no HTTP; it takes execution jobs from
// Redis and drives them on the shared database, and on SIGTERM/SIGINT stops taking jobs, lets
// the steps in flight finish within the grace period and hands the rest back to the queue.
import type { Config } from './config.js';
import { createRuntime, type RuntimeHandle } from './create-runtime.js';

export interface WorkerOptions {
  concurrency: number;
  /** How long in-flight steps get to finish on SIGTERM. */
  graceMs: number;
}

export async function startWorker(config: Config, options: WorkerOptions): Promise<RuntimeHandle> {
  if (!config.redisUrl) {
    throw new Error('tern worker runs queued executions: set REDIS_URL (and DATABASE_URL) to the Redis and PostgreSQL that `tern start` uses');
  }
  const runtime = await createRuntime(config);
  await runtime.start({ worker: { concurrency: options.concurrency } });
  runtime.log.info({ concurrency: options.concurrency, prefix: config.queuePrefix }, 'Tern worker is taking execution jobs');
  let closing: Promise<void> | null = null;
  const onSignal = (signal: string) => {
    runtime.log.info({ signal }, 'worker shutting down: no new jobs, in-flight steps finish');
    closing ??= runtime.stop(options.graceMs).then(
      () => process.exit(0),
      (err: unknown) => {
        runtime.log.error({ err }, 'worker shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  return runtime;
}
