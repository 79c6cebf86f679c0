// Lead scoring and the contact nodes through the real app and SQLite: scoring rules on ingested
// events, score.changed starting a flow, crm.contact / crm.tag / crm.score in a running flow (a
// retried step changing nothing twice), score decay on the fake clock, and the journeys of a contact.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decayScoresOnce } from '../src/services/score-decay.js';
import { saveWorkflow } from './helpers.js';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ config: { scoreDecayPoints: 5, scoreDecayDays: 30 } });
});
afterEach(async () => {
  await t.dispose();
});

const send = (body: unknown) => t.api('post', '/api/events').send(body as object);
const contact = async (id: string) => (await t.api('get', `/api/contacts/${id}`).expect(200)).body;
const eventTypes = async (id: string) =>
  ((await t.api('get', `/api/contacts/${id}/events?limit=100`).expect(200)).body.items as Array<{ type: string; data: unknown }>);

interface ExecutionView { id: string; status: string; contactId: string | null; steps: Array<{ nodeId: string; status: string; output: unknown; error: unknown }> }

async function executionsOf(workflowId: string): Promise<ExecutionView[]> {
  await t.runtime.runner.idle();
  const list = (await t.api('get', `/api/executions?workflowId=${workflowId}`).expect(200)).body.items as Array<{ id: string }>;
  return Promise.all(list.map(async (e) => (await t.api('get', `/api/executions/${e.id}`).expect(200)).body as ExecutionView));
}

const hotLeads = {
  name: 'Hot leads',
  nodes: [
    { id: 'hot', type: 'trigger.event', version: 1, params: {
      event: 'score.changed', filter: { match: 'all', rules: [{ field: 'event.data.to', op: 'gte', value: 100 }, { field: 'event.data.from', op: 'lt', value: 100 }] },
    } },
    { id: 'mark', type: 'crm.tag', version: 1, params: { add: ['hot'] } },
  ],
  edges: [{ id: 'e1', source: 'hot', sourcePort: 'out', target: 'mark', targetPort: 'in' }],
};

describe('/api/scoring-rules', () => {
  it('creates, lists, reads, replaces and deletes rules', async () => {
    const created = await t.api('post', '/api/scoring-rules').send({
      name: 'Pricing page', event: 'page.viewed', points: 10, filter: { match: 'all', rules: [{ field: 'event.data.path', op: 'eq', value: '/pricing' }] },
    }).expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'Pricing page', event: 'page.viewed', points: 10, active: true });
    const id = created.body.id as string;
    expect((await t.api('get', '/api/scoring-rules').expect(200)).body).toMatchObject({ items: [{ id }], total: 1, nextCursor: null });
    const replaced = await t.api('put', `/api/scoring-rules/${id}`).send({ name: 'Any page', event: 'page.viewed', points: 2, active: false }).expect(200);
    expect(replaced.body).toMatchObject({ id, name: 'Any page', points: 2, active: false });
    expect(replaced.body.filter).toBeUndefined();
    expect((await t.api('get', `/api/scoring-rules/${id}`).expect(200)).body).toEqual(replaced.body);
    await t.api('delete', `/api/scoring-rules/${id}`).expect(204);
    await t.api('get', `/api/scoring-rules/${id}`).expect(404);
  });

  it('refuses bad rules naming the field, and needs auth', async () => {
    const bad = await t.api('post', '/api/scoring-rules').send({ name: 'x', event: 'score.changed', points: 1.5, filter: { match: 'some' } }).expect(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['event', 'filter.match', 'filter.rules', 'points']);
    await t.anonymous('get', '/api/scoring-rules').expect(401);
    expect((await t.api('get', '/api/scoring-rules').expect(200)).body.total).toBe(0);
  });
});

