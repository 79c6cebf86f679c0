import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './store.js';
import { describeStoreSuite } from './store-suite.js';
import { definition, execution, seedWaiting, step } from './suite/fixtures.js';
import { useTempDirs } from './suite/temp-dirs.js';

const tempDir = useTempDirs('tern-sqlite-');

const files = new WeakMap<Store, string>();

describeStoreSuite('SQLite store (temp file)', {
  async open() {
    const file = path.join(tempDir(), 'tern.db');
    const store = openSqliteStore(file);
    files.set(store, file);
    return store;
  },
  async openSibling(store) {
    return openSqliteStore(files.get(store)!);
  },
});

describeStoreSuite('SQLite store (:memory:)', { open: async () => openSqliteStore(':memory:') });

/** The database file with its WAL: what the data directory holds. */
const sizeOnDisk = (file: string) => statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

describe('SQLite store on disk', () => {
  test('a new file is in WAL mode with incremental auto-vacuum, in a directory created for it', async () => {
    const file = path.join(tempDir(), 'nested', 'data', 'tern.db');
    const store = openSqliteStore(file);
    await store.workflows.create(definition());
    const probe = new Database(file, { readonly: true });
    try {
      expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(probe.pragma('auto_vacuum', { simple: true })).toBe(2); // 2 = INCREMENTAL
    } finally {
      probe.close();
      await store.close();
    }
  });

  test('data survives a restart, and migrations are applied only once', async () => {
    const file = path.join(tempDir(), 'tern.db');
    const first = openSqliteStore(file);
    const wf = await first.workflows.create(definition('Survivor'));
    await first.close();

    const second = openSqliteStore(file);
    expect(await second.workflows.get(wf.id)).toMatchObject({ name: 'Survivor' });
    await second.close();
    const probe = new Database(file, { readonly: true });
    const journal = fileURLToPath(new URL('../../drizzle/sqlite/meta/_journal.json', import.meta.url));
    const migrations = (JSON.parse(readFileSync(journal, 'utf8')) as { entries: unknown[] }).entries.length;
    expect(probe.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(migrations);
    probe.close();
  });

  test('processes started from another directory open one new file together', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'shared.db');
    const sqliteModule = fileURLToPath(new URL('./sqlite.ts', import.meta.url));
    const script = path.join(dir, 'open.mts');
    writeFileSync(script, [
      `import { openSqliteStore } from ${JSON.stringify(sqliteModule)};`,
      'const store = openSqliteStore(process.argv[2]);',
      "await store.workflows.create({ name: `pid ${process.pid}`, nodes: [], edges: [], settings: { timezone: 'UTC' } });",
      'await store.close();',
    ].join('\n'));
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const run = promisify(execFile);
    // The working directory holds no migrations: they must be found next to the module.
    await Promise.all([1, 2, 3].map(() => run(tsx, [script, file], { cwd: os.tmpdir() })));

    const store = openSqliteStore(file);
    expect((await store.workflows.list({ limit: 10 })).total).toBe(3);
    await store.close();
  });

  test('the WAL is copied back into the database file in the background, without waiting for compact', async () => {
    const file = path.join(tempDir(), 'tern.db');
    const store = openSqliteStore(file);
    const wf = await store.workflows.create(definition());
    for (let i = 0; i < 100; i++) {
      const e = execution(wf.id);
      await store.executions.create(e, [step(e.id, 1, { output: { html: 'x'.repeat(4_000) } })]);
    }
    // Committing never checkpoints by itself below ~40 MB of WAL: what reaches the database file
    // got there through the checkpointer.
    await expect.poll(() => statSync(file).size, { timeout: 5_000, interval: 50 }).toBeGreaterThan(400_000);
    await store.close();
  });

  test('writes take effect in the order they were called, even when nobody awaits in between', async () => {
    const store = openSqliteStore(':memory:');
    const wf = await store.workflows.create(definition());
    const { execution: exec, step: sleeping } = await seedWaiting(store, wf.id, { dueAt: 1_000 });
    // An event resumes the step (its wait ends) just before the timer sweep asks for due waits.
    const ended = store.executions.apply(exec.id, { upsertSteps: [], addWaits: [], removeWaitsForSteps: [sleeping.id] });
    const due = store.executions.resumeDue(5_000, 10);
    await ended;
    expect(await due).toEqual([]);
    await store.close();
  });

  test('close commits the writes still queued', async () => {
    const file = path.join(tempDir(), 'tern.db');
    const store = openSqliteStore(file);
    const pending = store.workflows.create(definition('Last words'));
    await store.close();
    const { id } = await pending;
    const reopened = openSqliteStore(file);
    expect(await reopened.workflows.get(id)).toMatchObject({ name: 'Last words' });
    await reopened.close();
  });

  test('the timestamps the store sets itself come from the clock it is given', async () => {
    const now = new Date('2030-06-01T12:00:00.000Z');
    const store = openSqliteStore(':memory:', { clock: { now: () => now } });
    expect(await store.workflows.create(definition())).toMatchObject({ createdAt: now.toISOString(), updatedAt: now.toISOString() });
    expect(await store.auth.createOwner('owner@example.com', 'h')).toMatchObject({ createdAt: now.toISOString() });
    await store.idempotency.claim('s', 'k', 'e');
    expect(await store.idempotency.pruneBefore('2030-06-01T11:59:59.999Z')).toBe(0);
    expect(await store.idempotency.pruneBefore('2030-06-01T12:00:00.001Z')).toBe(1);
    await store.close();
  });

  test('pruning and compacting keep the database file from growing without bound', async () => {
    const file = path.join(tempDir(), 'tern.db');
    const store = openSqliteStore(file);
    const wf = await store.workflows.create(definition());
    const payload = { html: 'x'.repeat(4_000) };
    const sizes: number[] = [];
    let peak = 0;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 250; i++) {
        const e = execution(wf.id, { status: 'success', finishedAt: '2026-01-05T09:00:05.000Z' });
        await store.executions.create(e, [1, 2, 3, 4].map((seq) => step(e.id, seq, { output: payload })));
      }
      peak = Math.max(peak, sizeOnDisk(file));
      expect(await store.executions.pruneFinished('2026-02-01T00:00:00.000Z', 10_000)).toBe(250);
      await store.compact();
      sizes.push(sizeOnDisk(file));
    }
    await store.close();
    // ~4 MB written and deleted each round; afterwards the file is back to its empty size.
    expect(peak).toBeGreaterThan(4_000_000);
    expect(Math.max(...sizes)).toBeLessThan(peak / 10);
    expect(sizes[3]).toBeLessThanOrEqual(sizes[0]!);
  });
});
