import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, manualWorkflow, type TestApp } from '../../test/http-app.js';

let t: TestApp;
let workflowId: string;
beforeAll(async () => {
  t = await createTestApp();
  const { body } = await t.api('post', '/api/workflows').send({
    name: 'Nurture',
    nodes: [
      { id: 'start', type: 'trigger.manual', version: 1, params: {} },
      { id: 'pause', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: 2, unit: 'days' } },
    ],
    edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'pause', targetPort: 'in' }],
  }).expect(201);
  workflowId = body.id;
});
afterAll(() => t.dispose());

describe('executions', () => {
  it('shows a waiting execution with its steps and what it waits for, and cancels it', async () => {
    const run = await t.api('post', `/api/workflows/${workflowId}/run?wait=true`).send({ email: 'ada@example.com' }).expect(200);
    expect(run.body.status).toBe('waiting');

    const res = await t.api('get', `/api/executions/${run.body.id}`).expect(200);
    expect(res.body.steps.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
      ['start', 'success'], ['pause', 'waiting']]);
    expect(res.body.steps[0]).toMatchObject({ input: { email: 'ada@example.com' }, attempt: 1, port: 'out' });
    const dueAt = new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString();
    expect(res.body.waits).toEqual([expect.objectContaining({ nodeId: 'pause', dueAt, eventType: null })]);

    const canceled = await t.api('post', `/api/executions/${run.body.id}/cancel`).expect(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', waits: [] });
    expect((await t.api('get', `/api/executions/${run.body.id}`)).body.status).toBe('canceled');
  });

  it('lists executions filtered by workflow and status', async () => {
    const other = await t.api('post', '/api/workflows').send(manualWorkflow('Other')).expect(201);
    await t.api('post', `/api/workflows/${other.body.id}/run?wait=true`).send({}).expect(200);
    await t.api('post', `/api/workflows/${workflowId}/run?wait=true`).send({}).expect(200);

    const waiting = await t.api('get', `/api/executions?workflowId=${workflowId}&status=waiting`).expect(200);
    expect(waiting.body.items.length).toBeGreaterThan(0);
    expect(waiting.body.items.every((e: { workflowId: string; status: string }) => e.workflowId === workflowId && e.status === 'waiting')).toBe(true);
    const ofOther = await t.api('get', `/api/executions?workflowId=${other.body.id}`).expect(200);
    expect(ofOther.body).toMatchObject({ total: 1, items: [{ status: 'success' }] });
  });

  it('refuses an unknown status with 400 naming the field, and an unknown id with 404', async () => {
    const bad = await t.api('get', '/api/executions?status=finished').expect(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'status' })]);
    const cursor = await t.api('get', '/api/executions?cursor=garbage').expect(400);
    expect(cursor.body.error.details[0].field).toBe('cursor');
    await t.api('get', '/api/executions/nope').expect(404);
    await t.api('post', '/api/executions/nope/cancel').expect(404);
  });
});
