// Segments through the real app: the API and its bad input, segment.entered / segment.exited
// starting trigger.event flows, the sweep of time-based rules on the fake clock, in_segment in a
// condition, a chain of segment events that is cut, and a schedule over a segment.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireSchedule } from '../src/scheduler/schedule-fire.js';
import { isMember, sweepSegments } from '../src/services/segment-membership.js';
import { saveWorkflow } from './helpers.js';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-05-17T08:00:00Z');
});
afterEach(async () => {
  await t.dispose();
});

const DAY = 86_400_000;
const send = (body: unknown) => t.api('post', '/api/events').send(body as object).expect(202);
const createSegment = async (body: unknown) => (await t.api('post', '/api/segments').send(body as object).expect(201)).body;
const newContact = async (body: Record<string, unknown>) => (await t.api('post', '/api/contacts').send(body).expect(201)).body as { id: string };
const eventsOf = async (contactId: string, type?: string) => {
  await t.runtime.runner.idle();
  const items = (await t.api('get', `/api/contacts/${contactId}/events?limit=1000`).expect(200)).body.items as Array<{ type: string; data: unknown }>;
  return items.filter((e) => type === undefined || e.type === type);
};

interface ExecutionView {
  status: string;
  contactId: string | null;
  steps: Array<{ nodeId: string; port: string | null; output: unknown }>;
}

async function executionsOf(workflowId: string): Promise<ExecutionView[]> {
  await t.runtime.runner.idle();
  const list = (await t.api('get', `/api/executions?workflowId=${workflowId}&limit=1000`).expect(200)).body.items as Array<{ id: string }>;
  return Promise.all(list.map(async (e) => (await t.api('get', `/api/executions/${e.id}`).expect(200)).body as ExecutionView));
}

const hot = { name: 'Hot leads', description: 'Score of 100 or more', rules: { match: 'all', rules: [{ field: 'contact.score', op: 'gte', value: 100 }] } };

