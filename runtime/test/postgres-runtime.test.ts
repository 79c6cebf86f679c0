// The real runtime and HTTP app on PostgreSQL (DATABASE_URL), in a schema of their own: a webhook
// starts a workflow that waits two days; a second runtime on the same database (another process
// in a scaled-out deployment) resumes it when it falls due and runs it to the end.
// Runs when DATABASE_URL is set, as .ci/run sets it:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from './helpers.js';
import { createTestApp, type TestApp } from './http-app.js';

const url = process.env.DATABASE_URL;
const HOW_TO_ENABLE = 'set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run';
if (!url) console.warn(`PostgreSQL runtime tests skipped: ${HOW_TO_ENABLE}`);

const DAY = 86_400_000;
const schema = `tern_runtime_${process.pid}`;

describe.skipIf(!url)(`the runtime on PostgreSQL (${HOW_TO_ENABLE})`, () => {
  let t: TestApp;
  let second: TestRuntime;
  const admin = url ? new pg.Pool({ connectionString: url, max: 1 }) : null;

  beforeAll(async () => {
    const config = { databaseUrl: url!, databaseSchema: schema };
    t = await createTestApp({ config });
    second = await createTestRuntime({ config, clock: t.clock });
  });
  afterAll(async () => {
    await t?.dispose();
    await second?.dispose();
    await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin?.end();
  });

  it('a webhook run waits on PostgreSQL and another runtime on the same database finishes it when due', async () => {
    expect(t.runtime.store.kind).toBe('postgres');
    const { body: workflow } = await t.api('post', '/api/workflows').send({
      name: 'Welcome, two days later',
      nodes: [
        { id: 'hook', type: 'trigger.webhook', version: 1, params: { path: 'pg-signup', method: 'POST', respond: 'immediately' } },
        { id: 'pause', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: 2, unit: 'days' } },
        { id: 'tag', type: 'data.set', version: 1, params: { values: { welcomed: '{{ trigger.body.email }}' } } },
      ],
      edges: [
        { id: 'e1', source: 'hook', sourcePort: 'out', target: 'pause', targetPort: 'in' },
        { id: 'e2', source: 'pause', sourcePort: 'out', target: 'tag', targetPort: 'in' },
      ],
    }).expect(201);
    await t.api('post', `/api/workflows/${workflow.id}/activate`).expect(200);

    const { body: started } = await t.anonymous('post', '/webhook/pg-signup').send({ email: 'ada@example.com' }).expect(202);
    await t.runtime.runner.idle();
    const waiting = await t.api('get', `/api/executions/${started.executionId}`).expect(200);
    expect(waiting.body).toMatchObject({ status: 'waiting', waits: [expect.objectContaining({ nodeId: 'pause' })] });
    // Written to PostgreSQL, in the runtime's schema: not to a SQLite file.
    const row = await admin!.query(`SELECT status FROM "${schema}".executions WHERE id = $1`, [started.executionId]);
    expect(row.rows).toEqual([{ status: 'waiting' }]);

    t.clock.advance(DAY);
    expect(await second.scheduler.tick()).toBe(0);
    t.clock.advance(DAY);
    expect(await second.scheduler.tick()).toBe(1);
    expect(await t.runtime.scheduler.tick()).toBe(0);
    await second.runner.idle();

    const done = await t.api('get', `/api/executions/${started.executionId}`).expect(200);
    expect(done.body).toMatchObject({ status: 'success', waits: [] });
    expect(done.body.steps.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
      ['hook', 'success'], ['pause', 'success'], ['tag', 'success'],
    ]);
    expect(done.body.steps[2].output).toMatchObject({ welcomed: 'ada@example.com' });
  });
});
