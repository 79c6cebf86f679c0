// POST /api/events through the real app: contacts created and updated from events (never clearing
// an unsubscribe), all-or-nothing batches, trigger.event workflows and flow.wait_event resumes.
import request from 'supertest';
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

const send = (body: unknown) => t.api('post', '/api/events').send(body as object);
const contacts = async (query = '') => (await t.api('get', `/api/contacts${query}`).expect(200)).body;

interface ExecutionView {
  id: string;
  status: string;
  contactId: string | null;
  steps: Array<{ nodeId: string; status: string; port: string | null; output: unknown }>;
}

async function executionsOf(workflowId: string): Promise<ExecutionView[]> {
  await t.runtime.runner.idle();
  const list = (await t.api('get', `/api/executions?workflowId=${workflowId}`).expect(200)).body.items as Array<{ id: string }>;
  return Promise.all(list.map(async (e) => (await t.api('get', `/api/executions/${e.id}`).expect(200)).body as ExecutionView));
}

describe('POST /api/events: contacts', () => {
  it('creates the contact on its first event and updates it on the next; unknown keys become custom fields', async () => {
    const first = await send({
      type: 'signed.up', contact: { email: ' Ada@Example.COM ', first_name: 'Ada', plan: 'pro', tags: ['beta'] }, data: { source: 'landing' },
    }).expect(202);
    expect(first.body).toEqual({ accepted: 1, contactIds: [expect.any(String)], eventIds: [expect.any(String)] });
    const [id] = first.body.contactIds;

    t.clock.advance(60_000);
    const second = await send({
      type: 'order.completed', contact: { email: 'ada@example.com', phone: '+49 30 1234567', tags: ['buyer'], fields: { city: 'Berlin' } },
      data: { total: 99.5 }, at: '2026-01-05T10:00:00.000Z',
    }).expect(202);
    expect(second.body.contactIds).toEqual([id]);

    const ada = (await t.api('get', `/api/contacts/${id}`).expect(200)).body;
    expect(ada).toMatchObject({
      email: 'ada@example.com', phone: '+49301234567', first_name: 'Ada', tags: ['beta', 'buyer'], fields: { plan: 'pro', city: 'Berlin' },
    });
    const events = (await t.api('get', `/api/contacts/${id}/events`).expect(200)).body;
    expect(events.items.map((e: { type: string }) => e.type).sort()).toEqual(['order.completed', 'signed.up']);
    expect(events.items.find((e: { type: string }) => e.type === 'order.completed')).toMatchObject({ data: { total: 99.5 }, at: '2026-01-05T10:00:00.000Z' });
    expect((await contacts()).total).toBe(1);
  });

  it('never clears an unsubscribe, while recording consent where there was none', async () => {
    const ada = (await t.api('post', '/api/contacts').send({
      email: 'ada@example.com', consent: { email: { status: 'unsubscribed', source: 'unsubscribe link' } },
    }).expect(201)).body;
    await send({
      type: 'form.submitted',
      contact: { email: 'ada@example.com', phone: '+14155550100', consent: { email: { status: 'subscribed', source: 'form' }, sms: { status: 'subscribed', source: 'form' } } },
    }).expect(202);
    const after = (await t.api('get', `/api/contacts/${ada.id}`).expect(200)).body;
    expect(after.consent.email).toEqual(ada.consent.email);
    expect(after.consent.sms).toMatchObject({ status: 'subscribed', source: 'form' });
  });

  it('finds the contact by phone (normalised) or id', async () => {
    const { body } = await send({ type: 'sms.replied', contact: { phone: '+1 (415) 555-0100' } }).expect(202);
    await send({ type: 'sms.replied', contact: { phone: '415 555 0100', country: 'US', first_name: 'Grace' } }).expect(202);
    await send({ type: 'page.viewed', contact: { id: body.contactIds[0], last_name: 'Hopper' } }).expect(202);
    expect((await contacts()).items).toEqual([expect.objectContaining({ phone: '+14155550100', first_name: 'Grace', last_name: 'Hopper' })]);
    const unknownId = await send({ type: 'page.viewed', contact: { id: 'nobody' } }).expect(400);
    expect(unknownId.body.error.details).toEqual([expect.objectContaining({ field: 'contact.id' })]);
  });

  it('refuses an event without a contact identity, naming `contact`', async () => {
    const none = await send({ type: 'page.viewed', data: {} }).expect(400);
    expect(none.body.error.details).toEqual([expect.objectContaining({ field: 'contact' })]);
    const anonymous = await send({ type: 'page.viewed', contact: { first_name: 'Ada' } }).expect(400);
    expect(anonymous.body.error.details).toEqual([expect.objectContaining({ field: 'contact' })]);
    const badEmail = await send({ type: 'page.viewed', contact: { email: 'nope' } }).expect(400);
    expect(badEmail.body.error.details).toEqual([expect.objectContaining({ field: 'contact.email' })]);
    expect((await contacts()).total).toBe(0);
  });

  it('takes a batch all or nothing: one bad item names its index and field, and nothing is written', async () => {
    const bad = await send({ batch: [
      { type: 'page.viewed', contact: { email: 'ada@example.com' } },
      { type: 'page.viewed', contact: { email: 'grace@example.com', phone: 'not a phone' } },
      { type: '', contact: { email: 'alan@example.com' } },
    ] }).expect(400);
    expect(bad.body.error.details).toEqual([
      expect.objectContaining({ index: 1, field: 'contact.phone' }),
      expect.objectContaining({ index: 2, field: 'type' }),
    ]);
    expect((await contacts()).total).toBe(0);

    const good = await send({ batch: [
      { type: 'page.viewed', contact: { email: 'ada@example.com' } },
      { type: 'page.viewed', contact: { email: 'grace@example.com' } },
      { type: 'cart.updated', contact: { email: 'ADA@example.com', first_name: 'Ada' } },
    ] }).expect(202);
    expect(good.body.accepted).toBe(3);
    expect(good.body.contactIds[0]).toBe(good.body.contactIds[2]);
    expect((await contacts()).total).toBe(2);

    const tooMany = await send({ batch: Array.from({ length: 1001 }, () => ({ type: 'x', contact: { email: 'a@example.com' } })) }).expect(400);
    expect(tooMany.body.error.details).toEqual([expect.objectContaining({ field: 'batch' })]);
  });

  it('a clash within a batch (an email of another contact) fails the whole batch', async () => {
    await send({ type: 'a', contact: { email: 'ada@example.com', phone: '+14155550100' } }).expect(202);
    await send({ type: 'a', contact: { email: 'grace@example.com' } }).expect(202);
    const clash = await send({ batch: [
      { type: 'b', contact: { email: 'new@example.com' } },
      { type: 'b', contact: { email: 'grace@example.com', phone: '+14155550100' } },
    ] }).expect(400);
    expect(clash.body.error.details).toEqual([expect.objectContaining({ index: 1, field: 'contact.phone' })]);
    expect((await contacts()).total).toBe(2);
  });

  it('accepts an ingest-scope API key', async () => {
    const { body } = await t.api('post', '/api/keys').send({ name: 'Website', scope: 'ingest' }).expect(201);
    await request(t.app).post('/api/events').set('Authorization', `Bearer ${body.key}`)
      .send({ type: 'page.viewed', contact: { email: 'ada@example.com' } }).expect(202);
    await request(t.app).get('/api/contacts').set('Authorization', `Bearer ${body.key}`).expect(403);
  });
});

