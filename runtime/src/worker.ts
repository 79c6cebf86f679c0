// `tern worker`: queue mode's execution process. It serves no HTTP; it takes execution jobs from
// Redis and drives them on the shared database, and on SIGTERM/SIGINT stops taking jobs, lets
// the steps in flight finish within the grace period and hands the rest back to the queue.
// With a metrics port it serves GET /metrics and /api/ready there, as `tern start` does (its
// steps' durations, messages sent and executions finished are counted where they run: here).
import type { Server } from 'node:http';
import express from 'express';
import type { Config } from './config.js';
import { createRuntime, type RuntimeHandle } from './create-runtime.js';
import { errorHandler } from './http/errors.js';
import { operationsRoutes } from './http/routes/operations.js';

export interface WorkerOptions {
  concurrency: number;
  /** How long in-flight steps get to finish on SIGTERM. */
  graceMs: number;
  /** Serve GET /metrics and /api/ready on this port (none when absent). */
  metricsPort?: number;
}

export async function startWorker(config: Config, options: WorkerOptions): Promise<RuntimeHandle> {
  if (!config.redisUrl) {
    throw new Error('tern worker runs queued executions: set REDIS_URL (and DATABASE_URL) to the Redis and PostgreSQL that `tern start` uses');
  }
  const runtime = await createRuntime(config);
  await runtime.start({ worker: { concurrency: options.concurrency } });
  const server = options.metricsPort === undefined ? null : await serveOperations(runtime, config.host, options.metricsPort);
  runtime.log.info({ concurrency: options.concurrency, prefix: config.queuePrefix }, 'Tern worker is taking execution jobs');
  let closing: Promise<void> | null = null;
  const onSignal = (signal: string) => {
    runtime.log.info({ signal }, 'worker shutting down: no new jobs, in-flight steps finish');
    server?.close();
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

function serveOperations(runtime: RuntimeHandle, host: string, port: number): Promise<Server> {
  const app = express().use(operationsRoutes(runtime)).use(errorHandler(runtime.log));
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}
