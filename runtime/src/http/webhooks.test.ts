import { createHmac } from 'node:crypto';
import type { HttpService } from '@tern/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, webhookWorkflow } from '../../test/http-app.js';

let t: TestApp;
/** An outgoing HTTP service that answers after 300 ms: long enough to outlast a short webhook timeout. */
const slowHttp: HttpService = {
  request: () => new Promise((resolve) => setTimeout(() => resolve({ status: 200, headers: {}, body: { slow: true } }), 300)),
};

beforeAll(async () => {
  t = await createTestApp({ http: slowHttp, config: { bodyLimitBytes: 16 * 1024, webhookTimeoutMs: 2_000 } });
});
afterAll(() => t.dispose());

async function activate(definition: object): Promise<string> {
  const { body } = await t.api('post', '/api/workflows').send(definition).expect(201);
  await t.api('post', `/api/workflows/${body.id}/activate`).expect(200);
  return body.id as string;
}

async function executionsOf(workflowId: string) {
  await t.runtime.runner.idle();
  return (await t.runtime.store.executions.list({ workflowId }, { limit: 100 })).items;
}

const twoNodes = (path: string, hook: Record<string, unknown>, next: Record<string, unknown>) => ({
  name: `Flow ${path}`,
  nodes: [{ id: 'hook', type: 'trigger.webhook', version: 1, params: { path, method: 'POST', ...hook } }, { id: 'next', version: 1, ...next }],
  edges: [{ id: 'e1', source: 'hook', sourcePort: 'out', target: 'next', targetPort: 'in' }],
});

