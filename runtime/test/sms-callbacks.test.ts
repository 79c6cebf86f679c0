// Issue 4, must-hold 2, over the real app against the Twilio fake: incoming STOP and START (signed
// as Twilio signs its webhooks), marketing SMS suppressed after a STOP — also one deferred by quiet
// hours when the STOP arrives during the night — and delivery status callbacks on the message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTwilio, startFakeTwilio } from '../../test-support/fakes/twilio.js';
import { createTestApp, type TestApp } from './http-app.js';

const PUBLIC = 'https://tern.example.com';
const HOUR = 3_600_000;

let t: TestApp;
let twilio: FakeTwilio;
let workflowId: string;

beforeAll(async () => {
  twilio = await startFakeTwilio();
  t = await createTestApp({ config: { httpAllow: ['127.0.0.1'], publicUrl: PUBLIC } });
  t.clock.set('2026-03-02T10:00:00Z'); // a Monday, 11:00 in Berlin
  const credential = (await t.api('post', '/api/credentials').send({ type: 'twilio', name: 'SMS', data: twilio.credential }).expect(201)).body.id;
  const { body } = await t.api('post', '/api/workflows').send({
    name: 'SMS promo',
    // Every promo event sends again (journeys default to one entry per contact).
    settings: { timezone: 'Europe/Berlin', reentry: 'always' },
    nodes: [
      { id: 'start', type: 'trigger.event', version: 1, params: { event: 'promo.sms' } },
      { id: 'promo', type: 'sms.send', version: 1, params: {
        credential, from: '+15017122661', to: '{{ contact.phone }}', body: 'Hi {{ contact.first_name }}: 20% off today', marketing: true,
      } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'promo' }],
  }).expect(201);
  workflowId = body.id;
  await t.api('post', `/api/workflows/${workflowId}/activate`).expect(200);
});

afterAll(async () => {
  await t?.dispose();
  await twilio?.close();
});

/** Starts the promo for the contact; answers its execution's promo step. */
async function promo(contact: Record<string, unknown>) {
  const { body } = await t.api('post', '/api/events').send({ type: 'promo.sms', contact }).expect(202);
  await t.runtime.runner.idle();
  return promoStepOf(body.contactIds[0] as string);
}

async function promoStepOf(contactId: string) {
  const page = await t.runtime.store.executions.list({ workflowId }, { limit: 1000 });
  const execution = page.items.find((e) => e.contactId === contactId)!;
  const { body } = await t.api('get', `/api/executions/${execution.id}`).expect(200);
  return { contactId, executionId: execution.id, step: body.steps.find((s: { nodeId: string }) => s.nodeId === 'promo') };
}

/** An incoming SMS, posted and signed as Twilio does. */
function inbound(from: string, text: string) {
  const { headers, form } = twilio.webhook(`${PUBLIC}/t/sms/inbound`, { MessageSid: `SM${Date.now()}`, From: from, To: '+15017122661', Body: text });
  return t.anonymous('post', '/t/sms/inbound').set(headers).type('form').send(form);
}

const sentTo = (phone: string) => twilio.messages.filter((m) => m.to === phone);

