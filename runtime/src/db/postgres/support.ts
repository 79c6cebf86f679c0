// What every PostgreSQL repository uses: its context, transactions that PostgreSQL may ask to
// retry, and advisory locks for the few checks a unique index cannot make.
import type pg from 'pg';
import { clampLimit, pageBounds, toPage } from '../pagination.js';
import type { Clock } from '../sqlite/support.js';
import type { Page, PageRequest } from '../store.js';

export type { Clock };

/** A pool or one of its connections inside a transaction: both answer `query`. */
export type Queryable = pg.Pool | pg.PoolClient;

/** What every repository is built from. */
export interface PgContext {
  pool: pg.Pool;
  clock: Clock;
}

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure
const ATTEMPTS = 3;

export const isUniqueViolation = (error: unknown): error is pg.DatabaseError =>
  (error as { code?: string } | null)?.code === '23505';

/**
 * Runs `fn` again when PostgreSQL aborted it for a deadlock or a serialization failure: such a
 * statement or transaction changed nothing, and every caller's `fn` only touches the database.
 */
export async function retrying<R>(fn: () => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}

/**
 * Runs `fn` in one transaction on one connection (retrying as above). `mode` is what follows
 * BEGIN, e.g. 'ISOLATION LEVEL REPEATABLE READ READ ONLY'.
 */
export function transaction<R>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<R>, mode = ''): Promise<R> {
  return retrying(async () => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(mode ? `BEGIN ${mode}` : 'BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is unusable: the pool must not hand it out again.
        broken = rollbackError as Error;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  });
}

/** Several SELECTs that see one snapshot (what a page and its total need). */
export const readTransaction = <R>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<R>) =>
  transaction(pool, fn, 'ISOLATION LEVEL REPEATABLE READ READ ONLY');

/**
 * Serializes the transactions that take the same named lock, until they end. Scoped to the
 * schema, so that stores in different schemas of one database do not wait for each other.
 */
export async function lockFor(client: pg.PoolClient, name: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':' || $1))", [name]);
}

/** What `keysetPage` reads: rows of `from`, filtered by `where` (its parameters $1…). */
export interface PageQuery<Row> {
  from: string;
  /** The select list; default `*`. */
  select?: string;
  where?: string;
  params?: unknown[];
  /** The sort column and the id that breaks its ties, as named in the row. */
  sort: keyof Row & string;
  id: keyof Row & string;
}

/** A page newest first after the cursor, with the filter's total, in one snapshot. */
export function keysetPage<Row extends pg.QueryResultRow, T>(
  pool: pg.Pool, query: PageQuery<Row>, page: PageRequest, toItem: (row: Row) => T,
): Promise<Page<T>> {
  return readTransaction(pool, async (client) => {
    const limit = clampLimit(page.limit);
    const { sortKey, id } = pageBounds(page.cursor);
    const params = query.params ?? [];
    const where = query.where ?? 'TRUE';
    const [s, n] = [query.sort, params.length];
    const { rows } = await client.query<Row>(
      `SELECT ${query.select ?? '*'} FROM ${query.from} WHERE (${where}) AND ${s} <= $${n + 1} AND (${s} < $${n + 1} OR ${query.id} < $${n + 2})
       ORDER BY ${s} DESC, ${query.id} DESC LIMIT $${n + 3}`,
      [...params, sortKey, id, limit + 1],
    );
    const total = (await client.query<{ count: number }>(`SELECT count(*) FROM ${query.from} WHERE ${where}`, params)).rows[0]!.count;
    return toPage(rows, limit, total, toItem, (r) => ({ sortKey: r[query.sort] as string, id: r[query.id] as string }));
  });
}