describe('webhooks that respond immediately', () => {
  it('answer 202 with the execution id and record the call as the trigger payload', async () => {
    const id = await activate(twoNodes('signup', { respond: 'immediately' }, { type: 'data.set', params: { values: { ok: true } } }));
    const res = await t.anonymous('post', '/webhook/signup?source=ad').set('X-Custom', 'yes').send({ email: 'ada@example.com' }).expect(202);
    expect(res.body).toEqual({ executionId: expect.any(String) });
    expect(res.headers['x-tern-execution-id']).toBe(res.body.executionId);

    const [execution] = await executionsOf(id);
    expect(execution).toMatchObject({ id: res.body.executionId, mode: 'webhook', status: 'success' });
    expect(execution!.trigger).toMatchObject({
      body: { email: 'ada@example.com' }, query: { source: 'ad' }, method: 'POST', path: 'signup',
      headers: expect.objectContaining({ 'x-custom': 'yes' }),
    });
  });

  it('parse form and text bodies by their content type, and take nested paths', async () => {
    const id = await activate(twoNodes('forms/contact', { respond: 'immediately' }, { type: 'data.set', params: { values: {} } }));
    await t.anonymous('post', '/webhook/forms/contact').type('form').send('name=Ada&tag=a&tag=b').expect(202);
    await t.anonymous('post', '/webhook/forms/contact').set('Content-Type', 'text/plain').send('hello').expect(202);
    const bodies = (await executionsOf(id)).map((e) => (e.trigger as { body: unknown }).body);
    expect(bodies).toContainEqual({ name: 'Ada', tag: ['a', 'b'] });
    expect(bodies).toContain('hello');
  });

  it('answer 404 for an unknown or inactive path and 405 for a wrong method', async () => {
    const id = await activate(twoNodes('orders-405', { respond: 'immediately' }, { type: 'data.set', params: { values: {} } }));
    const wrong = await t.anonymous('get', '/webhook/orders-405').expect(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(wrong.body.error.code).toBe('method_not_allowed');
    expect((await t.anonymous('post', '/webhook/nothing-here').send({}).expect(404)).body.error.code).toBe('not_found');

    await t.api('post', `/api/workflows/${id}/deactivate`).expect(200);
    await t.anonymous('post', '/webhook/orders-405').send({}).expect(404);
    expect(await executionsOf(id)).toHaveLength(0);
  });

  it('refuse a body over the limit with 413 and malformed JSON with 400, starting nothing', async () => {
    const id = await activate(twoNodes('big', { respond: 'immediately' }, { type: 'data.set', params: { values: {} } }));
    const big = await t.anonymous('post', '/webhook/big').send({ blob: 'x'.repeat(20 * 1024) }).expect(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const bad = await t.anonymous('post', '/webhook/big').set('Content-Type', 'application/json').send('{"a":').expect(400);
    expect(bad.body.error.code).toBe('invalid_json');
    expect(await executionsOf(id)).toHaveLength(0);
  });
});

describe('webhooks that respond when done', () => {
  it('answer with the http.respond output, dropping headers a workflow may not set', async () => {
    await activate(webhookWorkflow('greet'));
    const res = await t.anonymous('post', '/webhook/greet').send({ name: 'Ada' }).expect(201);
    expect(res.body).toEqual({ hello: 'Ada' });
    expect(res.headers['x-greeting']).toBe('hi');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['content-security-policy']).toMatch(/sandbox/);
  });

  it("answer the last node's output when no node responds", async () => {
    await activate(twoNodes('last', { respond: 'when_done' }, { type: 'data.set', params: { values: { total: '{{ trigger.body.n }}' } } }));
    const res = await t.anonymous('post', '/webhook/last').send({ n: 3 }).expect(200);
    expect(res.body).toEqual({ total: 3 });
  });

  it("answer 500 with the failing node's message", async () => {
    const id = await activate(twoNodes('fails', { respond: 'when_done' },
      { type: 'http.request', params: { url: 'https://api.example.com/x', credential: 'no-such-credential' } }));
    const res = await t.anonymous('post', '/webhook/fails').send({}).expect(500);
    expect(res.body.error.code).toBe('execution_failed');
    expect(res.body.error.message).toContain('no-such-credential');
    expect(res.body.error.details[0]).toMatchObject({ nodeId: 'next', executionId: (await executionsOf(id))[0]!.id });
  });

  it('answer 504 with the execution id when the workflow takes longer than the timeout', async () => {
    const quick = await createTestApp({ http: slowHttp, config: { webhookTimeoutMs: 50 } });
    try {
      const { body } = await quick.api('post', '/api/workflows')
        .send(twoNodes('slow', { respond: 'when_done' }, { type: 'http.request', params: { url: 'https://api.example.com/slow' } }))
        .expect(201);
      await quick.api('post', `/api/workflows/${body.id}/activate`).expect(200);
      const res = await quick.anonymous('post', '/webhook/slow').send({}).expect(504);
      expect(res.body.error.code).toBe('timeout');
      expect(res.body.error.details[0].executionId).toBe(res.headers['x-tern-execution-id']);
      await quick.runtime.runner.idle();
    } finally {
      await quick.dispose();
    }
  });
});

describe('webhook authentication', () => {
  const secret = 'gh-webhook-secret';
  const sign = (body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('rejects a bad HMAC signature with 401 and accepts a good one', async () => {
    const id = await activate(twoNodes('github', { respond: 'immediately', auth: { type: 'hmac', preset: 'github', secret } },
      { type: 'data.set', params: { values: {} } }));
    const payload = JSON.stringify({ action: 'opened' });

    const bad = await t.anonymous('post', '/webhook/github').set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', sign(`${payload} `)).send(payload).expect(401);
    expect(bad.body.error.message).toMatch(/does not match/);
    await t.anonymous('post', '/webhook/github').set('Content-Type', 'application/json').send(payload).expect(401);
    expect(await executionsOf(id)).toHaveLength(0);

    await t.anonymous('post', '/webhook/github').set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', sign(payload)).send(payload).expect(202);
    expect(await executionsOf(id)).toHaveLength(1);
  });

  it('refuses callers outside the IP allow-list with 403', async () => {
    await activate(twoNodes('allow', { respond: 'immediately', allowIps: ['203.0.113.0/24'] }, { type: 'data.set', params: { values: {} } }));
    const res = await t.anonymous('post', '/webhook/allow').send({}).expect(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('Idempotency-Key', () => {
  it('returns the first result to a retried delivery and starts one execution', async () => {
    const id = await activate(twoNodes('retry', { respond: 'immediately' }, { type: 'data.set', params: { values: {} } }));
    const first = await t.anonymous('post', '/webhook/retry').set('Idempotency-Key', 'delivery-1').send({ n: 1 }).expect(202);
    const again = await t.anonymous('post', '/webhook/retry').set('Idempotency-Key', 'delivery-1').send({ n: 1 }).expect(202);
    expect(again.body.executionId).toBe(first.body.executionId);
    await t.anonymous('post', '/webhook/retry').set('Idempotency-Key', 'delivery-2').send({ n: 2 }).expect(202);
    expect(await executionsOf(id)).toHaveLength(2);
  });

  it('starts one execution when two deliveries with the same key arrive together', async () => {
    const id = await activate(twoNodes('race', { respond: 'immediately' }, { type: 'data.set', params: { values: {} } }));
    const deliveries = await Promise.all([1, 2, 3].map(() => t.anonymous('post', '/webhook/race').set('Idempotency-Key', 'same').send({})));
    const [execution] = await executionsOf(id);
    expect(await executionsOf(id)).toHaveLength(1);
    for (const res of deliveries) {
      // Each either gets the first result, or is told to retry while the first is being started.
      if (res.status === 202) expect(res.body.executionId).toBe(execution!.id);
      else expect(res.body.error.code).toBe('idempotency_in_progress');
    }
    expect(deliveries.some((res) => res.status === 202)).toBe(true);
  });

  it('replays the workflow answer of a when_done webhook', async () => {
    const id = await activate(webhookWorkflow('retry-done'));
    const first = await t.anonymous('post', '/webhook/retry-done').set('Idempotency-Key', 'k').send({ name: 'Ada' }).expect(201);
    const again = await t.anonymous('post', '/webhook/retry-done').set('Idempotency-Key', 'k').send({ name: 'Eve' }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['x-tern-execution-id']).toBe(first.headers['x-tern-execution-id']);
    expect(await executionsOf(id)).toHaveLength(1);
  });
});
