// What every SQLite repository uses: its context, JSON columns, read transactions, page bounds.
import type Database from 'better-sqlite3';
import { type CursorKey, decodeCursor } from '../pagination.js';
import type { Write } from './write-queue.js';

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

/** JSON text for a column; `undefined` becomes SQL NULL (and reads back as `undefined`). */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** For columns whose value is an object or null: null is SQL NULL, not the text `null`. */
export function toJsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function fromJson(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

export function fromJsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** A read transaction: several SELECTs that see one snapshot. */
export function readTx<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  const tx = db.transaction(fn);
  return (...args: A) => tx.deferred(...args);
}

/**
 * The keyset bounds of a page: after the cursor's (sortKey, id), or after everything when there
 * is no cursor ('\uffff' sorts after every ISO timestamp), so one statement serves every page.
 */
export function pageBounds(cursor: string | undefined): CursorKey {
  return decodeCursor(cursor) ?? { sortKey: '\uffff', id: '' };
}
