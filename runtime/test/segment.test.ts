// Segment's HTTP Tracking API (/v1/*) through the real app: write-key auth, identify, track, page
// and batch mapped onto contacts and events, flows started by them, bad input named by its field.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveWorkflow } from './helpers.js';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
let writeKey: string;
beforeEach(async () => {
  t = await createTestApp();
  writeKey = (await t.api('post', '/api/keys').send({ name: 'website', scope: 'ingest' }).expect(201)).body.key;
});
afterEach(async () => {
  await t.dispose();
});

/** As Segment's libraries send it: the write key as the basic user name, no password. */
const segment = (path: string, body: object) => request(t.app).post(`/v1/${path}`).auth(writeKey, '').send(body);
const contacts = async () => (await t.api('get', '/api/contacts').expect(200)).body;
const eventsOf = async (id: string) =>
  ((await t.api('get', `/api/contacts/${id}/events`).expect(200)).body.items as Array<{ type: string; data: unknown; at: string }>);

describe('Segment-compatible /v1 ingestion', () => {
  it('needs a write key: 401 without one or with a wrong one; any API key works, in the body too', async () => {
    const body = { userId: 'ada@example.com', event: 'Signed Up' };
    await request(t.app).post('/v1/track').send(body).expect(401);
    const wrong = await request(t.app).post('/v1/track').auth('not-a-key', '').send(body).expect(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    expect((await contacts()).total).toBe(0);
    await request(t.app).post('/v1/track').auth(t.apiKey, '').send(body).expect(200, { success: true });
    // analytics.js from a browser: text/plain JSON with the write key inside.
    await request(t.app).post('/v1/track').set('Content-Type', 'text/plain')
      .send(JSON.stringify({ ...body, event: 'Clicked', writeKey })).expect(200, { success: true });
    const [ada] = (await contacts()).items;
    expect((await eventsOf(ada.id)).map((e) => e.type).sort()).toEqual(['Clicked', 'Signed Up']);
  });

  it('identify creates the contact from traits; later track and page by userId alone land on it', async () => {
    const wf = await saveWorkflow(t.runtime, {
      name: 'Pricing visitors',
      nodes: [
        { id: 'viewed', type: 'trigger.event', version: 1, params: { event: 'page.viewed', filter: { match: 'all', rules: [{ field: 'event.data.path', op: 'eq', value: '/pricing' }] } } },
        { id: 'note', type: 'data.set', version: 1, params: { values: { who: '{{ contact.first_name }}' } } },
      ],
      edges: [{ id: 'e1', source: 'viewed', sourcePort: 'out', target: 'note', targetPort: 'in' }],
    }, { activate: true });

    await segment('identify', {
      userId: 'u-42', anonymousId: 'anon-1', messageId: 'm1', timestamp: '2026-01-05T08:00:00.000Z',
      traits: { email: 'Ada@Example.com', firstName: 'Ada', lastName: 'Lovelace', plan: 'pro', country: 'United Kingdom' },
      context: { timezone: 'Europe/London' },
    }).expect(200, { success: true });
    const [ada] = (await contacts()).items;
    expect(ada).toMatchObject({
      email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', timezone: 'Europe/London', fields: { plan: 'pro', country: 'United Kingdom' },
    });

    await segment('track', { userId: 'u-42', event: 'Order Completed', properties: { total: 42 } }).expect(200);
    await segment('page', { anonymousId: 'anon-1', name: 'Pricing', properties: { path: '/pricing', url: 'https://shop.test/pricing' } }).expect(200);
    const events = await eventsOf(ada.id);
    expect(events.map((e) => e.type).sort()).toEqual(['Order Completed', 'identify', 'page.viewed']);
    expect(events.find((e) => e.type === 'identify')).toMatchObject({ at: '2026-01-05T08:00:00.000Z', data: { traits: { firstName: 'Ada' } } });
    expect(events.find((e) => e.type === 'page.viewed')?.data).toEqual({ name: 'Pricing', path: '/pricing', url: 'https://shop.test/pricing' });
    await t.runtime.runner.idle();
    const runs = (await t.api('get', `/api/executions?workflowId=${wf.id}`).expect(200)).body;
    expect(runs).toMatchObject({ total: 1, items: [{ contactId: ada.id, status: 'success' }] });
  });

  it('batch records every message, skips a repeated messageId, and drops visitors it cannot tie to a contact', async () => {
    await segment('batch', {
      batch: [
        { type: 'identify', userId: 'u-1', traits: { email: 'grace@example.com' }, messageId: 'a' },
        { type: 'track', userId: 'u-1', event: 'Trial Started', messageId: 'b' },
        { type: 'page', anonymousId: 'stranger', name: 'Home' },
      ],
    }).expect(200, { success: true });
    await segment('track', { userId: 'u-1', event: 'Trial Started', messageId: 'b' }).expect(200);
    const { items, total } = await contacts();
    expect(total).toBe(1);
    expect((await eventsOf(items[0].id)).map((e) => e.type).sort()).toEqual(['Trial Started', 'identify']);
  });

  it('alias ties a new userId to the contact of the previous id; group records a group event', async () => {
    await segment('identify', { anonymousId: 'anon-7', traits: { email: 'ada@example.com' } }).expect(200);
    await segment('batch', {
      batch: [
        { type: 'alias', previousId: 'anon-7', userId: 'crm-1' },
        { type: 'group', userId: 'crm-1', groupId: 'acme', traits: { name: 'Acme', plan: 'enterprise' } },
      ],
    }).expect(200, { success: true });
    await segment('track', { userId: 'crm-1', event: 'Upgraded' }).expect(200);
    const [ada] = (await contacts()).items;
    const events = await eventsOf(ada.id);
    expect(events.map((e) => e.type).sort()).toEqual(['Upgraded', 'group', 'identify']);
    expect(events.find((e) => e.type === 'group')?.data).toEqual({ groupId: 'acme', traits: { name: 'Acme', plan: 'enterprise' } });
    expect(ada.fields).toEqual({});
  });

  it('answers 400 naming the field for bad input, recording nothing', async () => {
    const noEvent = await segment('track', { userId: 'u-1' }).expect(400);
    expect(noEvent.body.error.details).toEqual([expect.objectContaining({ field: 'event' })]);
    const noId = await segment('identify', { traits: { email: 'a@b.co' } }).expect(400);
    expect(noId.body.error.details).toEqual([expect.objectContaining({ field: 'userId' })]);
    const badEmail = await segment('identify', { userId: 'u-9', traits: { email: 'not an email' } }).expect(400);
    expect(badEmail.body.error.details).toEqual([expect.objectContaining({ field: 'traits.email' })]);
    const badBatch = await segment('batch', {
      batch: [{ type: 'identify', userId: 'u-1', traits: { email: 'ok@example.com' } }, { type: 'merge', userId: 'u-1' }, { type: 'track', userId: 'x', timestamp: 'yesterday', event: 'E' }, { type: 'alias', userId: 'u-2' }],
    }).expect(400);
    expect(badBatch.body.error.details.map((d: { field: string }) => d.field)).toEqual(['batch.1.type', 'batch.2.timestamp', 'batch.3.previousId']);
    expect((await contacts()).total).toBe(0);
  });
});
