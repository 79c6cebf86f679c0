// Group commit. Every write method of the store is one atomic unit, but the units called in the
// same turn of the event loop share one SQLite transaction, and every promise settles only after
// the COMMIT, so a resolved write is as durable as before. What this saves is the fixed cost of a
// commit (locks, WAL frame headers, index pages that every unit touches written once instead of
// once per unit), which is most of the cost of a step checkpoint when many executions run at once.
// Writes are applied in the order they were called.
//
// A failing unit must fail alone. Units almost never fail, so the transaction first runs them one
// after the other; only when one throws is it rolled back and run again with each unit in its own
// savepoint (rolled back alone, rejected alone). A savepoint per unit on every transaction cost
// about 15 µs per unit: SQLite copies every page a savepoint changes into its sub-journal. This is
// why a unit may run twice: it must change nothing but the database (no state outside it, no
// effect beyond it), which every write method of the store respects.
import type { Db } from './support.js';

/** Turns a synchronous unit of work into a write method of the store. */
export type Write = <A extends unknown[], R>(unit: (...args: A) => R) => (...args: A) => Promise<R>;

export interface WriteQueue {
  write: Write;
  /** Commits what is queued now (before closing the connection). */
  flush(): void;
}

interface Pending {
  unit: (...args: never[]) => unknown;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Bounds how long one transaction holds the write lock that other processes wait for. */
const MAX_UNITS_PER_TRANSACTION = 500;

/** What a unit threw in the first, shared run of a transaction. */
class UnitFailed {
  constructor(readonly error: unknown) {}
}

const run = (u: Pending): unknown => (u.unit as (...args: unknown[]) => unknown)(...u.args);

export function createWriteQueue(db: Db): WriteQueue {
  let queue: Pending[] = [];
  let scheduled = false;

  const shared = db.transaction((units: Pending[]): Outcome[] =>
    units.map((u) => {
      try {
        return { ok: true, value: run(u) };
      } catch (error) {
        throw new UnitFailed(error);
      }
    }),
  );
  // Nested in `isolated`, better-sqlite3 runs this as SAVEPOINT … RELEASE, or ROLLBACK TO on a throw.
  const savepoint = db.transaction(run);
  const isolated = db.transaction((units: Pending[]): Outcome[] =>
    units.map((u) => {
      try {
        return { ok: true, value: savepoint(u) };
      } catch (error) {
        // Some errors (a full disk, an I/O error) end the whole transaction: then nothing commits.
        if (!db.inTransaction) throw error;
        return { ok: false, error };
      }
    }),
  );

  function commit(units: Pending[]): Outcome[] {
    try {
      return shared.immediate(units);
    } catch (error) {
      if (!(error instanceof UnitFailed)) throw error;
      return isolated.immediate(units);
    }
  }

  function flush(): void {
    scheduled = false;
    const units = queue.slice(0, MAX_UNITS_PER_TRANSACTION);
    queue = queue.slice(units.length);
    if (queue.length > 0) schedule();
    if (units.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = commit(units);
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
    write: (unit) => (...args) =>
      new Promise((resolve, reject) => {
        queue.push({ unit, args, resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) schedule();
      }),
    flush() {
      while (queue.length > 0) flush();
    },
  };
}
