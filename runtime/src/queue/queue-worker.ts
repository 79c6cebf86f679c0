// `tern worker`'s side of the queue: BullMQ hands this process jobs, each naming an execution,
// and it drives them here until nothing is left to run now. The job is acknowledged (completed)
// only after the run's checkpoints are committed; a job redelivered after a worker died loads the
// execution from SQL and goes on from its last checkpoint. A finished execution is left alone,
// so it never runs again. On shutdown no step starts any more; the runs in flight checkpoint
// their steps within the grace period and their jobs go back to the queue for another worker.
import { DelayedError, type Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Store } from '../db/store.js';
import type { ExecutionRunner } from '../runner/runner.js';
import { type ExecutionQueue, QUEUE_NAME, redisConnection } from './execution-queue.js';

export interface QueueWorkerOptions {
  queue: ExecutionQueue;
  store: Store;
  runner: ExecutionRunner;
  log: Logger;
  /** Executions driven at once. */
  concurrency: number;
  /** How long a worker's hold on a job lasts without renewal (a dead worker's jobs return after it). */
  lockMs: number;
  /** Times a job is taken back from a dead worker before it fails. */
  maxStalls: number;
}

/**
 * How many times one job drives its execution in a row when it is found `running` again after a
 * pass (a wait fell due meanwhile and its enqueue found this job still active).
 */
const PASSES = 5;

export class QueueWorker {
  private readonly worker: Worker;
  private stopping = false;

  constructor(private readonly options: QueueWorkerOptions) {
    const { queue, concurrency, lockMs, maxStalls } = options;
    this.worker = new Worker(QUEUE_NAME, (job, token) => this.process(job, token), {
      connection: redisConnection(queue.settings.redisUrl),
      prefix: queue.settings.prefix,
      concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: maxStalls,
      autorun: false,
    });
    this.worker.on('error', (err) => options.log.error({ err }, 'the queue worker hit an error'));
    this.worker.on('stalled', (executionId) => options.log.warn({ executionId }, 'took back the job of a worker that stopped answering'));
  }

  async start(): Promise<void> {
    // A cancel written by `tern start` while this worker drives the execution: no step starts
    // any more and the steps in flight are not checkpointed (as a cancel in one process does).
    await this.options.queue.onCancel((executionId) => {
      this.options.runner.cancel(executionId).catch((err: unknown) => this.options.log.warn({ err, executionId }, 'a cancel from another process failed here'));
    });
    void this.worker.run().catch((err: unknown) => this.options.log.error({ err }, 'the queue worker stopped'));
  }

  /**
   * Takes no more jobs and lets the runs in flight checkpoint their steps; after `graceMs` the
   * jobs still held are left to be taken back once their lock expires.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.options.runner.stopStarting();
    let timer: NodeJS.Timeout | undefined;
    const closed = this.worker.close();
    const graceOver = new Promise<'grace'>((resolve) => (timer = setTimeout(() => resolve('grace'), graceMs)));
    if ((await Promise.race([closed, graceOver])) === 'grace') {
      this.options.log.warn({ graceMs }, 'steps still running after the grace period; their jobs return to the queue when their lock expires');
      await this.worker.close(true);
    }
    clearTimeout(timer);
  }

  private async process(job: Job, token: string | undefined): Promise<void> {
    const executionId = String(job.data.executionId);
    const { runner, store } = this.options;
    for (let pass = 0; pass < PASSES; pass++) {
      await runner.driveHere(executionId);
      const execution = await store.executions.get(executionId);
      if (!execution || execution.status !== 'running') return;
      if (this.stopping) {
        // Handed back: another worker takes it at once, and it does not count as an attempt.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
    }
    throw new Error(`the execution is still running after ${PASSES} passes`);
  }
}
