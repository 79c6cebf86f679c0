// Journey rules and stats through the real app (real SQLite, fake clock): re-entry modes, also
// with events arriving at once; a contact who buys or unsubscribes during a delay leaves before
// the next step; per-node and per-workflow figures after a few runs through a branching flow.
import type { WorkflowInput } from '@tern/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveWorkflow } from './helpers.js';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.dispose();
});

const DAY = 86_400_000;
const send = (type: string, email: string, data: object = {}) =>
  t.api('post', '/api/events').send({ type, contact: { email }, data }).expect(202);

interface ExecutionView {
  id: string;
  status: string;
  contactId: string | null;
  error: { message: string } | null;
  steps: Array<{ nodeId: string; status: string; port: string | null; output: unknown }>;
}

async function executionsOf(workflowId: string): Promise<ExecutionView[]> {
  await t.runtime.runner.idle();
  const list = (await t.api('get', `/api/executions?workflowId=${workflowId}`).expect(200)).body.items as Array<{ id: string }>;
  return Promise.all(list.map(async (e) => (await t.api('get', `/api/executions/${e.id}`).expect(200)).body as ExecutionView));
}

const path = (e: ExecutionView) => e.steps.map((s) => `${s.nodeId}:${s.status}`);

/** cart.updated → 3 days → reminder → goal (bought: an order.completed since the cart). */
function cartJourney(settings: Record<string, unknown>): WorkflowInput {
  return {
    name: 'Cart reminder',
    nodes: [
      { id: 'cart', type: 'trigger.event', version: 1, params: { event: 'cart.updated' } },
      { id: 'wait', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: 3, unit: 'days' } },
      { id: 'remind', type: 'data.set', version: 1, params: { values: { reminded: '{{ contact.email }}' } } },
      { id: 'bought', type: 'flow.goal', version: 1, params: {
        filter: { match: 'all', rules: [{ field: 'event.type', op: 'eq', value: 'order.completed' }] },
      } },
    ],
    edges: [
      { id: 'e1', source: 'cart', target: 'wait' },
      { id: 'e2', source: 'wait', target: 'remind' },
      { id: 'e3', source: 'remind', target: 'bought' },
    ],
    settings: { timezone: 'UTC', ...settings },
  };
}

/** Moves the clock past the delay once every run has reached it (a run still on its way would
 *  take its delay from the moved clock: on PostgreSQL the runs are not done when the event is). */
async function afterDelay(): Promise<void> {
  await t.runtime.runner.idle();
  t.clock.advance(3 * DAY);
  await t.runtime.scheduler.tick();
  await t.runtime.runner.idle();
}

describe('re-entry', () => {
  it('admits a contact once by default, also after their journey ended', async () => {
    const wf = await saveWorkflow(t.runtime, cartJourney({}), { activate: true });
    await send('cart.updated', 'ada@example.com');
    await send('cart.updated', 'ada@example.com');
    await afterDelay();
    await send('cart.updated', 'ada@example.com');
    await send('cart.updated', 'grace@example.com');
    const runs = await executionsOf(wf.id);
    expect(runs.map((e) => e.status).sort()).toEqual(['success', 'waiting']);
  });

  it('`once_at_a_time` keeps a contact out while they are in the journey, and lets them in again after', async () => {
    const wf = await saveWorkflow(t.runtime, cartJourney({ reentry: 'once_at_a_time' }), { activate: true });
    await send('cart.updated', 'ada@example.com');
    await send('cart.updated', 'ada@example.com');
    expect((await executionsOf(wf.id)).map((e) => e.status)).toEqual(['waiting']);
    await afterDelay();
    await send('cart.updated', 'ada@example.com');
    expect((await executionsOf(wf.id)).map((e) => e.status).sort()).toEqual(['success', 'waiting']);
  });

  it('`once_at_a_time` starts one run when events of a contact arrive at the same moment', async () => {
    const wf = await saveWorkflow(t.runtime, cartJourney({ reentry: 'once_at_a_time' }), { activate: true });
    await send('page.viewed', 'ada@example.com');
    await Promise.all(Array.from({ length: 6 }, () => send('cart.updated', 'ada@example.com')));
    const batch = Array.from({ length: 3 }, () => ({ type: 'cart.updated', contact: { email: 'ada@example.com' } }));
    await t.api('post', '/api/events').send({ batch }).expect(202);
    expect(await executionsOf(wf.id)).toHaveLength(1);

    // Straight at the runner too: every start but one is refused, as a conflict.
    const contactId = (await executionsOf(wf.id))[0]!.contactId!;
    const starts = await Promise.allSettled(Array.from({ length: 5 }, () =>
      t.runtime.runner.start({ workflowId: wf.id, mode: 'event', payload: {}, contactId })));
    expect(starts.every((s) => s.status === 'rejected' && /in this journey already/.test(String(s.reason)))).toBe(true);
  });

  it('`always` starts a run for every event; a run started by hand ignores the rule', async () => {
    const wf = await saveWorkflow(t.runtime, cartJourney({ reentry: 'always' }), { activate: true });
    await send('cart.updated', 'ada@example.com');
    await send('cart.updated', 'ada@example.com');
    expect(await executionsOf(wf.id)).toHaveLength(2);

    const once = await saveWorkflow(t.runtime, { ...cartJourney({}), name: 'Once' }, { activate: true });
    await send('cart.updated', 'grace@example.com');
    const [first] = await executionsOf(once.id);
    await t.api('post', `/api/executions/${first!.id}/rerun`).expect(202);
    expect(await executionsOf(once.id)).toHaveLength(2);
  });

  it('refuses a re-entry mode it does not know, naming the setting', async () => {
    const res = await t.api('post', '/api/workflows').send(cartJourney({ reentry: 'twice', exit: { onGoal: 'yes' } })).expect(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['settings.exit.onGoal', 'settings.reentry']);
  });
});