describe('/api/segments', () => {
  it('creates, lists, reads, changes and deletes segments, with their count and members', async () => {
    const ada = await newContact({ email: 'ada@example.com', first_name: 'Ada', score: 150 });
    await newContact({ email: 'bob@example.com', score: 20 });

    const created = await createSegment(hot);
    expect(created).toEqual({
      id: expect.any(String), name: 'Hot leads', description: 'Score of 100 or more', rules: hot.rules, count: 1,
      createdAt: expect.any(String), updatedAt: expect.any(String),
    });
    expect((await t.api('get', '/api/segments').expect(200)).body).toMatchObject({ items: [{ id: created.id, count: 1 }], total: 1, nextCursor: null });
    expect((await t.api('get', `/api/segments/${created.id}`).expect(200)).body).toEqual(created);
    const members = (await t.api('get', `/api/segments/${created.id}/contacts`).expect(200)).body;
    expect(members).toMatchObject({ items: [{ id: ada.id, email: 'ada@example.com' }], total: 1 });
    expect((await t.api('get', `/api/contacts?segment=${created.id}`).expect(200)).body.items.map((c: { id: string }) => c.id)).toEqual([ada.id]);

    const changed = (await t.api('put', `/api/segments/${created.id}`)
      .send({ name: 'Warm leads', rules: { match: 'all', rules: [{ field: 'contact.score', op: 'gte', value: 10 }] } }).expect(200)).body;
    expect(changed).toMatchObject({ id: created.id, name: 'Warm leads', count: 2 });
    expect(changed.description).toBeUndefined();

    await t.api('delete', `/api/segments/${created.id}`).expect(204);
    await t.api('get', `/api/segments/${created.id}`).expect(404);
    await t.api('get', `/api/segments/${created.id}/contacts`).expect(404);
  });

  it('previews the count and a sample of rules not saved yet', async () => {
    for (const [i, score] of [5, 50, 500].entries()) await newContact({ email: `p${i}@example.com`, score });
    await send({ type: 'order.completed', contact: { email: 'p0@example.com' }, data: { total: 99 } });
    const { body } = await t.api('post', '/api/segments/preview').send({ rules: {
      match: 'any', rules: [{ field: 'contact.score', op: 'gt', value: 100 }, { event: 'order.completed', op: 'did', withinDays: 30 }],
    } }).expect(200);
    expect(body.count).toBe(2);
    expect(body.sample.map((c: { email: string }) => c.email).sort()).toEqual(['p0@example.com', 'p2@example.com']);
  });

  it('refuses an unknown field or operator with a 400 naming the rule, and saves nothing', async () => {
    const bad = await t.api('post', '/api/segments').send({ name: 'Broken', rules: { match: 'all', rules: [
      { field: 'contact.score', op: 'gt', value: 1 },
      { field: 'trigger.body.plan', op: 'eq', value: 'pro' },
      { field: 'contact.plan', op: 'is_like', value: 'pro' },
      { event: 'order.completed', op: 'did', count: { op: 'gte', value: -1 } },
      { match: 'any', rules: [{ field: 'contact.consent.fax.status', op: 'eq', value: 'subscribed' }] },
    ] } }).expect(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(bad.body.error.details).toEqual([
      expect.objectContaining({ field: 'rules.rules[1].field', message: expect.stringContaining('"trigger.body.plan" is not a contact field') }),
      expect.objectContaining({ field: 'rules.rules[2].op' }),
      expect.objectContaining({ field: 'rules.rules[3].count' }),
      expect.objectContaining({ field: 'rules.rules[4].rules[0].field' }),
    ]);
    expect(bad.body.error.message).toContain('rules.rules[1].field');

    const noValue = await t.api('post', '/api/segments').send({ name: '', rules: { rules: [{ field: 'contact.score', op: 'gt', value: 'lots' }] } }).expect(400);
    expect(noValue.body.error.details.map((d: { field: string }) => d.field)).toEqual(['name', 'rules.rules[0].value']);
    const noRules = await t.api('post', '/api/segments/preview').send({}).expect(400);
    expect(noRules.body.error.details).toEqual([expect.objectContaining({ field: 'rules' })]);
    expect((await t.api('get', '/api/segments').expect(200)).body.total).toBe(0);

    const saved = await createSegment(hot);
    const badEdit = await t.api('put', `/api/segments/${saved.id}`)
      .send({ name: 'Renamed', rules: { match: 'all', rules: [{ field: 'contact.fields.a"b', op: 'exists' }] } }).expect(400);
    expect(badEdit.body.error.details).toEqual([expect.objectContaining({ field: 'rules.rules[0].field' })]);
    expect((await t.api('get', `/api/segments/${saved.id}`).expect(200)).body.name).toBe('Hot leads');
    expect((await t.api('post', '/api/segments').send(hot).expect(409)).body.error.details).toEqual([expect.objectContaining({ field: 'name' })]);
    expect((await t.api('get', '/api/contacts?segment=nope').expect(400)).body.error.details).toEqual([expect.objectContaining({ field: 'segment' })]);
  });
});

describe('membership events', () => {
  const welcomeHot = {
    name: 'Welcome to hot leads',
    nodes: [
      { id: 'entered', type: 'trigger.event', version: 1, params: {
        event: 'segment.entered', filter: { match: 'all', rules: [{ field: 'event.data.segmentName', op: 'eq', value: 'Hot leads' }] },
      } },
      { id: 'note', type: 'data.set', version: 1, params: { values: { hello: 'Hot {{ contact.first_name }}', segment: '{{ trigger.event.data.segmentId }}' } } },
    ],
    edges: [{ id: 'e1', source: 'entered', sourcePort: 'out', target: 'note', targetPort: 'in' }],
  };

  it('segment.entered starts trigger.event flows when an edit or an event brings a contact in; segment.exited when it leaves', async () => {
    const segment = await createSegment(hot);
    const buyers = await createSegment({ name: 'Buyers', rules: { match: 'all', rules: [{ event: 'order.completed', op: 'did' }] } });
    const wf = await saveWorkflow(t.runtime, welcomeHot, { activate: true });
    const ada = await newContact({ email: 'ada@example.com', first_name: 'Ada', score: 10 });
    expect(await eventsOf(ada.id, 'segment.entered')).toEqual([]);

    await t.api('patch', `/api/contacts/${ada.id}`).send({ score: 120 }).expect(200);
    expect(await eventsOf(ada.id, 'segment.entered')).toEqual([
      expect.objectContaining({ data: { segmentId: segment.id, segmentName: 'Hot leads' } }),
    ]);
    const [run] = await executionsOf(wf.id);
    expect(run).toMatchObject({ status: 'success', contactId: ada.id });
    expect(run!.steps.find((s) => s.nodeId === 'note')?.output).toEqual({ hello: 'Hot Ada', segment: segment.id });

    // The same score again changes nothing: no second event, no second run.
    await t.api('patch', `/api/contacts/${ada.id}`).send({ score: 130 }).expect(200);
    expect(await eventsOf(ada.id, 'segment.entered')).toHaveLength(1);

    await send({ type: 'order.completed', contact: { email: 'ada@example.com', score: 5 }, data: { total: 10 } });
    expect((await eventsOf(ada.id, 'segment.entered')).map((e) => e.data)).toContainEqual({ segmentId: buyers.id, segmentName: 'Buyers' });
    expect((await eventsOf(ada.id, 'segment.exited')).map((e) => e.data)).toEqual([{ segmentId: segment.id, segmentName: 'Hot leads' }]);
    expect(await executionsOf(wf.id)).toHaveLength(1);
  });

  it('a time-based rule expires on the sweep, without any write', async () => {
    const recent = await createSegment({ name: 'Recent buyers', rules: { match: 'all', rules: [{ event: 'order.completed', op: 'did', withinDays: 30 }] } });
    await send({ type: 'order.completed', contact: { email: 'ada@example.com' }, data: { total: 10 } });
    const [ada] = (await t.api('get', '/api/contacts').expect(200)).body.items;
    expect(await eventsOf(ada.id, 'segment.entered')).toHaveLength(1);

    t.clock.advance(29 * DAY);
    expect(await sweepSegments(t.runtime)).toBe(0);
    t.clock.advance(2 * DAY);
    expect(await sweepSegments(t.runtime)).toBe(1);
    expect((await eventsOf(ada.id, 'segment.exited')).map((e) => e.data)).toEqual([{ segmentId: recent.id, segmentName: 'Recent buyers' }]);
    expect((await t.api('get', `/api/segments/${recent.id}`).expect(200)).body.count).toBe(0);
    expect(await sweepSegments(t.runtime)).toBe(0);
  });

  it('a chain of segment events that set off more segment events is cut, and the request returns', async () => {
    // Each segment holds contacts with one more segment.entered event than the one before it.
    await createSegment({ name: 'Signed up', rules: { match: 'all', rules: [{ event: 'signed.up', op: 'did' }] } });
    for (let n = 1; n <= 6; n++) {
      await createSegment({ name: `Chain ${n}`, rules: { match: 'all', rules: [{ event: 'segment.entered', op: 'did', count: { op: 'gte', value: n } }] } });
    }
    const { body } = await send({ type: 'signed.up', contact: { email: 'ada@example.com' } });
    const entered = await eventsOf(body.contactIds[0], 'segment.entered');
    expect(entered.length).toBe(4);
    // Membership is still recorded where no event was sent any more.
    const memberships = (await t.runtime.store.segments.membershipOf(body.contactIds[0])).map((s) => s.name).sort();
    expect(memberships).toEqual(['Chain 1', 'Chain 2', 'Chain 3', 'Chain 4', 'Signed up']);
  });
});

describe('in_segment', () => {
  it('a condition asks for the contact\'s segments by id or name', async () => {
    const vip = await createSegment({ name: 'VIP', rules: { match: 'all', rules: [{ field: 'contact.tags', op: 'has_tag', value: 'vip' }] } });
    const wf = await saveWorkflow(t.runtime, {
      name: 'VIP pages',
      nodes: [
        { id: 'viewed', type: 'trigger.event', version: 1, params: { event: 'page.viewed' } },
        { id: 'is_vip', type: 'logic.condition', version: 1, params: { match: 'all', rules: [{ field: 'contact', op: 'in_segment', value: vip.id }] } },
        { id: 'by_name', type: 'logic.condition', version: 1, params: { match: 'all', rules: [{ field: 'contact', op: 'not_in_segment', value: 'VIP' }] } },
      ],
      edges: [
        { id: 'e1', source: 'viewed', sourcePort: 'out', target: 'is_vip', targetPort: 'in' },
        { id: 'e2', source: 'viewed', sourcePort: 'out', target: 'by_name', targetPort: 'in' },
      ],
    }, { activate: true });
    // The event brings Ada into VIP before the flow starts, so the flow already sees it.
    await send({ type: 'page.viewed', contact: { email: 'ada@example.com', tags: ['vip'] } });
    await send({ type: 'page.viewed', contact: { email: 'bob@example.com' } });
    const runs = await executionsOf(wf.id);
    const ports = (email: string) => {
      const run = runs.find((r) => (r.steps[0]!.output as { contact: { email: string } }).contact.email === email)!;
      return [run.steps.find((s) => s.nodeId === 'is_vip')?.port, run.steps.find((s) => s.nodeId === 'by_name')?.port];
    };
    expect(ports('ada@example.com')).toEqual(['true', 'false']);
    expect(ports('bob@example.com')).toEqual(['false', 'true']);
    const ada = runs.find((r) => r.steps[0]!.port === 'out' && (r.steps[0]!.output as { contact: { email: string } }).contact.email === 'ada@example.com')!;
    expect(await isMember(t.runtime.store, 'VIP', ada.contactId!)).toBe(true);
    expect(await isMember(t.runtime.store, vip.id, ada.contactId!)).toBe(true);
    expect(await isMember(t.runtime.store, 'Other', ada.contactId!)).toBe(false);
  });
});

describe('trigger.schedule over a segment', () => {
  it('starts one run per member, each with its contact, read in batches', async () => {
    // Birthdays today (17 May), in each contact's time zone, else the workflow's.
    const club = await createSegment({ name: 'Birthday today', rules: { match: 'all', rules: [{ field: 'contact.birthday', op: 'is_anniversary' }] } });
    const people = [
      ['ada', '1990-05-17', 'Europe/Berlin'], ['bob', '1985-05-17', null], ['cy', '1970-05-17', 'Pacific/Honolulu'],
      ['dee', '2001-05-18', 'Europe/Berlin'], ['eve', null, null], ['fay', '1999-05-17', 'Asia/Tokyo'],
    ] as const;
    for (const [name, birthday, timezone] of people) {
      await newContact({ email: `${name}@example.com`, first_name: name, timezone, fields: birthday ? { birthday } : {} });
    }
    const wf = await saveWorkflow(t.runtime, {
      name: 'Birthday greeting',
      nodes: [
        { id: 'daily', type: 'trigger.schedule', version: 1, params: { cron: '0 9 * * *', segment: 'Birthday today' } },
        { id: 'greet', type: 'data.set', version: 1, params: { values: { text: 'Happy birthday, {{ contact.first_name }}!' } } },
      ],
      edges: [{ id: 'e1', source: 'daily', sourcePort: 'out', target: 'greet', targetPort: 'in' }],
      settings: { timezone: 'Europe/Berlin' },
    });
    // 08:00 UTC on 17 May: still the 16th in Honolulu.
    const tick = { workflowId: wf.id, version: wf.version, nodeId: 'daily', timezone: 'Europe/Berlin', segment: 'Birthday today' };
    expect(await fireSchedule(t.runtime, tick, { batchSize: 2, maxActive: 10 })).toBe(3);
    const runs = await executionsOf(wf.id);
    const greetings = runs.map((r) => (r.steps.find((s) => s.nodeId === 'greet')?.output as { text: string }).text).sort();
    expect(greetings).toEqual(['Happy birthday, ada!', 'Happy birthday, bob!', 'Happy birthday, fay!']);
    expect(runs.every((r) => r.contactId !== null && r.status === 'success')).toBe(true);
    expect(runs[0]!.steps[0]!.output).toMatchObject({ firedAt: '2026-05-17T08:00:00.000Z', segment: { id: club.id, name: 'Birthday today' } });

    expect(await fireSchedule(t.runtime, { ...tick, segment: club.id }, { batchSize: 500, maxActive: 10 })).toBe(3);
    expect(await fireSchedule(t.runtime, { ...tick, segment: 'No such segment' })).toBe(0);
  });
});
