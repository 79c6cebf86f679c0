import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, manualWorkflow, type TestApp } from '../../test/http-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.dispose());

describe('POST /api/workflows/validate', () => {
  it('answers ok for a valid workflow and saves nothing', async () => {
    const res = await t.api('post', '/api/workflows/validate').send(manualWorkflow('Draft')).expect(200);
    expect(res.body).toEqual({ ok: true, problems: [] });
    expect((await t.api('get', '/api/workflows').expect(200)).body.total).toBe(0);
  });

  it('lists every problem by node and field, as a save would', async () => {
    const base = manualWorkflow('Broken');
    const broken = {
      ...base,
      nodes: [...base.nodes, { id: 'wait', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: -1, unit: 'days' } },
        { id: 'ghost', type: 'no.such', version: 1 }],
      edges: [...base.edges, { id: 'e9', source: 'wait', sourcePort: 'nope', target: 'ghost' }],
    };
    const res = await t.api('post', '/api/workflows/validate').send(broken).expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ nodeId: 'wait', field: 'params.amount' }),
      expect.objectContaining({ nodeId: 'ghost', field: 'type' }),
    ]));
    const saved = await t.api('post', '/api/workflows').send(broken).expect(400);
    expect(saved.body.error.details).toEqual(res.body.problems);
  });
});

describe('GET /api/credential-types', () => {
  it('describes each type with the JSON Schema of its data and its secret fields', async () => {
    const res = await t.api('get', '/api/credential-types').expect(200);
    const smtp = res.body.items.find((i: { type: string }) => i.type === 'smtp');
    expect(smtp.secret).toEqual(['password']);
    expect(Object.keys(smtp.fields.properties)).toEqual(['host', 'port', 'secure', 'user', 'password']);
    expect(res.body.items.map((i: { type: string }) => i.type)).toEqual(
      expect.arrayContaining(['smtp', 'twilio', 'hubspot', 'http_header', 'http_basic', 'http_bearer']),
    );
  });
});