describe('trigger.event', () => {
  const bigOrders = {
    name: 'Big orders',
    nodes: [
      { id: 'order', type: 'trigger.event', version: 1, params: {
        event: 'order.completed', filter: { match: 'all', rules: [{ field: 'event.data.total', op: 'gte', value: 100 }] },
      } },
      { id: 'thanks', type: 'data.set', version: 1, params: { values: {
        greeting: 'Thanks {{ contact.first_name }}', plan: '{{ contact.plan }}', same: '{{ contact.fields.plan }}', total: '{{ trigger.event.data.total }}',
      } } },
    ],
    edges: [{ id: 'e1', source: 'order', sourcePort: 'out', target: 'thanks', targetPort: 'in' }],
  };

  it('starts an active workflow for the contact on a matching event, with the contact in templates', async () => {
    const wf = await saveWorkflow(t.runtime, bigOrders, { activate: true });
    const { body } = await send({ type: 'order.completed', contact: { email: 'ada@example.com', first_name: 'Ada', plan: 'pro' }, data: { total: 150 } }).expect(202);
    const [execution] = await executionsOf(wf.id);
    expect(execution).toMatchObject({ status: 'success', contactId: body.contactIds[0] });
    expect(execution!.steps.find((s) => s.nodeId === 'order')?.output).toMatchObject({
      event: { type: 'order.completed', data: { total: 150 } }, contact: { email: 'ada@example.com', first_name: 'Ada' },
    });
    expect(execution!.steps.find((s) => s.nodeId === 'thanks')?.output).toEqual({ greeting: 'Thanks Ada', plan: 'pro', same: 'pro', total: 150 });
  });

  it('does not start on a filtered-out event, another type, or while inactive', async () => {
    const wf = await saveWorkflow(t.runtime, bigOrders, { activate: true });
    await send({ type: 'order.completed', contact: { email: 'ada@example.com' }, data: { total: 20 } }).expect(202);
    await send({ type: 'cart.updated', contact: { email: 'ada@example.com' }, data: { total: 500 } }).expect(202);
    expect(await executionsOf(wf.id)).toEqual([]);

    await t.api('post', `/api/workflows/${wf.id}/deactivate`).expect(200);
    await send({ type: 'order.completed', contact: { email: 'ada@example.com' }, data: { total: 500 } }).expect(202);
    expect(await executionsOf(wf.id)).toEqual([]);
  });
});

