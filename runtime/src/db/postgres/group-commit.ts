// Group commit for PostgreSQL, as sqlite/write-queue.ts does for SQLite: the step checkpoints
// called in one turn of the event loop go to the server as one statement (their rows merged into
// the statement's arrays), so many executions running at once pay one round trip and one commit
// between them instead of one each. Every promise settles after that statement committed.
//
// A failing checkpoint must fail alone: when a merged statement fails, nothing of it was written,
// and each unit runs again on its own, to stand or fall by itself. Units of one key (one
// execution) never share a statement: the second waits for the first, so that they apply in the
// order they were called.

interface Pending<T> {
  unit: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Bounds a statement's size (and the arrays the server unpacks for it). */
const MAX_UNITS_PER_STATEMENT = 200;

export interface GroupCommit<T> {
  /** The method that callers await. */
  write(unit: T): Promise<void>;
  /** Settles once everything queued so far is committed (before closing the pool). */
  drain(): Promise<void>;
}

/**
 * `write(units)` writes the units in one statement, all or nothing; `keyOf` says which units must
 * not share one. Statements go one after the other: while one is on its way, the next gathers
 * every unit that arrives meanwhile.
 */
export function groupCommit<T>(write: (units: T[]) => Promise<unknown>, keyOf: (unit: T) => string): GroupCommit<T> {
  let queue: Array<Pending<T>> = [];
  let scheduled = false;
  let tail: Promise<void> = Promise.resolve();

  /** Splits the queue into statements: in call order, a new one whenever a key repeats. */
  function statements(pending: Array<Pending<T>>): Array<Array<Pending<T>>> {
    const groups: Array<Array<Pending<T>>> = [];
    let current: Array<Pending<T>> = [];
    let keys = new Set<string>();
    for (const p of pending) {
      const key = keyOf(p.unit);
      if (keys.has(key) || current.length >= MAX_UNITS_PER_STATEMENT) {
        groups.push(current);
        current = [];
        keys = new Set();
      }
      current.push(p);
      keys.add(key);
    }
    if (current.length > 0) groups.push(current);
    return groups;
  }

  async function commit(group: Array<Pending<T>>): Promise<void> {
    try {
      await write(group.map((p) => p.unit));
      for (const p of group) p.resolve();
      return;
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
    }
    for (const p of group) {
      try {
        await write([p.unit]);
        p.resolve();
      } catch (error) {
        p.reject(error);
      }
    }
  }

  async function flush(): Promise<void> {
    scheduled = false;
    const pending = queue;
    queue = [];
    for (const group of statements(pending)) await commit(group);
  }

  return {
    write: (unit) => new Promise<void>((resolve, reject) => {
      queue.push({ unit, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        tail = tail.then(flush);
      });
    }),
    drain: async () => {
      while (scheduled || queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
      await tail;
    },
  };
}
