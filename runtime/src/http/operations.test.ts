// For operators: GET /metrics in Prometheus text format (what ran, how long steps took, what
// waits) and GET /api/ready, both reachable without an API key; the metrics behind a token when
// TERN_METRICS_TOKEN is set.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/http-app.js';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

/** Webhook → set → delay of a day: the execution ends up waiting. */
const delayed = {
  name: 'Delayed',
  nodes: [
    { id: 'hook', type: 'trigger.webhook', version: 1, params: { path: 'metrics-test', method: 'POST', respond: 'immediately' } },
    { id: 'tag', type: 'data.set', version: 1, params: { values: { plan: '{{ trigger.body.plan }}' } } },
    { id: 'later', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: 1, unit: 'days' } },
  ],
  edges: [
    { id: 'e1', source: 'hook', sourcePort: 'out', target: 'tag', targetPort: 'in' },
    { id: 'e2', source: 'tag', sourcePort: 'out', target: 'later', targetPort: 'in' },
  ],
};

/** The value of one sample line, e.g. `tern_executions_started_total{mode="webhook"}`. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('GET /metrics', () => {
  it('counts executions by mode and status, times steps per node type and webhooks per status, and reads waiting executions from the database', async () => {
    t = await createTestApp();
    const id = (await t.api('post', '/api/workflows').send(delayed).expect(201)).body.id;
    await t.api('post', `/api/workflows/${id}/activate`).expect(200);
    const started = await t.anonymous('post', '/webhook/metrics-test').send({ plan: 'pro' }).expect(202);
    await t.runtime.runner.settled(started.body.executionId, 5_000);
    await t.api('post', `/api/workflows/${id}/run?wait=true`).send({ body: { plan: 'free' } }).expect(200);
    await t.anonymous('post', '/webhook/no-such-path').send({}).expect(404);

    const res = await t.anonymous('get', '/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(sample(text, 'tern_executions_started_total{mode="webhook"}')).toBe(1);
    expect(sample(text, 'tern_executions_started_total{mode="manual"}')).toBe(1);
    expect(sample(text, 'tern_executions_waiting')).toBe(2);
    expect(sample(text, 'tern_step_duration_seconds_count{node_type="data.set",outcome="ok"}')).toBe(2);
    expect(sample(text, 'tern_step_duration_seconds_count{node_type="trigger.webhook",outcome="ok"}')).toBe(2);
    expect(sample(text, 'tern_webhook_duration_seconds_count{status="202"}')).toBe(1);
    expect(sample(text, 'tern_webhook_duration_seconds_count{status="404"}')).toBe(1);
    expect(sample(text, 'tern_process_resident_memory_bytes')).toBeGreaterThan(0);

    // The delay falls due: both executions finish, and are counted once each.
    t.clock.advance(25 * 3600_000);
    await t.runtime.scheduler.tick();
    await t.runtime.runner.idle();
    const after = (await t.anonymous('get', '/metrics').expect(200)).text;
    expect(sample(after, 'tern_executions_finished_total{status="success"}')).toBe(2);
    expect(sample(after, 'tern_executions_waiting')).toBe(0);
    expect(sample(after, 'tern_executions_started_total{mode="webhook"}')).toBe(1);
  });

  it('asks for the bearer token when TERN_METRICS_TOKEN is set', async () => {
    t = await createTestApp({ config: { metricsToken: 'scrape-me' } });
    const refused = await t.anonymous('get', '/metrics').expect(401);
    expect(refused.body.error.message).toMatch(/TERN_METRICS_TOKEN/);
    await t.anonymous('get', '/metrics').set('Authorization', 'Bearer wrong-token').expect(401);
    // An API key is not the metrics token.
    await t.api('get', '/metrics').expect(401);
    const ok = await t.anonymous('get', '/metrics').set('Authorization', 'Bearer scrape-me').expect(200);
    expect(ok.text).toContain('tern_executions_waiting');
  });
});

describe('GET /api/ready', () => {
  it('answers without a key while the database answers, and 503 when it does not', async () => {
    t = await createTestApp();
    expect((await t.anonymous('get', '/api/ready').expect(200)).body).toEqual({ status: 'ready', database: 'ok' });
    await t.runtime.store.close();
    const down = await t.anonymous('get', '/api/ready').expect(503);
    expect(down.body.status).toBe('unavailable');
  });
});
