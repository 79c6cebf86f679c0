// Applies the generated migrations (runtime/drizzle/pg) at open, in the store's schema, under an
// advisory lock: two processes opening one new database at once take turns, and the second finds
// nothing left to do. The bookkeeping table is drizzle's own (`__drizzle_migrations`: hash and
// folder time of each applied migration), kept in the store's schema rather than drizzle's
// default `drizzle` schema, so that a schema holds one whole Tern database.
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type pg from 'pg';

/** Relative to this module, so that the store opens from any working directory. */
const MIGRATIONS = fileURLToPath(new URL('../../../drizzle/pg', import.meta.url));

/** drizzle-kit writes foreign keys as REFERENCES "public"."table"; they belong in the store's schema. */
const GENERATED_SCHEMA = '"public".';

export async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS });
  const client = await pool.connect();
  const lock = `tern:migrate:${schema}`;
  try {
    // A session lock, held across the transaction below and released whatever happens.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
    try {
      const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (exists.rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`CREATE TABLE IF NOT EXISTS "${schema}"."__drizzle_migrations" (
        id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
      const { rows } = await client.query<{ created_at: number }>(
        `SELECT created_at FROM "${schema}"."__drizzle_migrations" ORDER BY created_at DESC LIMIT 1`,
      );
      const last = rows[0]?.created_at ?? -1;
      const pending = migrations.filter((m) => m.folderMillis > last);
      if (pending.length === 0) return;
      await client.query('BEGIN');
      try {
        for (const migration of pending) {
          for (const statement of migration.sql) {
            if (statement.trim()) await client.query(statement.replaceAll(GENERATED_SCHEMA, `"${schema}".`));
          }
          await client.query(`INSERT INTO "${schema}"."__drizzle_migrations" (hash, created_at) VALUES ($1, $2)`, [
            migration.hash, migration.folderMillis,
          ]);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]);
    }
  } finally {
    client.release();
  }
}
