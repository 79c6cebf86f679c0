// Keeps the database from growing without bound: prunes finished executions past their age and old
// idempotency keys, then checkpoints the WAL and hands free pages back. Waiting and running
// executions are never pruned.
import type { Logger } from 'pino';
import type { Store } from '../db/store.js';
import type { Clock } from '../runtime.js';

const DAY_MS = 86_400_000;
const BATCH = 1_000;
/** Idempotency keys are kept for a day: long enough for any sender's retries. */
const IDEMPOTENCY_KEEP_MS = DAY_MS;

export interface RetentionOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  maxAgeDays: number;
}

export async function pruneOnce({ store, clock, log, maxAgeDays }: RetentionOptions): Promise<number> {
  const now = clock.now().getTime();
  const before = new Date(now - maxAgeDays * DAY_MS).toISOString();
  let pruned = 0;
  for (;;) {
    const n = await store.executions.pruneFinished(before, BATCH);
    pruned += n;
    if (n < BATCH) break;
  }
  await store.idempotency.pruneBefore(new Date(now - IDEMPOTENCY_KEEP_MS).toISOString());
  await store.contactChanges.pruneBefore(new Date(now - IDEMPOTENCY_KEEP_MS).toISOString());
  await store.compact();
  if (pruned > 0) log.info({ pruned, before }, 'pruned finished executions');
  return pruned;
}

/** The first pass waits a minute, so that start-up (recovery, the first requests) goes first. */
const FIRST_PASS_DELAY_MS = 60_000;

/** Prunes a minute after start, then every `intervalMs`. Returns a function that stops it. */
export function scheduleRetention(options: RetentionOptions, intervalMs = 3_600_000): () => void {
  const run = () => pruneOnce(options).catch((err: unknown) => options.log.error({ err }, 'pruning failed'));
  let timer = setTimeout(() => {
    void run();
    timer = setInterval(run, intervalMs);
    timer.unref();
  }, Math.min(FIRST_PASS_DELAY_MS, intervalMs));
  timer.unref();
  return () => clearTimeout(timer);
}
