// The PostgreSQL store (DATABASE_URL=postgres://…): the same repositories as the SQLite store, on
// a node-postgres pool, for several processes sharing one database. Migrations are applied at open
// (postgres/migrate.ts). Every method is one transaction, or one statement, which is atomic alone.
import pg from 'pg';
import { pgAuth } from './postgres/auth.js';
import { pgContacts } from './postgres/contacts.js';
import { pgCredentials } from './postgres/credentials.js';
import { pgEventWaits } from './postgres/events-waits.js';
import { pgExecutions } from './postgres/executions.js';
import { pgIdempotency } from './postgres/idempotency.js';
import { pgJourneys } from './postgres/journeys.js';
import { pgMessages } from './postgres/messages.js';
import { migrate } from './postgres/migrate.js';
import { pgContactAliases, pgContactChanges, pgScoringRules } from './postgres/scoring.js';
import { pgSegments } from './postgres/segments.js';
import { pgSuppressions } from './postgres/suppressions.js';
import type { Clock, PgContext } from './postgres/support.js';
import { pgWorkflows } from './postgres/workflows.js';
import type { Store } from './store.js';

export interface PostgresStoreOptions {
  /** For the timestamps the store sets itself (workflow versions, keys, users); default: the system clock. */
  clock?: Clock;
  /** The schema that holds Tern's tables, created if missing; default `public`. */
  schema?: string;
  /** Connections in the pool; default 10. */
  poolSize?: number;
}

const systemClock: Clock = { now: () => new Date() };

const JSON_OID = 114;
const JSONB_OID = 3802;
const INT8_OID = 20;

/**
 * JSON columns are read as text and parsed by the shared row mappers, as SQLite's are: node-postgres
 * would parse them itself and read SQL NULL and JSON null both as null. bigint (epoch ms, counts)
 * is read as a number: every value Tern stores in one is far below 2^53.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === JSON_OID || oid === JSONB_OID) return (text: string) => text;
    if (oid === INT8_OID) return Number;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** The URL as it may appear in a message or a log. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL, not a valid URL)';
  }
}

/** Opens a pool on `url` and migrates the schema; the store is ready once this resolves. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    // Every connection finds the tables in the store's schema.
    options: `-c search_path=${schema}`,
  });
  // An idle connection that the server closes (a restart, a failover) must not crash the process:
  // the pool drops it, and the next query opens a new one or reports the error to its caller.
  pool.on('error', () => {});
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end();
    throw new Error(`cannot open the PostgreSQL database at ${withoutPassword(url)}: ${(error as Error).message}`, { cause: error });
  }
  const context: PgContext = { pool, clock: options.clock ?? systemClock };
  const executions = pgExecutions(context);
  let closed = false;
  return {
    kind: 'postgres',
    workflows: pgWorkflows(context),
    executions,
    idempotency: pgIdempotency(context),
    auth: pgAuth(context),
    credentials: pgCredentials(context),
    contacts: pgContacts(context),
    eventWaits: pgEventWaits(context),
    messages: pgMessages(context),
    suppressions: pgSuppressions(context),
    segments: pgSegments(context),
    scoringRules: pgScoringRules(context),
    contactChanges: pgContactChanges(context),
    contactAliases: pgContactAliases(context),
    journeys: pgJourneys(context),
    // Nothing to do: autovacuum makes the space of pruned rows reusable in the background, and
    // VACUUM FULL (which would give it back to the file system) locks the tables while it runs.
    async compact() {},
    async close() {
      if (closed) return;
      closed = true;
      await executions.drain();
      await pool.end();
    },
  };
}
