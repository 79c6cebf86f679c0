// What every SQLite repository uses: its context, JSON columns (rows/json.ts), read transactions, page
// bounds (pagination.ts).
import type Database from 'better-sqlite3';
import type { Write } from './write-queue.js';

export { pageBounds } from '../pagination.js';
export { fromJson, fromJsonOrNull, toJson, toJsonOrNull } from '../rows/json.js';

export type Db = Database.Database;

/** Where the store takes "now" from for the timestamps it sets itself (tests pass a fake clock). */
export interface Clock {
  now(): Date;
}

/** What every repository is built from. */
export interface SqliteContext {
  db: Db;
  /** Wraps a unit of writes into an atomic, group-committed store method (write-queue.ts). */
  write: Write;
  clock: Clock;
}

/** A read transaction: several SELECTs that see one snapshot. */
export function readTx<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  const tx = db.transaction(fn);
  return (...args: A) => tx.deferred(...args);
}
