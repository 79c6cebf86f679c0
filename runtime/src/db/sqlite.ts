// The embedded SQLite store: one better-sqlite3 connection, migrated at open, whose writes are
// group-committed (sqlite/write-queue.ts) and whose WAL is checkpointed by a worker thread.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sqliteAuth } from './sqlite/auth.js';
import { startCheckpointer } from './sqlite/checkpointer.js';
import { sqliteContacts } from './sqlite/contacts.js';
import { sqliteCredentials } from './sqlite/credentials.js';
import { sqliteEventWaits } from './sqlite/events-waits.js';
import { sqliteExecutions } from './sqlite/executions.js';
import { sqliteIdempotency } from './sqlite/idempotency.js';
import { sqliteMessages } from './sqlite/messages.js';
import { sqliteSuppressions } from './sqlite/suppressions.js';
import { sqliteSegments } from './sqlite/segments.js';
import { sqliteContactAliases, sqliteContactChanges, sqliteScoringRules } from './sqlite/scoring.js';
import { sqliteJourneys } from './sqlite/journeys.js';
import type { Clock, Db } from './sqlite/support.js';
import { sqliteWorkflows } from './sqlite/workflows.js';
import { createWriteQueue } from './sqlite/write-queue.js';
import type { Store } from './store.js';

/** Relative to this module, so that the store opens from any working directory. */
const MIGRATIONS = fileURLToPath(new URL('../../drizzle/sqlite', import.meta.url));

const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;
const COMPACT_ATTEMPTS = 20;
/** ~40 MB of WAL at the default 4 KiB page size. */
const FALLBACK_CHECKPOINT_PAGES = 10_000;
/** SQLite's own default, for when the checkpointer is gone. */
const DEFAULT_CHECKPOINT_PAGES = 1_000;

export interface SqliteStoreOptions {
  /** For the timestamps the store sets itself (workflow versions, keys, users); default: the system clock. */
  clock?: Clock;
}

const systemClock: Clock = { now: () => new Date() };

/** Opens (creating if need be) the database at `file`, or a private one for `:memory:`. */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const clock = options.clock ?? systemClock;
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  try {
    configure(db);
    migrateWithRetry(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const checkpointer = file === ':memory:' ? null : startCheckpointer(file, () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_CHECKPOINT_PAGES}`);
  });
  const writes = createWriteQueue(db);
  const context = { db, write: writes.write, clock };
  return {
    kind: 'sqlite',
    workflows: sqliteWorkflows(context),
    executions: sqliteExecutions(context),
    idempotency: sqliteIdempotency(context),
    auth: sqliteAuth(context),
    credentials: sqliteCredentials(context),
    contacts: sqliteContacts(context),
    eventWaits: sqliteEventWaits(context),
    messages: sqliteMessages(context),
    suppressions: sqliteSuppressions(context),
    segments: sqliteSegments(context),
    scoringRules: sqliteScoringRules(context),
    contactChanges: sqliteContactChanges(context),
    contactAliases: sqliteContactAliases(context),
    journeys: sqliteJourneys(context),
    async compact() {
      // Vacuum first: it frees pages through the WAL, and the checkpoint then writes them back
      // and truncates both the database file and the WAL.
      db.exec('PRAGMA incremental_vacuum');
      for (let attempt = 1; ; attempt++) {
        const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
        // Busy while another connection (the checkpointer, another process) checkpoints.
        if (result?.busy === 0 || attempt === COMPACT_ATTEMPTS) return;
        await setTimeout(50);
      }
    },
    async close() {
      if (!db.open) return;
      writes.flush();
      await checkpointer?.stop();
      db.close();
    },
  };
}

function configure(db: Db): void {
  // First, so that even switching to WAL waits for another process opening the file at once.
  db.pragma('busy_timeout = 5000');
  // auto_vacuum only takes effect while the file has no table yet, so it comes before the
  // migrations; on an existing file it changes nothing (and needs no VACUUM: Tern made it so).
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL is durable against application crashes; a power cut may lose the last
  // commits but never corrupts the file.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  // The checkpointer worker keeps the WAL short; committing connections step in only if it falls
  // far behind.
  db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
}

/**
 * drizzle's migrator reads the applied migrations before it opens its transaction, so two
 * processes opening a new file at once can both try to create the tables (seen with four threads
 * opening one new file together). The loser's transaction rolls back; a second pass then sees the
 * winner's migrations and has nothing left to do.
 */
function migrateWithRetry(db: Db, attempts = 3): void {
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(drizzle(db), { migrationsFolder: MIGRATIONS });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}