describe('exit conditions', () => {
  it('a contact who buys during the delay leaves as converted instead of getting the reminder', async () => {
    const wf = await saveWorkflow(t.runtime, cartJourney({ exit: { onGoal: true } }), { activate: true });
    await send('cart.updated', 'ada@example.com');
    await send('cart.updated', 'grace@example.com');
    await t.runtime.runner.idle();
    t.clock.advance(DAY);
    await send('order.completed', 'ada@example.com', { total: 42 });
    await afterDelay();

    const runs = await executionsOf(wf.id);
    const ada = runs.find((e) => e.steps[0]?.output && JSON.stringify(e.steps[0].output).includes('ada@'))!;
    const grace = runs.find((e) => e !== ada)!;
    expect(ada.status).toBe('success');
    expect(path(ada)).toEqual(['cart:success', 'wait:canceled', 'bought:success']);
    expect(ada.steps[2]!.output).toEqual({ converted: true, exited: true });
    expect(path(grace)).toEqual(['cart:success', 'wait:success', 'remind:success', 'bought:success']);
    expect(grace.steps[3]!.output).toEqual({ converted: false });

    const stats = (await t.api('get', `/api/workflows/${wf.id}/stats`).expect(200)).body;
    expect(stats.workflow).toEqual({ started: 2, running: 0, waiting: 0, succeeded: 2, errored: 0, converted: 1 });
  });

  it('a goal met when its own step is next converts on that step', async () => {
    const wf = await saveWorkflow(t.runtime, {
      name: 'Upsell',
      nodes: [
        { id: 'signup', type: 'trigger.event', version: 1, params: { event: 'signed.up' } },
        { id: 'pro', type: 'flow.goal', version: 1, params: { filter: { match: 'all', rules: [{ field: 'contact.plan', op: 'eq', value: 'pro' }] } } },
      ],
      edges: [{ id: 'e1', source: 'signup', target: 'pro' }],
      settings: { exit: { onGoal: true } },
    }, { activate: true });
    await t.api('post', '/api/events').send({ type: 'signed.up', contact: { email: 'ada@example.com', plan: 'pro' } }).expect(202);
    const [run] = await executionsOf(wf.id);
    expect(path(run!)).toEqual(['signup:success', 'pro:success']);
    expect(run!.steps[1]!.output).toEqual({ converted: true, exited: true });
  });

  it('without the exit rule, the same contact gets the reminder', async () => {
    const wf = await saveWorkflow(t.runtime, cartJourney({}), { activate: true });
    await send('cart.updated', 'ada@example.com');
    await send('order.completed', 'ada@example.com', { total: 42 });
    await afterDelay();
    expect(path((await executionsOf(wf.id))[0]!)).toEqual(['cart:success', 'wait:success', 'remind:success', 'bought:success']);
  });

  it('a contact who unsubscribes during the delay leaves, saying why', async () => {
    const wf = await saveWorkflow(t.runtime, cartJourney({ exit: { onUnsubscribe: true } }), { activate: true });
    const { body } = await send('cart.updated', 'ada@example.com');
    await t.api('patch', `/api/contacts/${body.contactIds[0]}`).send({ consent: { email: { status: 'unsubscribed', source: 'link' } } }).expect(200);
    await afterDelay();
    const [run] = await executionsOf(wf.id);
    expect(run).toMatchObject({ status: 'canceled', error: { message: 'left the journey: the contact unsubscribed from email' } });
    expect(path(run!)).toEqual(['cart:success', 'wait:canceled']);
  });

  it('a contact who leaves the segment during the delay leaves the journey; one who stays gets the reminder', async () => {
    await t.api('post', '/api/segments').send({
      name: 'Trial users', rules: { match: 'all', rules: [{ field: 'contact.tags', op: 'has_tag', value: 'trial' }] },
    }).expect(201);
    const wf = await saveWorkflow(t.runtime, cartJourney({ exit: { segment: 'Trial users' } }), { activate: true });
    const ada = (await t.api('post', '/api/events').send({ type: 'cart.updated', contact: { email: 'ada@example.com', tags: ['trial'] } }).expect(202)).body;
    await t.api('post', '/api/events').send({ type: 'cart.updated', contact: { email: 'bo@example.com', tags: ['trial'] } }).expect(202);
    // Ada upgrades: her trial tag goes, and with it her place in the segment.
    await t.api('patch', `/api/contacts/${ada.contactIds[0]}`).send({ tags: [] }).expect(200);
    await afterDelay();
    const runs = await executionsOf(wf.id);
    const of = (id: string) => runs.find((r) => r.contactId === id)!;
    expect(of(ada.contactIds[0])).toMatchObject({ status: 'canceled', error: { message: 'left the journey: the contact left the segment Trial users' } });
    const bo = runs.find((r) => r.contactId !== ada.contactIds[0])!;
    expect(path(bo)).toEqual(['cart:success', 'wait:success', 'remind:success', 'bought:success']);
  });
});

