// Test runs from the editor: a chosen version (the draft just saved while another is active) and
// a chosen trigger node; and re-runs of an execution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateWorkflow } from '@tern/shared';
import { createTestApp, manualWorkflow, type TestApp } from '../../test/http-app.js';

let t: TestApp;
let id: string;

/** A manual and a webhook trigger, both leading to a node that says which version ran. */
const twoTriggers = (label: string) => ({
  name: 'Two triggers',
  nodes: [
    { id: 'start', type: 'trigger.manual', version: 1, params: {} },
    { id: 'hook', type: 'trigger.webhook', version: 1, params: { path: 'runs-test', method: 'POST', respond: 'immediately' } },
    { id: 'say', type: 'data.set', version: 1, params: { values: { label, name: '{{ trigger.name }}' } } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'out', target: 'say', targetPort: 'in' },
    { id: 'e2', source: 'hook', sourcePort: 'out', target: 'say', targetPort: 'in' },
  ],
});

const said = (view: { steps: Array<{ nodeId: string; output: unknown }> }) => view.steps.find((s) => s.nodeId === 'say')?.output;

beforeAll(async () => {
  t = await createTestApp();
  id = (await t.api('post', '/api/workflows').send(twoTriggers('v1')).expect(201)).body.id;
  for (const label of ['v2', 'v3']) await t.api('put', `/api/workflows/${id}`).send(twoTriggers(label)).expect(200);
});
afterAll(() => t.dispose());

describe('POST /api/workflows/:id/run?version=&trigger=', () => {
  it('runs the latest version of an inactive workflow by default, and the version asked for', async () => {
    expect((await t.api('get', `/api/workflows/${id}`).expect(200)).body).toMatchObject({ version: 3, active: false });

    const plain = await t.api('post', `/api/workflows/${id}/run?wait=true`).send({ name: 'Ada' }).expect(200);
    expect(plain.body).toMatchObject({ workflowVersion: 3, status: 'success' });
    expect(said(plain.body)).toEqual({ label: 'v3', name: 'Ada' });

    const one = await t.api('post', `/api/workflows/${id}/run?wait=true&version=1`).send({ name: 'Ada' }).expect(200);
    expect(one.body.workflowVersion).toBe(1);
    expect(said(one.body)).toEqual({ label: 'v1', name: 'Ada' });

    const started = await t.api('post', `/api/workflows/${id}/run?version=2`).send({}).expect(202);
    expect(started.body).toEqual({ executionId: expect.any(String) });
    await t.runtime.runner.settled(started.body.executionId, 5_000);
    expect((await t.api('get', `/api/executions/${started.body.executionId}`)).body.workflowVersion).toBe(2);
  });

  it('runs the latest version while an older one is active (testing a draft)', async () => {
    const other = (await t.api('post', '/api/workflows').send(manualWorkflow('Draft')).expect(201)).body;
    await t.api('post', `/api/workflows/${other.id}/activate`).expect(200);
    // A save through the API activates what it saves; a version saved beside the active one is
    // what an editor's draft is, so it is written to the store directly here.
    const draft = validateWorkflow({ ...manualWorkflow('Draft'), nodes: [manualWorkflow().nodes[0], {
      ...manualWorkflow().nodes[1], params: { values: { greeting: 'draft' } } }] }, t.runtime.catalogue);
    if (!draft.ok) throw new Error('invalid draft');
    await t.runtime.store.workflows.update(other.id, draft.workflow);
    expect(await t.runtime.store.workflows.get(other.id)).toMatchObject({ version: 2, activeVersion: 1, active: true });

    const active = await t.api('post', `/api/workflows/${other.id}/run?wait=true`).send({ name: 'Ada' }).expect(200);
    expect(active.body.workflowVersion).toBe(1);
    expect(active.body.steps[1].output).toEqual({ greeting: 'Hi Ada' });
    const latest = await t.api('post', `/api/workflows/${other.id}/run?wait=true&version=latest`).send({}).expect(200);
    expect(latest.body.workflowVersion).toBe(2);
    expect(latest.body.steps[1].output).toEqual({ greeting: 'draft' });
    await t.api('post', `/api/workflows/${other.id}/deactivate`).expect(200);
  });

  it('gives the payload to the trigger node asked for', async () => {
    const res = await t.api('post', `/api/workflows/${id}/run?wait=true&trigger=hook`).send({ name: 'Grace' }).expect(200);
    expect(res.body.steps[0]).toMatchObject({ nodeId: 'hook', status: 'success' });
    expect(said(res.body)).toEqual({ label: 'v3', name: 'Grace' });
    const manual = await t.api('post', `/api/workflows/${id}/run?wait=true`).send({}).expect(200);
    expect(manual.body.steps[0].nodeId).toBe('start');
  });

  it.each(['abc', '0', '1.5', '-1', '', 'LATEST', '1e3'])('refuses ?version=%s with 400 naming the field', async (version) => {
    const res = await t.api('post', `/api/workflows/${id}/run?version=${version}`).send({}).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: [{ field: 'version' }] });
  });

  it('answers 404 for a version that does not exist, and for an unknown workflow', async () => {
    const res = await t.api('post', `/api/workflows/${id}/run?version=9`).send({}).expect(404);
    expect(res.body.error.code).toBe('not_found');
    await t.api('post', '/api/workflows/nope/run?version=latest').send({}).expect(404);
  });

  it('refuses a trigger that is not a trigger node, or no node at all, with 400 naming the field', async () => {
    for (const trigger of ['say', 'nope']) {
      const res = await t.api('post', `/api/workflows/${id}/run?trigger=${trigger}`).send({}).expect(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', details: [{ field: 'trigger', message: expect.stringContaining(trigger) }] });
    }
    await t.api('post', `/api/workflows/${id}/run?trigger=`).send({}).expect(400);
  });
});

describe('POST /api/executions/:id/rerun', () => {
  it('runs the same version with the same trigger node and payload again', async () => {
    const first = await t.api('post', `/api/workflows/${id}/run?wait=true&version=1&trigger=hook`).send({ name: 'Ada' }).expect(200);

    const again = await t.api('post', `/api/executions/${first.body.id}/rerun?wait=true`).expect(200);
    expect(again.body.id).not.toBe(first.body.id);
    expect(again.body).toMatchObject({ workflowId: id, workflowVersion: 1, trigger: { name: 'Ada' }, status: 'success', mode: 'manual' });
    expect(again.body.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['hook', 'say']);
    expect(said(again.body)).toEqual({ label: 'v1', name: 'Ada' });

    const started = await t.api('post', `/api/executions/${again.body.id}/rerun`).expect(202);
    expect(started.body).toEqual({ executionId: expect.any(String) });
    const view = (await t.api('get', `/api/executions/${started.body.executionId}`)).body;
    expect(view).toMatchObject({ workflowVersion: 1, trigger: { name: 'Ada' } });
    await t.runtime.runner.settled(started.body.executionId, 5_000);
  });

  it('answers 404 for an unknown execution and 400 for a bad ?wait', async () => {
    await t.api('post', '/api/executions/nope/rerun').expect(404);
    const bad = await t.api('post', '/api/executions/nope/rerun?wait=yes').expect(400);
    expect(bad.body.error.details[0].field).toBe('wait');
  });
});
