import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, manualWorkflow, type TestApp, webhookWorkflow } from '../../test/http-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { bodyLimitBytes: 64 * 1024 } });
});
afterAll(() => t.dispose());

const withNode = (node: Record<string, unknown>, edges: unknown[] = []) => {
  const base = manualWorkflow('Broken');
  return { ...base, nodes: [...base.nodes, node], edges: [...base.edges, ...edges] };
};

describe('workflow CRUD', () => {
  it('creates, reads, updates into a new version, lists and deletes a workflow', async () => {
    const created = await t.api('post', '/api/workflows').send(manualWorkflow('Welcome')).expect(201);
    const { id } = created.body;
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'Welcome', version: 1, active: false });
    expect(created.body.nodes.map((n: { id: string }) => n.id)).toEqual(['start', 'greet']);

    // What GET answers can be edited and sent back as it is.
    const got = await t.api('get', `/api/workflows/${id}`).expect(200);
    const updated = await t.api('put', `/api/workflows/${id}`).send({ ...got.body, name: 'Welcome v2' }).expect(200);
    expect(updated.body).toMatchObject({ id, name: 'Welcome v2', version: 2 });

    const versions = await t.api('get', `/api/workflows/${id}/versions`).expect(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const v1 = await t.api('get', `/api/workflows/${id}/versions/1`).expect(200);
    expect(v1.body).toMatchObject({ name: 'Welcome', version: 1 });
    await t.api('get', `/api/workflows/${id}/versions/9`).expect(404);

    const list = await t.api('get', '/api/workflows').expect(200);
    expect(list.body.items.map((w: { id: string }) => w.id)).toContain(id);
    expect(list.body).toMatchObject({ total: expect.any(Number), nextCursor: null });

    await t.api('delete', `/api/workflows/${id}`).expect(204);
    const gone = await t.api('get', `/api/workflows/${id}`).expect(404);
    expect(gone.body.error.code).toBe('not_found');
  });

  it('pages through lists with limit and cursor', async () => {
    for (const name of ['Page A', 'Page B', 'Page C']) await t.api('post', '/api/workflows').send(manualWorkflow(name)).expect(201);
    const first = await t.api('get', '/api/workflows?limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.api('get', `/api/workflows?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    const ids = [...first.body.items, ...second.body.items].map((w: { id: string }) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(['0', '1001', 'ten'])('refuses ?limit=%s with 400 naming the field', async (limit) => {
    const res = await t.api('get', `/api/workflows?limit=${limit}`).expect(400);
    expect(res.body.error.details[0].field).toBe('limit');
  });
});

