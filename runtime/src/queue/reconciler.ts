// Queue mode's safety net, at start and on a timer: SQL says which executions are running, Redis
// which jobs exist. A running execution without a job (Redis restarted without persistence, a
// FLUSHALL, an enqueue that failed after its commit) is enqueued again; enqueueing one that has a
// job is a no-op (the job id is the execution id). A failed job (stalled past the limit, or every
// attempt failed) ends its execution in `error` with the job's reason, so nothing stays "running".
// Due waits are not the reconciler's: the wait scheduler claims them from SQL and enqueues them.
import type { Logger } from 'pino';
import type { Store } from '../db/store.js';
import { planAbandon } from '../engine/planner.js';
import type { Clock } from '../runtime.js';
import type { Runner } from '../runner/types.js';
import type { ExecutionQueue } from './execution-queue.js';

export interface ReconcilerDeps {
  store: Store;
  queue: ExecutionQueue;
  runner: Pick<Runner, 'graphOf'>;
  clock: Clock;
  log: Logger;
}

/** Failed jobs written to SQL per pass. */
const FAILED_BATCH = 500;
/** Running executions enqueued per call. */
const ENQUEUE_BATCH = 1_000;

/** One pass; answers how many executions were enqueued (again) and how many marked failed. */
export async function reconcile(deps: ReconcilerDeps): Promise<{ enqueued: number; failed: number }> {
  const { store, queue } = deps;
  let failed = 0;
  for (const job of await queue.failed(FAILED_BATCH)) {
    if (await markFailed(deps, job.executionId, job.reason)) failed++;
    await queue.forget(job.executionId);
  }
  const running = await store.executions.listRunning();
  for (let i = 0; i < running.length; i += ENQUEUE_BATCH) await queue.enqueueMany(running.slice(i, i + ENQUEUE_BATCH));
  return { enqueued: running.length, failed };
}

/** Ends a running execution in `error` with the reason; a finished one is left as it is. */
async function markFailed(deps: ReconcilerDeps, executionId: string, reason: string): Promise<boolean> {
  const { store, runner, clock, log } = deps;
  const state = await store.executions.load(executionId);
  if (!state || state.execution.status !== 'running') return false;
  const graph = await runner.graphOf(state.execution.workflowId, state.execution.workflowVersion);
  await store.executions.apply(executionId, planAbandon(graph, state, clock.now(), `the execution's queue job failed: ${reason}`));
  log.warn({ executionId, reason }, 'an execution failed in the queue; marked as error');
  return true;
}

/** Runs reconcile() now and every `intervalMs`; returns the stop function. */
export function scheduleReconciler(deps: ReconcilerDeps, intervalMs: number): { first: Promise<void>; stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const pass = () => {
    running = running.then(() => reconcile(deps)).then(
      ({ enqueued, failed }) => {
        if (failed > 0) deps.log.info({ enqueued, failed }, 'reconciled the queue with SQL');
      },
      (err: unknown) => deps.log.error({ err }, 'reconciling the queue with SQL failed; the next pass will try again'),
    );
    return running;
  };
  const first = pass();
  const timer = setInterval(() => void pass(), intervalMs);
  timer.unref();
  return {
    first,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
