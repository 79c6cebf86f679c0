// The tracking links and the suppression list over the real app and a real SMTP server: tokens
// that are not ours answer a bare 404, a click goes only where it was signed to, unsubscribes and
// hard bounces of runs without a contact land on the suppression list, and caps from settings and
// from the environment.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../test-support/fakes/smtp-sink.js';
import { loadConfig } from '../src/config.js';
import { createTestApp, type TestApp } from './http-app.js';

const PUBLIC = 'https://tern.example.com';

let t: TestApp;
let sink: SmtpSink;
let smtpId: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ config: { httpAllow: ['127.0.0.1'], publicUrl: PUBLIC } });
  smtpId = (await t.api('post', '/api/credentials').send({ type: 'smtp', name: 'Sink', data: sink.credential }).expect(201)).body.id;
});

afterAll(async () => {
  await t?.dispose();
  await sink?.close();
});

/** webhook → email.send to the posted address (no contact). */
async function activateMailer(path: string, email: Record<string, unknown> = {}, app: TestApp = t, credential = smtpId): Promise<void> {
  const { body } = await app.api('post', '/api/workflows').send({
    name: `Mailer ${path}`,
    nodes: [
      { id: 'hook', type: 'trigger.webhook', version: 1, params: { path, method: 'POST', respond: 'immediately' } },
      { id: 'mail', type: 'email.send', version: 1, params: {
        credential, from: 'hello@tern.example', to: '{{ trigger.body.email }}', subject: 'News for {{ trigger.body.email }}',
        html: '<p>News</p><p><a href="https://shop.example/new">New in</a></p>', marketing: true, track: { opens: true, clicks: true }, ...email,
      } },
    ],
    edges: [{ id: 'e1', source: 'hook', target: 'mail' }],
  }).expect(201);
  await app.api('post', `/api/workflows/${body.id}/activate`).expect(200);
}

/** Calls the webhook; answers the email step's port and output. */
async function mail(path: string, email: string, app: TestApp = t): Promise<{ port: string; output: any }> {
  const res = await app.anonymous('post', `/webhook/${path}`).send({ email }).expect(202);
  await app.runtime.runner.idle();
  const execution = (await app.api('get', `/api/executions/${res.body.executionId}`).expect(200)).body;
  return execution.steps.find((s: { nodeId: string }) => s.nodeId === 'mail');
}

describe('tracking links', () => {
  it('answer a 404 that says nothing more to a token that is not ours, altered, or of another kind', async () => {
    await activateMailer('links');
    const before = sink.received.length;
    await mail('links', 'ada@example.com');
    const [received] = (await sink.waitFor(before + 1)).slice(before);
    const html = received!.parsed.html as string;
    const open = /<img src="https:\/\/tern\.example\.com(\/t\/open\/[^"]+)"/.exec(html)![1]!;
    const token = open.slice('/t/open/'.length);
    const altered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;

    for (const [method, path] of [
      ['get', `/t/open/${altered}`], ['get', '/t/open/nonsense'], ['get', `/t/click/${token}`], ['get', `/t/unsubscribe/${token}`],
      ['post', `/t/unsubscribe/${token}`], ['post', '/t/unsubscribe/x.y'],
    ] as const) {
      const res = await t.anonymous(method, path).expect(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: 'not found', details: [] } });
    }
    // A HEAD (a link checker) gets the pixel's headers but is no open.
    await request(t.app).head(open).expect(200).expect('content-type', 'image/gif');
    const message = await t.runtime.store.messages.findByStep(t.runtime.tracking.verify(token, 'open')!.executionId, 'mail');
    expect(message).toMatchObject({ opens: 0, openedAt: null, status: 'sent' });
    await t.anonymous('get', open).expect(200);
    expect(await t.runtime.store.messages.get(message!.id)).toMatchObject({ opens: 1, status: 'opened' });
  });

  it('redirect a click only to an http(s) link it was signed for: never an open redirect', async () => {
    const target = { executionId: 'exec', nodeId: 'mail', email: 'ada@example.com' };
    const pathOf = (url: string) => url.slice(PUBLIC.length);
    const script = t.runtime.tracking.clickUrl(target, 'javascript:alert(1)');
    await t.anonymous('get', pathOf(script)).expect(404);
    const signed = await t.anonymous('get', pathOf(t.runtime.tracking.clickUrl(target, 'https://shop.example/a?b=1'))).expect(302);
    expect(signed.headers.location).toBe('https://shop.example/a?b=1');
    await t.anonymous('get', `${pathOf(t.runtime.tracking.clickUrl(target, 'https://shop.example/a'))}?url=https://evil.example`).expect(302)
      .expect('location', 'https://shop.example/a');
  });

  it('put an address that unsubscribed without a contact on the suppression list; transactional mail still goes', async () => {
    await activateMailer('news');
    await activateMailer('receipt', { marketing: false, subject: 'Your receipt' });
    const before = sink.received.length;
    await mail('news', 'Bob@Example.com');
    const [received] = (await sink.waitFor(before + 1)).slice(before);
    const unsubscribe = /^<https:\/\/tern\.example\.com([^>]+)>$/.exec(received!.header('List-Unsubscribe')!)![1]!;
    await t.anonymous('post', unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect((await t.api('get', '/api/suppressions').expect(200)).body.items).toContainEqual(
      expect.objectContaining({ address: 'bob@example.com', channel: 'email', reason: 'unsubscribed', source: 'unsubscribe link' }),
    );

    expect(await mail('news', 'bob@example.com')).toMatchObject({ port: 'out', output: { status: 'suppressed', reason: 'unsubscribed' } });
    expect(await mail('receipt', 'bob@example.com')).toMatchObject({ port: 'out', output: { status: 'sent' } });
    expect(sink.received.slice(before).map((m) => m.parsed.subject)).toEqual(['News for Bob@Example.com', 'Your receipt']);
  });

  it('suppress an address the SMTP server refused as unknown, for every later email until it is removed', async () => {
    await activateMailer('bounce', { marketing: false, subject: 'Order confirmed' });
    sink.refuseRecipient('gone@example.com');
    expect(await mail('bounce', 'gone@example.com')).toMatchObject({ port: 'error', output: { responseCode: 550 } });
    const entry = (await t.api('get', '/api/suppressions?reason=bounced').expect(200)).body.items;
    expect(entry).toEqual([expect.objectContaining({ address: 'gone@example.com', channel: 'email', reason: 'bounced', source: 'smtp' })]);

    expect(await mail('bounce', 'gone@example.com')).toMatchObject({ port: 'out', output: { status: 'suppressed', reason: 'bounced' } });
    await t.api('delete', '/api/suppressions/GONE@example.com').expect(204);
    await t.api('delete', '/api/suppressions/gone@example.com').expect(404);
  });
});