describe('bad input is refused with the problem named, and nothing is written', () => {
  const hugeName = 'x'.repeat(70 * 1024);
  const cases: Array<[string, () => unknown, number, string, Record<string, unknown>]> = [
    ['an unknown node type', () => withNode({ id: 'mystery', type: 'no.such.node', version: 1 }), 400, 'invalid_workflow',
      { nodeId: 'mystery', field: 'type' }],
    ['an edge to a missing port', () => withNode({ id: 'check', type: 'logic.condition', version: 1, params: { rules: [] } },
      [{ id: 'e2', source: 'check', sourcePort: 'maybe', target: 'greet', targetPort: 'in' }]), 400, 'invalid_workflow',
      { nodeId: 'check', field: 'sourcePort' }],
    ['a missing required param', () => withNode({ id: 'hook', type: 'trigger.webhook', version: 1, params: {} }), 400,
      'invalid_workflow', { nodeId: 'hook', field: 'params.path' }],
    ['no trigger', () => ({ name: 'No trigger', nodes: [{ id: 'greet', type: 'data.set', version: 1, params: { values: {} } }] }),
      400, 'invalid_workflow', { field: 'nodes' }],
    ['a cycle without a delay', () => withNode({ id: 'again', type: 'data.set', version: 1, params: { values: {} } }, [
      { id: 'e2', source: 'greet', sourcePort: 'out', target: 'again', targetPort: 'in' },
      { id: 'e3', source: 'again', sourcePort: 'out', target: 'greet', targetPort: 'in' }]), 400, 'invalid_workflow',
      { field: 'edges', code: 'cycle' }],
    ['a param of the wrong type', () => withNode({ id: 'pause', type: 'flow.delay', version: 1,
      params: { mode: 'duration', amount: true, unit: 'days' } }), 400, 'invalid_workflow', { nodeId: 'pause', field: 'params.amount' }],
    ['a workflow without a name', () => ({ ...manualWorkflow(), name: '' }), 400, 'invalid_workflow', { field: 'name' }],
    ['a body over the limit', () => ({ ...manualWorkflow(), name: hugeName }), 413, 'payload_too_large', {}],
  ];

  async function counts() {
    const list = await t.runtime.store.workflows.list({ limit: 1000 });
    const versions = await Promise.all(list.items.map((w) => t.runtime.store.workflows.listVersions(w.id)));
    return { workflows: list.total, versions: versions.flat().length };
  }

  it.each(cases)('POST with %s', async (_what, body, status, code, detail) => {
    const before = await counts();
    const res = await t.api('post', '/api/workflows').send(body() as object).expect(status);
    expect(res.body.error.code).toBe(code);
    if (Object.keys(detail).length > 0) expect(res.body.error.details).toContainEqual(expect.objectContaining(detail));
    expect(await counts()).toEqual(before);
  });

  it.each(cases)('PUT with %s', async (_what, body, status, code) => {
    const { body: saved } = await t.api('post', '/api/workflows').send(manualWorkflow('Keep me')).expect(201);
    const before = await counts();
    const res = await t.api('put', `/api/workflows/${saved.id}`).send(body() as object).expect(status);
    expect(res.body.error.code).toBe(code);
    expect(await counts()).toEqual(before);
    expect((await t.api('get', `/api/workflows/${saved.id}`).expect(200)).body).toMatchObject({ name: 'Keep me', version: 1 });
  });

  it('refuses malformed JSON, saying what is wrong with it', async () => {
    const before = await counts();
    const res = await t.api('post', '/api/workflows').set('Content-Type', 'application/json').send('{"name": "x",').expect(400);
    expect(res.body.error.code).toBe('invalid_json');
    expect(res.body.error.message).toMatch(/JSON/);
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for an unknown id on every workflow route', async () => {
    const before = await counts();
    for (const [method, path] of [['get', ''], ['put', ''], ['delete', ''], ['get', '/versions'], ['post', '/activate'],
      ['post', '/deactivate'], ['post', '/run']] as const) {
      const res = await t.api(method, `/api/workflows/does-not-exist${path}`).send(manualWorkflow());
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect(await counts()).toEqual(before);
  });
});

describe('activation', () => {
  it('claims the webhook route, refuses a second workflow on it with 409, and frees it on deactivate', async () => {
    const first = await t.api('post', '/api/workflows').send(webhookWorkflow('orders')).expect(201);
    const second = await t.api('post', '/api/workflows').send({ ...webhookWorkflow('/orders/'), name: 'Rival' }).expect(201);
    const active = await t.api('post', `/api/workflows/${first.body.id}/activate`).expect(200);
    expect(active.body).toMatchObject({ active: true, activeVersion: 1 });

    const conflict = await t.api('post', `/api/workflows/${second.body.id}/activate`).expect(409);
    expect(conflict.body.error.code).toBe('route_conflict');
    expect(conflict.body.error.message).toContain('/webhook/orders');
    expect(conflict.body.error.message).toContain(first.body.id);
    expect(conflict.body.error.details[0]).toMatchObject({ workflowId: first.body.id, path: 'orders', nodeId: 'hook' });
    expect((await t.api('get', `/api/workflows/${second.body.id}`)).body.active).toBe(false);

    await t.api('post', `/api/workflows/${first.body.id}/deactivate`).expect(200);
    await t.api('post', `/api/workflows/${second.body.id}/activate`).expect(200);
    await t.api('post', `/api/workflows/${second.body.id}/deactivate`).expect(200);
  });

  it('moves the routes of an active workflow to its new version on update', async () => {
    const { body } = await t.api('post', '/api/workflows').send(webhookWorkflow('old-path')).expect(201);
    await t.api('post', `/api/workflows/${body.id}/activate`).expect(200);
    await t.anonymous('post', '/webhook/old-path').send({ name: 'Ada' }).expect(201);

    const updated = await t.api('put', `/api/workflows/${body.id}`).send(webhookWorkflow('new-path')).expect(200);
    expect(updated.body).toMatchObject({ active: true, version: 2, activeVersion: 2 });
    await t.anonymous('post', '/webhook/old-path').send({}).expect(404);
    await t.anonymous('post', '/webhook/new-path').send({ name: 'Ada' }).expect(201);
    await t.api('post', `/api/workflows/${body.id}/deactivate`).expect(200);
  });

  it('refuses an update that would take a route another active workflow holds, writing no version', async () => {
    const holder = await t.api('post', '/api/workflows').send(webhookWorkflow('taken')).expect(201);
    const mover = await t.api('post', '/api/workflows').send(webhookWorkflow('free')).expect(201);
    await t.api('post', `/api/workflows/${holder.body.id}/activate`).expect(200);
    await t.api('post', `/api/workflows/${mover.body.id}/activate`).expect(200);

    await t.api('put', `/api/workflows/${mover.body.id}`).send(webhookWorkflow('taken')).expect(409);
    expect((await t.api('get', `/api/workflows/${mover.body.id}/versions`)).body.items).toHaveLength(1);
    await t.anonymous('post', '/webhook/free').send({}).expect(201);
    for (const id of [holder.body.id, mover.body.id]) await t.api('post', `/api/workflows/${id}/deactivate`).expect(200);
  });

  it('refuses two webhook triggers of one workflow on the same route when saving', async () => {
    const base = webhookWorkflow('twice');
    const twin = { ...base.nodes[0], id: 'hook2' };
    const res = await t.api('post', '/api/workflows').send({ ...base, nodes: [...base.nodes, twin] }).expect(400);
    expect(res.body.error.details[0]).toMatchObject({ nodeId: 'hook2', field: 'params.path' });
  });
});

describe('manual runs', () => {
  it('answers 202 with the execution id, and the finished execution with ?wait=true', async () => {
    const { body } = await t.api('post', '/api/workflows').send(manualWorkflow('Runner')).expect(201);
    const started = await t.api('post', `/api/workflows/${body.id}/run`).send({ name: 'Ada' }).expect(202);
    expect(started.body).toEqual({ executionId: expect.any(String) });

    const waited = await t.api('post', `/api/workflows/${body.id}/run?wait=true`).send({ name: 'Grace' }).expect(200);
    expect(waited.body).toMatchObject({ workflowId: body.id, status: 'success', trigger: { name: 'Grace' } });
    const greet = waited.body.steps.find((s: { nodeId: string }) => s.nodeId === 'greet');
    expect(greet).toMatchObject({ status: 'success', output: { greeting: 'Hi Grace' }, port: 'out', attempt: 1 });

    await t.runtime.runner.idle();
    const again = await t.api('get', `/api/executions/${started.body.executionId}`).expect(200);
    expect(again.body.status).toBe('success');
  });
});
