// The store suite against a real PostgreSQL server, each test in a fresh schema (dropped after).
// Runs when DATABASE_URL is set, as .ci/run sets it:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test
import pg from 'pg';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { openPostgresStore } from './postgres.js';
import { resolveSegmentRules } from './segment-rules.js';
import type { StateDelta, Store } from './store.js';
import { describeStoreSuite } from './store-suite.js';
import { contact } from './suite/contacts.js';
import { definition, execution, seedWaiting, step, wait } from './suite/fixtures.js';

const url = process.env.DATABASE_URL;
const HOW_TO_ENABLE = 'set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run';
if (!url) console.warn(`PostgreSQL store tests skipped: ${HOW_TO_ENABLE}`);

const schemas = new WeakMap<Store, string>();
const opened: string[] = [];
let counter = 0;

async function openFresh(options: Parameters<typeof openPostgresStore>[1] = {}): Promise<Store> {
  const schema = `tern_test_${process.pid}_${++counter}`;
  opened.push(schema);
  const store = await openPostgresStore(url!, { ...options, schema });
  schemas.set(store, schema);
  return store;
}

describe.skipIf(!url)(`PostgreSQL store (${HOW_TO_ENABLE})`, () => {
  const admin = url ? new pg.Pool({ connectionString: url, max: 2 }) : null;
  // After the suite's own afterEach has closed the test's stores.
  afterEach(async () => {
    for (const schema of opened.splice(0)) await admin!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
  afterAll(async () => {
    await admin?.end();
  });

  describeStoreSuite('PostgreSQL store (a schema per test)', {
    open: () => openFresh(),
    openSibling: (store) => openPostgresStore(url!, { schema: schemas.get(store)! }),
  });

  describe('PostgreSQL store at open', () => {
    // Every store a test opens here is closed after it (before its schema is dropped).
    const stores: Store[] = [];
    const track = async (opening: Promise<Store>) => {
      const store = await opening;
      stores.push(store);
      return store;
    };
    const fresh = (options?: Parameters<typeof openPostgresStore>[1]) => track(openFresh(options));
    const sibling = (store: Store) => track(openPostgresStore(url!, { schema: schemas.get(store)! }));
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
    });

    test('stores opening one new schema at once migrate it once, and all of them work', async () => {
      const schema = `tern_test_${process.pid}_${++counter}`;
      opened.push(schema);
      const together = await Promise.all([1, 2, 3, 4].map(() => track(openPostgresStore(url!, { schema }))));
      await Promise.all(together.map((s, i) => s.workflows.create(definition(`opened by ${i}`))));
      expect((await together[0]!.workflows.list({ limit: 10 })).total).toBe(4);
      const applied = await admin!.query(`SELECT count(*)::int AS n FROM "${schema}"."__drizzle_migrations"`);
      expect(applied.rows[0].n).toBeGreaterThan(0);
      await track(openPostgresStore(url!, { schema }));
      const after = await admin!.query(`SELECT count(*)::int AS n FROM "${schema}"."__drizzle_migrations"`);
      expect(after.rows[0].n).toBe(applied.rows[0].n);
    });

    test('data survives closing and opening again', async () => {
      const store = await fresh();
      const wf = await store.workflows.create(definition('Survivor'));
      const { execution } = await seedWaiting(store, wf.id, { dueAt: 1_000 });
      await store.close();
      const reopened = await sibling(store);
      expect(await reopened.workflows.get(wf.id)).toMatchObject({ name: 'Survivor' });
      expect(await reopened.executions.resumeDue(1_000, 10)).toEqual([execution.id]);
    });

    test('the timestamps the store sets itself come from the clock it is given', async () => {
      const now = new Date('2030-06-01T12:00:00.000Z');
      const store = await fresh({ clock: { now: () => now } });
      expect(await store.workflows.create(definition())).toMatchObject({ createdAt: now.toISOString(), updatedAt: now.toISOString() });
      expect(await store.auth.createOwner('owner@example.com', 'h')).toMatchObject({ createdAt: now.toISOString() });
      await store.idempotency.claim('s', 'k', 'e');
      expect(await store.idempotency.pruneBefore('2030-06-01T11:59:59.999Z')).toBe(0);
      expect(await store.idempotency.pruneBefore('2030-06-01T12:00:00.001Z')).toBe(1);
    });

    test('a payload PostgreSQL\'s jsonb would refuse (\\u0000) is kept as written', async () => {
      const store = await fresh();
      const wf = await store.workflows.create(definition());
      const { execution } = await seedWaiting(store, wf.id, { state: { note: 'nul \u0000 inside' } });
      expect((await store.executions.waitsOf(execution.id))[0]?.state).toEqual({ note: 'nul \u0000 inside' });
    });

    test('processes creating contacts with one email at once make one contact, and the others name it', async () => {
      const store = await fresh();
      const other = await sibling(store);
      const contact = (n: number) => ({
        id: `c${n}`, email: 'ada@example.com', phone: null, firstName: null, lastName: null, timezone: null, locale: null,
        tags: [], score: 0, fields: {}, consent: {}, createdAt: '2026-01-05T09:00:00.000Z', updatedAt: '2026-01-05T09:00:00.000Z',
      });
      const results = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((n) => (n % 2 ? other : store).contacts.create(contact(n))));
      const winners = results.flatMap((r, n) => (r.ok ? [`c${n}`] : []));
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual(Array(7).fill({ ok: false, conflictId: winners[0] }));
    });

    test('two processes activating workflows on one route at once: one holds it, the other is told who', async () => {
      const store = await fresh();
      const other = await sibling(store);
      const [a, b] = [await store.workflows.create(definition('A')), await store.workflows.create(definition('B'))];
      const [ra, rb] = await Promise.all([
        store.workflows.activate(a.id, [{ path: 'signup', method: 'POST', nodeId: 'signup' }]),
        other.workflows.activate(b.id, [{ path: 'signup', method: 'ANY', nodeId: 'signup' }]),
      ]);
      expect([ra.ok, rb.ok].sort()).toEqual([false, true]);
      const winner = ra.ok ? a.id : b.id;
      expect(ra.ok ? rb : ra).toMatchObject({ ok: false, conflict: { path: 'signup', workflowId: winner } });
      expect(await store.workflows.findWebhook('signup', 'POST')).toMatchObject({ workflowId: winner });
    });

    test('two processes refreshing one contact\'s segments at once report its entry once', async () => {
      const store = await fresh();
      const other = await sibling(store);
      const at = { now: new Date('2026-01-05T09:00:00.000Z') };
      const ada = contact({ score: 0 });
      await store.contacts.create(ada);
      const rules = resolveSegmentRules({ match: 'all', rules: [{ field: 'contact.score', op: 'gte', value: 50 }] });
      if ('problems' in rules) throw new Error(JSON.stringify(rules.problems));
      const createdAt = at.now.toISOString();
      await store.segments.create({ id: 'hot', name: 'Hot', description: null, rules: rules.rules, createdAt, updatedAt: createdAt }, at);
      await store.contacts.ingest([{ contact: { ...ada, score: 90 }, isNew: false }], []);
      const reports = await Promise.all([1, 2, 3, 4].map((n) => (n % 2 ? other : store).segments.refreshContacts([ada.id], at)));
      expect(reports.flat()).toEqual([{ segmentId: 'hot', segmentName: 'Hot', contactId: ada.id, change: 'entered' }]);
      expect(await store.segments.get('hot')).toMatchObject({ count: 1 });
    });

    test('writes of one moment share a statement, yet one the database refuses fails alone', async () => {
      const store = await fresh();
      const wf = await store.workflows.create(definition());
      const good = execution(wf.id);
      await store.executions.create(good, [step(good.id, 1, { status: 'running' })]);
      const [ok, refused] = await Promise.allSettled([
        store.executions.apply(good.id, { upsertSteps: [step(good.id, 1)], addWaits: [], removeWaitsForSteps: [], execution: { status: 'success' } }),
        // No such execution: the foreign key refuses the step.
        store.executions.apply('missing', { upsertSteps: [step('missing', 1)], addWaits: [], removeWaitsForSteps: [] }),
      ]);
      expect([ok.status, refused.status]).toEqual(['fulfilled', 'rejected']);
      expect(await store.executions.load(good.id)).toEqual({ execution: { ...good, status: 'success' }, steps: [step(good.id, 1)] });

      const next = execution(wf.id);
      const [created, duplicate] = await Promise.allSettled([
        store.executions.create(next, [step(next.id, 1)]),
        store.executions.create(good, []),
      ]);
      expect([created.status, duplicate.status]).toEqual(['fulfilled', 'rejected']);
      expect(await store.executions.load(next.id)).toEqual({ execution: next, steps: [step(next.id, 1)] });
    });

    test('checkpoints of one execution called at once apply in the order they were called', async () => {
      const store = await fresh();
      const wf = await store.workflows.create(definition());
      const exec = execution(wf.id);
      const sleeping = step(exec.id, 2, { status: 'waiting' });
      await store.executions.create(exec, [step(exec.id, 1), sleeping]);
      const waits = async (delta: Partial<StateDelta>) =>
        store.executions.apply(exec.id, { upsertSteps: [], addWaits: [], removeWaitsForSteps: [], ...delta });
      await Promise.all([waits({ addWaits: [wait(sleeping)] }), waits({ removeWaitsForSteps: [sleeping.id] })]);
      expect(await store.executions.waitsOf(exec.id)).toEqual([]);
      await Promise.all([waits({ removeWaitsForSteps: [sleeping.id] }), waits({ addWaits: [wait(sleeping)] })]);
      expect(await store.executions.waitsOf(exec.id)).toEqual([wait(sleeping)]);
    });

    test('close commits the checkpoints still queued', async () => {
      const store = await fresh();
      const wf = await store.workflows.create(definition());
      const exec = execution(wf.id);
      await store.executions.create(exec, [step(exec.id, 1, { status: 'running' })]);
      const pending = store.executions.apply(exec.id, { upsertSteps: [], addWaits: [], removeWaitsForSteps: [], execution: { status: 'success' } });
      await store.close();
      await pending;
      const reopened = await sibling(store);
      expect(await reopened.executions.get(exec.id)).toMatchObject({ status: 'success' });
    });

    test('a server that cannot be reached is named in the error, without the password', async () => {
      const error = await openPostgresStore('postgres://tern:hunter2@127.0.0.1:1/tern').catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/^cannot open the PostgreSQL database at postgres:\/\/tern:\*\*\*@127\.0\.0\.1:1\/tern: /);
      expect((error as Error).message).not.toContain('hunter2');
    });

    test('a schema name that is not a plain identifier is refused before anything is created', async () => {
      await expect(openPostgresStore(url!, { schema: 'x"; DROP TABLE users; --' })).rejects.toThrow(/invalid schema name/);
    });
  });
});
