// An existing database (made before contacts existed) gains the contacts and events tables when
// this version opens it, keeping its data.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, expect, it } from 'vitest';
import { openSqliteStore } from '../src/db/sqlite.js';
import { definition } from '../src/db/suite/fixtures.js';

const MIGRATIONS = fileURLToPath(new URL('../drizzle/sqlite', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The migrations folder as it was at the first release: only 0000_init. */
function initialMigrations(dir: string): string {
  const folder = path.join(dir, 'migrations');
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.filter((e) => e.tag === '0000_init');
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

it('migrates a database from before contacts, keeping its workflows', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tern-migrate-'));
  dirs.push(dir);
  const file = path.join(dir, 'tern.db');
  const old = new Database(file);
  migrate(drizzle(old), { migrationsFolder: initialMigrations(dir) });
  old.prepare(`INSERT INTO workflows (id, name, active, version, definition, created_at, updated_at)
    VALUES ('wf-old', 'Old journey', 0, 1, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`).run(JSON.stringify(definition('Old journey')));
  expect(old.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'contacts'").pluck().get()).toBe(0);
  old.close();

  const store = openSqliteStore(file);
  try {
    expect(await store.workflows.get('wf-old')).toMatchObject({ name: 'Old journey' });
    const contact = {
      id: 'c1', email: 'ada@example.com', phone: null, firstName: 'Ada', lastName: null, timezone: null, locale: null,
      tags: [], score: 0, fields: {}, consent: {}, createdAt: '2026-01-05T00:00:00.000Z', updatedAt: '2026-01-05T00:00:00.000Z',
    };
    expect(await store.contacts.create(contact)).toEqual({ ok: true });
    expect(await store.contacts.findByEmail('ada@example.com')).toEqual(contact);
  } finally {
    await store.close();
  }
});