describe('flow.wait_event', () => {
  const HOUR = 3_600_000;
  const abandonedCart = {
    name: 'Abandoned cart',
    nodes: [
      { id: 'cart', type: 'trigger.event', version: 1, params: { event: 'cart.updated' } },
      { id: 'wait', type: 'flow.wait_event', version: 1, params: {
        event: 'order.completed', timeout: { amount: 4, unit: 'hours' },
        filter: { match: 'all', rules: [{ field: 'event.data.cart', op: 'eq', value: '{{ trigger.event.data.cart }}' }] },
      } },
      { id: 'bought', type: 'data.set', version: 1, params: { values: { outcome: 'bought {{ steps.wait.event.data.total }}' } } },
      { id: 'remind', type: 'data.set', version: 1, params: { values: { outcome: 'reminder' } } },
    ],
    edges: [
      { id: 'e1', source: 'cart', sourcePort: 'out', target: 'wait', targetPort: 'in' },
      { id: 'e2', source: 'wait', sourcePort: 'event', target: 'bought', targetPort: 'in' },
      { id: 'e3', source: 'wait', sourcePort: 'timeout', target: 'remind', targetPort: 'in' },
    ],
  };
  const ran = (e: ExecutionView) => e.steps.map((s) => `${s.nodeId}:${s.port}`);

  it('resumes on `event` when the contact\'s matching event arrives, and the timeout then does nothing', async () => {
    const wf = await saveWorkflow(t.runtime, abandonedCart, { activate: true });
    await send({ type: 'cart.updated', contact: { email: 'ada@example.com' }, data: { cart: 'c-1' } }).expect(202);
    await send({ type: 'cart.updated', contact: { email: 'grace@example.com' }, data: { cart: 'c-2' } }).expect(202);
    const waiting = await executionsOf(wf.id);
    expect(waiting.map((e) => e.status)).toEqual(['waiting', 'waiting']);

    // Another contact's order, and an order of another cart, resume nothing.
    await send({ type: 'order.completed', contact: { email: 'bob@example.com' }, data: { cart: 'c-1', total: 10 } }).expect(202);
    await send({ type: 'order.completed', contact: { email: 'ada@example.com' }, data: { cart: 'c-9', total: 10 } }).expect(202);
    expect((await executionsOf(wf.id)).map((e) => e.status)).toEqual(['waiting', 'waiting']);

    await send({ type: 'order.completed', contact: { email: 'ada@example.com' }, data: { cart: 'c-1', total: 42 } }).expect(202);
    const ada = (await contacts('?email=ada@example.com')).items[0].id;
    const afterOrder = await executionsOf(wf.id);
    const adas = afterOrder.find((e) => e.contactId === ada)!;
    expect(adas.status).toBe('success');
    expect(ran(adas)).toEqual(['cart:out', 'wait:event', 'bought:out']);
    expect(adas.steps.find((s) => s.nodeId === 'bought')?.output).toEqual({ outcome: 'bought 42' });

    // After the deadline only Grace's wait times out; Ada's journey is not touched again.
    t.clock.advance(5 * HOUR);
    expect(await t.runtime.scheduler.tick()).toBe(1);
    const final = await executionsOf(wf.id);
    expect(ran(final.find((e) => e.contactId === ada)!)).toEqual(['cart:out', 'wait:event', 'bought:out']);
    const graces = final.find((e) => e.contactId !== ada)!;
    expect(graces.status).toBe('success');
    expect(ran(graces)).toEqual(['cart:out', 'wait:timeout', 'remind:out']);
  });

  it('takes `timeout` after the deadline, and a late event then resumes nothing', async () => {
    const wf = await saveWorkflow(t.runtime, abandonedCart, { activate: true });
    await send({ type: 'cart.updated', contact: { email: 'ada@example.com' }, data: { cart: 'c-1' } }).expect(202);
    // The wait's deadline counts from when the run reaches it: let it get there before time moves.
    await t.runtime.runner.idle();
    t.clock.advance(4 * HOUR - 1000);
    expect(await t.runtime.scheduler.tick()).toBe(0);
    t.clock.advance(1000);
    expect(await t.runtime.scheduler.tick()).toBe(1);
    await send({ type: 'order.completed', contact: { email: 'ada@example.com' }, data: { cart: 'c-1', total: 42 } }).expect(202);
    const [execution] = await executionsOf(wf.id);
    expect(execution!.status).toBe('success');
    expect(ran(execution!)).toEqual(['cart:out', 'wait:timeout', 'remind:out']);
  });
});