describe('the suppression list API', () => {
  it('adds emails and phone numbers normalised, lists them by channel, and names a bad field', async () => {
    const phone = await t.api('post', '/api/suppressions').send({ address: '0151 12345678', country: 'DE', reason: 'complained' }).expect(201);
    expect(phone.body).toMatchObject({ address: '+4915112345678', channel: 'sms', reason: 'complained', source: 'api' });
    await t.api('post', '/api/suppressions').send({ address: ' Eve@Example.COM ' }).expect(201)
      .expect((res) => expect(res.body).toMatchObject({ address: 'eve@example.com', reason: 'unsubscribed' }));
    expect((await t.api('get', '/api/suppressions?channel=sms').expect(200)).body).toMatchObject({ total: 1, items: [{ address: '+4915112345678' }] });

    for (const [body, field] of [
      [{ address: 'eve@' }, 'address'], [{ address: '12' }, 'address'], [{}, 'address'], [{ address: 'eve@example.com', reason: 'bored' }, 'reason'],
    ] as const) {
      const res = await t.api('post', '/api/suppressions').send(body).expect(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ field })]);
    }
    await t.api('get', '/api/suppressions?channel=fax').expect(400);
    await t.api('get', '/api/contacts/nobody/messages').expect(404);
    await t.anonymous('get', '/api/suppressions').expect(401);
  });
});

describe('frequency caps', () => {
  it('are refused in workflow settings when they make no sense, naming the field', async () => {
    const res = await t.api('post', '/api/workflows').send({
      name: 'Bad cap', settings: { frequencyCap: { email: { max: 0, per: { amount: 1, unit: 'days' } } } },
      nodes: [{ id: 'start', type: 'trigger.manual', version: 1, params: {} }],
    }).expect(400);
    expect(JSON.stringify(res.body.error.details)).toContain('settings.frequencyCap.email.max');
  });

  it('come from the environment for workflows without their own, and hold transactional mail to none', async () => {
    expect(loadConfig({ TERN_FREQUENCY_CAP_EMAIL: '3/1d', TERN_FREQUENCY_CAP_SMS: '2/12h' }).frequencyCaps).toEqual({
      email: { max: 3, per: { amount: 1, unit: 'days' } }, sms: { max: 2, per: { amount: 12, unit: 'hours' } },
    });
    expect(() => loadConfig({ TERN_FREQUENCY_CAP_EMAIL: 'three a day' })).toThrow(/TERN_FREQUENCY_CAP_EMAIL must be a count per period/);

    const capped = await createTestApp({
      config: { httpAllow: ['127.0.0.1'], publicUrl: PUBLIC, frequencyCaps: loadConfig({ TERN_FREQUENCY_CAP_EMAIL: '1/1d' }).frequencyCaps },
    });
    try {
      const credential = (await capped.api('post', '/api/credentials').send({ type: 'smtp', name: 'Sink', data: sink.credential }).expect(201)).body.id;
      await activateMailer('daily', {}, capped, credential);
      await activateMailer('receipt', { marketing: false }, capped, credential);
      expect((await mail('daily', 'cap@example.com', capped)).output.status).toBe('sent');
      expect((await mail('daily', 'cap@example.com', capped)).output).toMatchObject({ status: 'capped', reason: 'frequency_cap' });
      expect((await mail('receipt', 'cap@example.com', capped)).output.status).toBe('sent');
    } finally {
      await capped.dispose();
    }
  });
});