describe('GET /api/workflows/:id/stats', () => {
  const scoring: WorkflowInput = {
    name: 'Scoring',
    nodes: [
      { id: 'signup', type: 'trigger.event', version: 1, params: { event: 'signed.up' } },
      { id: 'hot', type: 'logic.condition', version: 1, params: { match: 'all', rules: [{ field: 'trigger.event.data.score', op: 'gte', value: 50 }] } },
      { id: 'sales', type: 'data.set', version: 1, params: { values: { owner: 'sales' } } },
      { id: 'nurture', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: 1, unit: 'days' } },
      { id: 'done', type: 'flow.goal', version: 1, params: {} },
    ],
    edges: [
      { id: 'e1', source: 'signup', target: 'hot' },
      { id: 'e2', source: 'hot', sourcePort: 'true', target: 'sales' },
      { id: 'e3', source: 'hot', sourcePort: 'false', target: 'nurture' },
      { id: 'e4', source: 'sales', target: 'done' },
    ],
  };

  it('counts, per node, who entered, waits there, passed each port; and per workflow', async () => {
    const wf = await saveWorkflow(t.runtime, scoring, { activate: true });
    await send('signed.up', 'a@example.com', { score: 80 });
    await send('signed.up', 'b@example.com', { score: 90 });
    await send('signed.up', 'c@example.com', { score: 10 });
    await t.runtime.runner.idle();

    const { body } = await t.api('get', `/api/workflows/${wf.id}/stats`).expect(200);
    expect(body).toEqual({
      workflow: { started: 3, running: 0, waiting: 1, succeeded: 2, errored: 0, converted: 2 },
      nodes: {
        signup: { entered: 3, waiting: 0, passed: { out: 3 }, errored: 0 },
        hot: { entered: 3, waiting: 0, passed: { true: 2, false: 1 }, errored: 0 },
        sales: { entered: 2, waiting: 0, passed: { out: 2 }, errored: 0 },
        nurture: { entered: 1, waiting: 1, passed: {}, errored: 0 },
        done: { entered: 2, waiting: 0, passed: {}, errored: 0 },
      },
      // No message node in this journey.
      messages: { sent: 0, delivered: 0, opened: 0, clicked: 0, bounced: 0, unsubscribed: 0 },
    });

    t.clock.advance(DAY);
    await t.runtime.scheduler.tick();
    await t.runtime.runner.idle();
    const later = (await t.api('get', `/api/workflows/${wf.id}/stats`).expect(200)).body;
    expect(later.workflow).toMatchObject({ waiting: 0, succeeded: 3 });
    expect(later.nodes.nurture).toEqual({ entered: 1, waiting: 0, passed: { out: 1 }, errored: 0 });
  });

  it('answers 404 for a workflow that does not exist', async () => {
    const res = await t.api('get', '/api/workflows/nope/stats').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
