// Group commit. Every write method of the store is one atomic unit, but the units called in the
// same turn of the event loop share one SQLite transaction: each runs in its own savepoint (a
// failing one is rolled back alone and rejects alone), and every promise settles only after the
// COMMIT, so a resolved write is as durable as before. What this saves is the fixed cost of a
// commit (locks, WAL frame headers, index pages that every unit touches written once instead of
// once per unit), which is most of the cost of a step checkpoint when many executions run at once.
// Writes are applied in the order they were called.
import type { Db } from './support.js';

/** Turns a synchronous unit of work into a write method of the store. */
export type Write = <A extends unknown[], R>(unit: (...args: A) => R) => (...args: A) => Promise<R>;

export interface WriteQueue {
  write: Write;
  /** Commits what is queued now (before closing the connection). */
  flush(): void;
}

interface Pending {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Bounds how long one transaction holds the write lock that other processes wait for. */
const MAX_UNITS_PER_TRANSACTION = 500;

export function createWriteQueue(db: Db): WriteQueue {
  let queue: Pending[] = [];
  let scheduled = false;

  // Nested in `batch`, better-sqlite3 runs this as SAVEPOINT … RELEASE, or ROLLBACK TO on a throw.
  const unit = db.transaction((run: () => unknown) => run());
  const batch = db.transaction((units: Pending[]): Outcome[] =>
    units.map((u) => {
      try {
        return { ok: true, value: unit(u.run) };
      } catch (error) {
        // Some errors (a full disk, an I/O error) end the whole transaction: then nothing commits.
        if (!db.inTransaction) throw error;
        return { ok: false, error };
      }
    }),
  );

  function flush(): void {
    scheduled = false;
    const units = queue.slice(0, MAX_UNITS_PER_TRANSACTION);
    queue = queue.slice(units.length);
    if (queue.length > 0) schedule();
    if (units.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = batch.immediate(units);
    } catch (error) {
      for (const u of units) u.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? units[i]!.resolve(outcome.value) : units[i]!.reject(outcome.error)));
  }

  function schedule(): void {
    scheduled = true;
    setImmediate(flush);
  }

  return {
    write: (run) => (...args) =>
      new Promise((resolve, reject) => {
        queue.push({ run: () => run(...args), resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) schedule();
      }),
    flush() {
      while (queue.length > 0) flush();
    },
  };
}