describe('incoming SMS and delivery callbacks', () => {
  it('an incoming STOP opts the number out of marketing SMS everywhere; START opts it back in', async () => {
    const phone = '+4915112340001';
    const first = await promo({ phone, first_name: 'Ada' });
    expect(first.step).toMatchObject({ port: 'out', output: { status: 'queued', to: phone } });

    const stop = await inbound(phone, ' stop ').expect(200);
    expect(stop.headers['content-type']).toMatch(/^text\/xml/);
    expect(stop.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Message>You are unsubscribed and will get no more messages from us. Reply START to subscribe again.</Message></Response>');
    const contact = (await t.api('get', `/api/contacts/${first.contactId}`).expect(200)).body;
    expect(contact.consent.sms).toMatchObject({ status: 'unsubscribed', source: 'sms STOP' });
    const suppressed = (await t.api('get', '/api/suppressions?channel=sms').expect(200)).body.items;
    expect(suppressed).toEqual([expect.objectContaining({ address: phone, channel: 'sms', reason: 'unsubscribed', source: 'sms STOP' })]);

    const later = await promo({ phone });
    expect(later.step).toMatchObject({ port: 'out', output: { status: 'suppressed', reason: 'unsubscribed', to: phone } });
    expect(sentTo(phone)).toHaveLength(1);

    const start = await inbound(phone, 'START').expect(200);
    expect(start.text).toContain('<Message>You are subscribed again.');
    expect((await t.api('get', `/api/contacts/${first.contactId}`).expect(200)).body.consent.sms).toMatchObject({ status: 'subscribed' });
    expect((await t.api('get', '/api/suppressions?channel=sms').expect(200)).body.total).toBe(0);
    await promo({ phone });
    expect(sentTo(phone)).toHaveLength(2);
    const events = (await t.api('get', `/api/contacts/${first.contactId}/events`).expect(200)).body.items.map((e: { type: string }) => e.type);
    expect(events).toEqual(expect.arrayContaining(['sms.unsubscribed', 'sms.resubscribed']));
  });

  it('a STOP during the night holds back the marketing SMS deferred to the morning', async () => {
    const phone = '+4915112340002';
    t.clock.set('2026-03-03T01:00:00Z'); // 02:00 in Berlin
    const deferred = await promo({ phone, timezone: 'Europe/Berlin' });
    expect(deferred.step).toMatchObject({ status: 'waiting', output: null });
    await inbound(phone, 'STOPALL').expect(200);

    t.clock.set('2026-03-03T07:00:00Z'); // 08:00 in Berlin: quiet hours end
    await t.runtime.scheduler.tick();
    await t.runtime.runner.idle();
    const { step } = await promoStepOf(deferred.contactId);
    expect(step).toMatchObject({ status: 'success', output: { status: 'suppressed', reason: 'unsubscribed' } });
    expect(sentTo(phone)).toHaveLength(0);
    t.clock.set('2026-03-03T10:00:00Z');
  });

  it('refuses a webhook that Twilio did not sign, changing nothing', async () => {
    const phone = '+4915112340003';
    const { form } = twilio.webhook(`${PUBLIC}/t/sms/inbound`, { From: phone, Body: 'STOP' });
    const forged = await t.anonymous('post', '/t/sms/inbound').set('X-Twilio-Signature', 'bm90IGEgc2lnbmF0dXJl').type('form').send(form).expect(403);
    expect(forged.body.error.code).toBe('forbidden');
    await t.anonymous('post', '/t/sms/inbound').type('form').send(form).expect(403);
    // Signed for another URL (a replay at another path) does not pass either.
    const elsewhere = twilio.webhook(`${PUBLIC}/t/sms/status`, { From: phone, Body: 'STOP' });
    await t.anonymous('post', '/t/sms/inbound').set(elsewhere.headers).type('form').send(elsewhere.form).expect(403);
    expect((await t.api('get', '/api/suppressions').expect(200)).body.items.map((s: { address: string }) => s.address)).not.toContain(phone);
  });

  it('records delivery status callbacks on the message; an undelivered one to an opted-out number suppresses it', async () => {
    const phone = '+4915112340004';
    const sent = await promo({ phone, first_name: 'Bo' });
    const sid = twilio.messages.find((m) => m.to === phone)!.sid;
    const status = (params: Record<string, string>) => {
      const { headers, form } = twilio.webhook(`${PUBLIC}/t/sms/status`, { MessageSid: sid, ...params });
      return t.anonymous('post', '/t/sms/status').set(headers).type('form').send(form);
    };
    t.clock.advance(HOUR);
    await status({ MessageStatus: 'delivered' }).expect(204);
    let [message] = (await t.api('get', `/api/contacts/${sent.contactId}/messages`).expect(200)).body.items;
    expect(message).toMatchObject({ channel: 'sms', status: 'delivered', deliveredAt: '2026-03-03T11:00:00.000Z', executionId: sent.executionId });

    await status({ MessageStatus: 'undelivered', ErrorCode: '21610' }).expect(204);
    [message] = (await t.api('get', `/api/contacts/${sent.contactId}/messages`).expect(200)).body.items;
    expect(message).toMatchObject({ failedAt: expect.any(String), reason: 'the SMS was undelivered (Twilio error 21610)' });
    expect((await t.api('get', '/api/suppressions?channel=sms').expect(200)).body.items.map((s: { address: string }) => s.address)).toContain(phone);
  });
});
