// sms.send through the whole runtime, against a local server that checks requests the way
// Twilio's Messages API does; quiet hours on the runtime's fake clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTwilio, startFakeTwilio } from '../../test-support/fakes/twilio.js';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
let twilio: FakeTwilio;
let credentialId: string;

beforeAll(async () => {
  twilio = await startFakeTwilio();
  t = await createTestApp({ config: { httpAllow: ['127.0.0.1'], publicUrl: 'https://tern.example.com' } });
  credentialId = await createCredential(twilio.credential);
});

afterAll(async () => {
  await t?.dispose();
  await twilio?.close();
});

async function createCredential(data: object): Promise<string> {
  return (await t.api('post', '/api/credentials').send({ type: 'twilio', name: 'SMS', data }).expect(201)).body.id as string;
}

/** webhook → sms.send (marketing, Berlin), whose `error` port leads to a data.set. */
async function activatePromo(path: string, sms: Record<string, unknown> = {}): Promise<void> {
  const { body } = await t.api('post', '/api/workflows').send({
    name: `Promo ${path}`,
    settings: { timezone: 'Europe/Berlin' },
    nodes: [
      { id: 'hook', type: 'trigger.webhook', version: 1, params: { path, method: 'POST', respond: 'immediately' } },
      { id: 'promo', type: 'sms.send', version: 1, params: {
        credential: credentialId, from: '+15017122661', to: '{{ trigger.body.phone }}', body: 'Hi {{ trigger.body.name }}: 20% off today',
        marketing: true, defaultCountry: 'DE', ...sms,
      } },
      { id: 'failed', type: 'data.set', version: 1, params: { values: { reason: '{{ steps.promo.message }}' } } },
    ],
    edges: [
      { id: 'e1', source: 'hook', target: 'promo' },
      { id: 'e2', source: 'promo', sourcePort: 'error', target: 'failed' },
    ],
  }).expect(201);
  await t.api('post', `/api/workflows/${body.id}/activate`).expect(200);
}

async function call(path: string, payload: object) {
  const res = await t.anonymous('post', `/webhook/${path}`).send(payload).expect(202);
  await t.runtime.runner.idle();
  return execution(res.body.executionId as string);
}

async function execution(id: string) {
  return (await t.api('get', `/api/executions/${id}`).expect(200)).body as {
    id: string;
    status: string;
    error: { message: string } | null;
    steps: Array<{ nodeId: string; status: string; port: string | null; output: any }>;
  };
}

const promoStep = (e: Awaited<ReturnType<typeof execution>>) => e.steps.find((s) => s.nodeId === 'promo')!;

describe('sms.send through a Twilio-compatible API', () => {
  it('sends in the daytime: basic auth, form fields, E.164 numbers, and the status callback', async () => {
    t.clock.set('2026-01-06T10:00:00Z'); // 11:00 in Berlin
    await activatePromo('promo-day');
    const before = twilio.requests.length;
    const done = await call('promo-day', { name: 'Ada', phone: '0151 23456789' });
    expect(done.status).toBe('success');

    const [request] = twilio.requests.slice(before);
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`);
    expect(request!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      To: '+4915123456789', From: '+15017122661', Body: 'Hi Ada: 20% off today', StatusCallback: 'https://tern.example.com/t/sms/status',
    });
    const sent = twilio.messages.at(-1)!;
    expect(promoStep(done)).toMatchObject({ port: 'out', output: { messageId: sent.sid, status: 'queued', to: '+4915123456789' } });
  });

  it('defers a marketing message due at 02:00 recipient time to 08:00, and sends it then', async () => {
    t.clock.set('2026-01-06T01:00:00Z'); // 02:00 in Berlin
    await activatePromo('promo-night');
    const before = twilio.requests.length;
    const held = await call('promo-night', { name: 'Ada', phone: '+49 151 23456789' });
    expect(held.status).toBe('waiting');
    expect(promoStep(held).status).toBe('waiting');
    const waits = await t.runtime.store.executions.waitsOf(held.id);
    expect(waits.map((w) => new Date(w.dueAt!).toISOString())).toEqual(['2026-01-06T07:00:00.000Z']);
    expect(waits[0]!.state).toMatchObject({ status: 'deferred', reason: 'quiet hours', timezone: 'Europe/Berlin' });
    expect(twilio.requests.length).toBe(before);

    t.clock.set('2026-01-06T06:59:59Z');
    expect(await t.runtime.scheduler.tick()).toBe(0);
    expect(twilio.requests.length).toBe(before);

    t.clock.set('2026-01-06T07:00:00Z');
    expect(await t.runtime.scheduler.tick()).toBe(1);
    await t.runtime.runner.idle();
    const done = await execution(held.id);
    expect(done.status).toBe('success');
    expect(twilio.requests.length).toBe(before + 1);
    expect(new URLSearchParams(twilio.requests.at(-1)!.body).get('To')).toBe('+4915123456789');
    expect(promoStep(done)).toMatchObject({ status: 'success', port: 'out', output: { status: 'queued' } });
  });

  it('takes the error port for a number that is not one, calling nobody', async () => {
    t.clock.set('2026-01-06T10:00:00Z');
    await activatePromo('promo-invalid');
    const before = twilio.requests.length;
    const done = await call('promo-invalid', { name: 'Ada', phone: '12345' });
    expect(done.status).toBe('success');
    expect(promoStep(done)).toMatchObject({ port: 'error', output: { message: 'params.to: "12345" is not a valid phone number' } });
    expect(twilio.requests.length).toBe(before);
  });

  it("takes the error port with Twilio's error when it refuses the credential", async () => {
    t.clock.set('2026-01-06T10:00:00Z');
    const wrong = await createCredential({ ...twilio.credential, authToken: 'not-the-token' });
    await activatePromo('promo-auth', { credential: wrong });
    const done = await call('promo-auth', { name: 'Ada', phone: '+4915123456789' });
    expect(promoStep(done)).toMatchObject({
      port: 'error',
      output: { message: 'Authenticate', code: 20003, status: 401, moreInfo: 'https://www.twilio.com/docs/errors/20003' },
    });
    expect(JSON.stringify(done)).not.toContain(twilio.authToken);
  });

  it('fails the step when the provider is down, so a retry can send it later', async () => {
    t.clock.set('2026-01-06T10:00:00Z');
    await activatePromo('promo-down');
    twilio.failNext(503, 20500, 'Service unavailable');
    const done = await call('promo-down', { name: 'Ada', phone: '+4915123456789' });
    expect(done.status).toBe('error');
    expect(done.error?.message).toBe('Service unavailable');
  });
});