describe('scoring rules on ingested events', () => {
  it('raise the score on matching events, and score.changed crossing 100 starts a flow that tags the contact', async () => {
    await t.api('post', '/api/scoring-rules').send({
      name: 'Pricing', event: 'page.viewed', points: 60, filter: { match: 'all', rules: [{ field: 'event.data.path', op: 'eq', value: '/pricing' }] },
    }).expect(201);
    await t.api('post', '/api/scoring-rules').send({ name: 'Off', event: 'page.viewed', points: 1000, active: false }).expect(201);
    const wf = await saveWorkflow(t.runtime, hotLeads, { activate: true });

    const first = await send({ type: 'page.viewed', contact: { email: 'ada@example.com' }, data: { path: '/pricing' } }).expect(202);
    const id = first.body.contactIds[0] as string;
    await send({ type: 'page.viewed', contact: { email: 'ada@example.com' }, data: { path: '/blog' } }).expect(202);
    expect((await contact(id)).score).toBe(60);
    expect(await executionsOf(wf.id)).toEqual([]);

    await send({ type: 'page.viewed', contact: { email: 'ada@example.com' }, data: { path: '/pricing' } }).expect(202);
    expect((await contact(id)).score).toBe(120);
    const [run, ...more] = await executionsOf(wf.id);
    expect(more).toEqual([]);
    expect(run).toMatchObject({ status: 'success', contactId: id });
    expect((await contact(id)).tags).toEqual(['hot']);
    const changes = (await eventTypes(id)).filter((e) => e.type === 'score.changed').map((e) => e.data);
    expect(changes).toEqual(expect.arrayContaining([{ from: 0, to: 60, delta: 60 }, { from: 60, to: 120, delta: 60 }]));
    expect((await eventTypes(id)).map((e) => e.type)).toContain('tag.added');
  });
});

describe('crm nodes in a running flow', () => {
  const onboarding = {
    name: 'Onboarding',
    nodes: [
      { id: 'signup', type: 'trigger.event', version: 1, params: { event: 'signed.up' } },
      { id: 'profile', type: 'crm.contact', version: 1, params: { action: 'update', fields: { first_name: '{{ trigger.event.data.name }}', plan: 'trial' } } },
      { id: 'tags', type: 'crm.tag', version: 1, params: { add: ['trial'], remove: ['lead'] } },
      { id: 'points', type: 'crm.score', version: 1, params: { points: 15 } },
      { id: 'after', type: 'data.set', version: 1, params: { values: { score: '{{ contact.score }}', tags: '{{ contact.tags | join: "," }}', name: '{{ contact.first_name }}' } } },
    ],
    edges: [
      { id: 'e1', source: 'signup', sourcePort: 'out', target: 'profile', targetPort: 'in' },
      { id: 'e2', source: 'profile', sourcePort: 'out', target: 'tags', targetPort: 'in' },
      { id: 'e3', source: 'tags', sourcePort: 'out', target: 'points', targetPort: 'in' },
      { id: 'e4', source: 'points', sourcePort: 'out', target: 'after', targetPort: 'in' },
    ],
  };

  it('update the contact, tag it and score it; a retried step adds its points once', async () => {
    const wf = await saveWorkflow(t.runtime, onboarding, { activate: true });
    const { body } = await send({ type: 'signed.up', contact: { email: 'ada@example.com', tags: ['lead'] }, data: { name: 'Ada' } }).expect(202);
    const id = body.contactIds[0] as string;
    const [run] = await executionsOf(wf.id);
    expect(run!.status).toBe('success');
    expect(run!.steps.find((s) => s.nodeId === 'points')?.output).toMatchObject({ from: 0, to: 15, delta: 15, contact: { id, score: 15 } });
    expect(await contact(id)).toMatchObject({ first_name: 'Ada', fields: { plan: 'trial' }, tags: ['trial'], score: 15 });
    // Later steps read the contact as the contact nodes left it.
    expect(run!.steps.find((s) => s.nodeId === 'after')?.output).toEqual({ score: 15, tags: 'trial', name: 'Ada' });

    // What recovery does after a crash in the step: the same step (same id, same key) runs again.
    const state = (await t.runtime.store.executions.load(run!.id))!;
    const again = state.steps.filter((s) => s.nodeId === 'points').map((s) => ({ ...s, status: 'pending' as const }));
    await t.runtime.store.executions.apply(run!.id, { upsertSteps: again, addWaits: [], removeWaitsForSteps: [], execution: { status: 'running', finishedAt: null } });
    t.runtime.runner.resume(run!.id);
    await t.runtime.runner.idle();

    expect((await t.api('get', `/api/executions/${run!.id}`).expect(200)).body.status).toBe('success');
    expect(await contact(id)).toMatchObject({ tags: ['trial'], score: 15 });
    const events = await eventTypes(id);
    expect(events.filter((e) => e.type === 'score.changed')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'tag.added')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'tag.removed')).toEqual([expect.objectContaining({ data: { tag: 'lead' } })]);
  });

  it('crm.contact names the bad field when a value is invalid', async () => {
    const wf = await saveWorkflow(t.runtime, {
      ...onboarding,
      nodes: [onboarding.nodes[0]!, { id: 'profile', type: 'crm.contact', version: 1, params: { action: 'update', fields: { email: 'not an email' } } }],
      edges: [onboarding.edges[0]!],
    }, { activate: true });
    await send({ type: 'signed.up', contact: { email: 'ada@example.com' } }).expect(202);
    const [run] = await executionsOf(wf.id);
    expect(run!.status).toBe('error');
    expect(JSON.stringify(run!.steps.find((s) => s.nodeId === 'profile')?.error)).toContain('fields.email');
  });

  it('GET /api/executions?contactId= lists the journeys of one contact', async () => {
    const wf = await saveWorkflow(t.runtime, onboarding, { activate: true });
    const ada = (await send({ type: 'signed.up', contact: { email: 'ada@example.com' } }).expect(202)).body.contactIds[0];
    await send({ type: 'signed.up', contact: { email: 'grace@example.com' } }).expect(202);
    await t.runtime.runner.idle();
    const journeys = (await t.api('get', `/api/executions?contactId=${ada}`).expect(200)).body;
    expect(journeys).toMatchObject({ total: 1, items: [{ workflowId: wf.id, contactId: ada }] });
  });
});

describe('score decay', () => {
  it('takes points after each period without activity, never below 0, recording score.changed', async () => {
    const { body } = await send({ type: 'page.viewed', contact: { email: 'ada@example.com', score: 12 } }).expect(202);
    const id = body.contactIds[0] as string;
    const busy = (await send({ type: 'page.viewed', contact: { email: 'grace@example.com', score: 50 } }).expect(202)).body.contactIds[0];

    t.clock.advance(29 * 86_400_000);
    await send({ type: 'page.viewed', contact: { id: busy } }).expect(202);
    expect(await decayScoresOnce(t.runtime)).toBe(0);

    t.clock.advance(2 * 86_400_000);
    expect(await decayScoresOnce(t.runtime)).toBe(1);
    expect(await decayScoresOnce(t.runtime)).toBe(0);
    expect((await contact(id)).score).toBe(7);
    expect((await contact(busy)).score).toBe(50);

    for (let period = 0; period < 3; period++) {
      t.clock.advance(30 * 86_400_000);
      await decayScoresOnce(t.runtime);
    }
    expect((await contact(id)).score).toBe(0);
    const decays = (await eventTypes(id)).filter((e) => e.type === 'score.changed').map((e) => e.data);
    expect(decays).toEqual(expect.arrayContaining([{ from: 12, to: 7, delta: -5, reason: 'decay' }, { from: 2, to: 0, delta: -2, reason: 'decay' }]));
    expect(decays).toHaveLength(4); // the given score of 12, then three decays (the fourth period found 0)
  });
});
