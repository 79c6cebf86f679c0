// Issue 4, must-hold 1, end to end over the real app, real SQLite, a real SMTP server (read back
// with mailparser), the Twilio fake and the fake clock: the welcome series (signed_up → email →
// wait up to 2 days for the open → SMS if not opened), unsubscribing during a delay, and the
// frequency cap across two journeys sending at the same moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../test-support/fakes/smtp-sink.js';
import { type FakeTwilio, startFakeTwilio } from '../../test-support/fakes/twilio.js';
import { createTestApp, type TestApp } from './http-app.js';

const DAY = 86_400_000;
const PUBLIC = 'https://tern.example.com';

let t: TestApp;
let sink: SmtpSink;
let twilio: FakeTwilio;
let smtpId: string;
let twilioId: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  twilio = await startFakeTwilio();
  t = await createTestApp({ config: { httpAllow: ['127.0.0.1'], publicUrl: PUBLIC } });
  // A Monday, 09:00 in Berlin: SMS two days later fall in the daytime, outside quiet hours.
  t.clock.set('2026-03-02T08:00:00Z');
  smtpId = (await t.api('post', '/api/credentials').send({ type: 'smtp', name: 'Sink', data: sink.credential }).expect(201)).body.id;
  twilioId = (await t.api('post', '/api/credentials').send({ type: 'twilio', name: 'SMS', data: twilio.credential }).expect(201)).body.id;
});

afterAll(async () => {
  await t?.dispose();
  await sink?.close();
  await twilio?.close();
});

const welcomeEmail = (subject = 'Welcome, {{ contact.first_name }}!') => ({
  credential: smtpId,
  from: 'Tern <hello@tern.example>',
  to: '{{ contact.email }}',
  subject,
  html: '<p>Hi {{ contact.first_name }},</p>{% if contact.plan == "pro" %}<p>Your Pro tips are inside.</p>{% endif %}'
    + '<p><a href="https://shop.example/start">Start here</a></p>',
  marketing: true,
  track: { opens: true, clicks: true },
});

async function activate(definition: object): Promise<string> {
  const { body } = await t.api('post', '/api/workflows').send(definition).expect(201);
  await t.api('post', `/api/workflows/${body.id}/activate`).expect(200);
  return body.id as string;
}

/** The welcome series: signed_up → email → wait for email.opened (2 days) → SMS when not opened. */
function welcomeSeries(event: string) {
  return {
    name: `Welcome series ${event}`,
    settings: { timezone: 'Europe/Berlin' },
    nodes: [
      { id: 'signup', type: 'trigger.event', version: 1, params: { event } },
      { id: 'welcome', type: 'email.send', version: 1, params: welcomeEmail() },
      { id: 'opened', type: 'flow.wait_event', version: 1, params: { event: 'email.opened', timeout: { amount: 2, unit: 'days' } } },
      { id: 'thanks', type: 'data.set', version: 1, params: { values: { opened: true } } },
      { id: 'nudge', type: 'sms.send', version: 1, params: {
        credential: twilioId, from: '+15017122661', to: '{{ contact.phone }}', body: 'Hi {{ contact.first_name }}, your welcome email is waiting.', marketing: true,
      } },
    ],
    edges: [
      { id: 'e1', source: 'signup', target: 'welcome' },
      { id: 'e2', source: 'welcome', target: 'opened' },
      { id: 'e3', source: 'opened', sourcePort: 'event', target: 'thanks' },
      { id: 'e4', source: 'opened', sourcePort: 'timeout', target: 'nudge' },
    ],
  };
}

async function signUp(event: string, contact: Record<string, unknown>): Promise<string> {
  const { body } = await t.api('post', '/api/events').send({ type: event, contact }).expect(202);
  await t.runtime.runner.idle();
  return body.contactIds[0] as string;
}

type Execution = { id: string; status: string; steps: Array<{ nodeId: string; status: string; port: string | null; output: any }> };

/** The contact's execution of a workflow, with its steps. */
async function journeyOf(workflowId: string, contactId: string): Promise<Execution> {
  const page = await t.runtime.store.executions.list({ workflowId }, { limit: 1000 });
  const execution = page.items.find((e) => e.contactId === contactId);
  expect(execution).toBeDefined();
  return (await t.api('get', `/api/executions/${execution!.id}`).expect(200)).body as Execution;
}

const stepOf = (execution: Execution, nodeId: string) => execution.steps.find((s) => s.nodeId === nodeId);

/** A link of ours as the app's path (the email carries it under TERN_PUBLIC_URL). */
function pathOf(url: string): string {
  expect(url.startsWith(`${PUBLIC}/t/`)).toBe(true);
  return url.slice(PUBLIC.length);
}

async function advance(ms: number): Promise<void> {
  t.clock.advance(ms);
  await t.runtime.scheduler.tick();
  await t.runtime.runner.idle();
}

/** The messages the SMTP server accepted for `address`, once there are `count` of them (or after 5 s). */
async function mailTo(address: string, count = 1) {
  const to = () => sink.accepted().filter((m) => m.envelope.to.includes(address));
  const deadline = Date.now() + 5_000;
  while (to().length < count && Date.now() < deadline) await sink.waitFor(sink.received.length + 1, 500).catch(() => undefined);
  return to();
}

describe('the welcome series, end to end', () => {
  it('delivers a personalised email with one-click unsubscribe headers; opening it resumes the wait on its event port', async () => {
    const workflowId = await activate(welcomeSeries('signed_up.opens'));
    const contactId = await signUp('signed_up.opens', { email: 'ada@example.com', phone: '+4915112345678', first_name: 'Ada', plan: 'pro' });
    const [mail] = await mailTo('ada@example.com');
    expect(mail!.parsed.subject).toBe('Welcome, Ada!');
    expect(mail!.parsed.html).toContain('<p>Hi Ada,</p><p>Your Pro tips are inside.</p>');
    expect(mail!.header('List-Unsubscribe')).toMatch(/^<https:\/\/tern\.example\.com\/t\/unsubscribe\/[A-Za-z0-9_.-]+>$/);
    expect(mail!.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect((await journeyOf(workflowId, contactId)).status).toBe('waiting');

    // The mail client loads the pixel found in the parsed HTML.
    const pixel = /<img src="([^"]+)"/.exec(mail!.parsed.html as string)![1]!;
    const open = await t.anonymous('get', pathOf(pixel)).expect(200);
    expect(open.headers['content-type']).toBe('image/gif');
    expect(open.headers['cache-control']).toContain('no-store');
    expect(open.body.length).toBe(43);
    await t.runtime.runner.idle();

    const journey = await journeyOf(workflowId, contactId);
    expect(journey.status).toBe('success');
    expect(stepOf(journey, 'opened')).toMatchObject({ port: 'event', output: { event: { type: 'email.opened' } } });
    expect(stepOf(journey, 'opened')!.output.event.data).toMatchObject({ executionId: journey.id, nodeId: 'welcome', workflowId });
    expect(stepOf(journey, 'thanks')?.status).toBe('success');
    expect(stepOf(journey, 'nudge')).toBeUndefined();

    // Opening again is counted on the message, and records no second event.
    await t.anonymous('get', pathOf(pixel)).expect(200);
    const messages = (await t.api('get', `/api/contacts/${contactId}/messages`).expect(200)).body;
    expect(messages).toMatchObject({ total: 1, nextCursor: null });
    expect(messages.items[0]).toMatchObject({
      channel: 'email', to: 'ada@example.com', subject: 'Welcome, Ada!', status: 'opened', executionId: journey.id, workflowId,
      nodeId: 'welcome', opens: 2, openedAt: expect.any(String), sentAt: expect.any(String),
    });
    const events = (await t.api('get', `/api/contacts/${contactId}/events`).expect(200)).body.items.map((e: { type: string }) => e.type);
    expect(events.filter((type: string) => type === 'email.opened')).toHaveLength(1);

    // A click redirects to the link, and only to it.
    const click = /href="([^"]+)">Start here/.exec(mail!.parsed.html as string)![1]!;
    const redirect = await t.anonymous('get', pathOf(click)).expect(302);
    expect(redirect.headers.location).toBe('https://shop.example/start');
    const stats = (await t.api('get', `/api/workflows/${workflowId}/stats`).expect(200)).body;
    expect(stats.messages).toEqual({ sent: 1, delivered: 0, opened: 1, clicked: 1, bounced: 0, unsubscribed: 0 });
    expect(stats.workflow.started).toBe(1);
  });

  it('takes the timeout port after two days without an open, and sends the SMS', async () => {
    const workflowId = await activate(welcomeSeries('signed_up.silent'));
    const contactId = await signUp('signed_up.silent', { email: 'bob@example.com', phone: '+4915112345679', first_name: 'Bob' });
    await mailTo('bob@example.com');

    await advance(2 * DAY - 60_000);
    expect((await journeyOf(workflowId, contactId)).status).toBe('waiting');
    expect(twilio.messages.filter((m) => m.to === '+4915112345679')).toHaveLength(0);

    await advance(60_000);
    const journey = await journeyOf(workflowId, contactId);
    expect(stepOf(journey, 'opened')).toMatchObject({ port: 'timeout' });
    expect(stepOf(journey, 'nudge')).toMatchObject({ status: 'success', port: 'out', output: { status: 'queued', to: '+4915112345679' } });
    expect(twilio.messages.filter((m) => m.to === '+4915112345679').map((m) => m.body)).toEqual(['Hi Bob, your welcome email is waiting.']);
    const messages = (await t.api('get', `/api/contacts/${contactId}/messages`).expect(200)).body.items;
    expect(messages.map((m: { channel: string; status: string }) => [m.channel, m.status])).toEqual([['sms', 'sent'], ['email', 'sent']]);
  });

  it('sends nothing more to a contact who unsubscribed with one click during a delay', async () => {
    const workflowId = await activate({
      name: 'Two emails a day apart',
      nodes: [
        { id: 'signup', type: 'trigger.event', version: 1, params: { event: 'signed_up.unsub' } },
        { id: 'first', type: 'email.send', version: 1, params: welcomeEmail('First, {{ contact.first_name }}') },
        { id: 'pause', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: 1, unit: 'days' } },
        { id: 'second', type: 'email.send', version: 1, params: welcomeEmail('Second, {{ contact.first_name }}') },
      ],
      edges: [
        { id: 'e1', source: 'signup', target: 'first' },
        { id: 'e2', source: 'first', target: 'pause' },
        { id: 'e3', source: 'pause', target: 'second' },
      ],
    });
    const contactId = await signUp('signed_up.unsub', { email: 'cy@example.com', first_name: 'Cy' });
    const [mail] = await mailTo('cy@example.com');
    const unsubscribe = pathOf(/^<([^>]+)>$/.exec(mail!.header('List-Unsubscribe')!)![1]!);

    // A GET (a link scanner, a preview) only shows the confirmation page.
    const page = await t.anonymous('get', unsubscribe).expect(200);
    expect(page.text).toContain('<form method="post">');
    expect((await t.api('get', `/api/contacts/${contactId}`).expect(200)).body.consent.email?.status).not.toBe('unsubscribed');

    // The mail client's one-click POST (RFC 8058).
    await t.anonymous('post', unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect((await t.api('get', `/api/contacts/${contactId}`).expect(200)).body.consent.email).toMatchObject({ status: 'unsubscribed' });

    const before = sink.received.length;
    await advance(DAY);
    const journey = await journeyOf(workflowId, contactId);
    expect(journey.status).toBe('success');
    expect(stepOf(journey, 'second')).toMatchObject({
      port: 'out', output: { status: 'suppressed', reason: 'unsubscribed', to: 'cy@example.com' },
    });
    expect(sink.received.length).toBe(before);
    const messages = (await t.api('get', `/api/contacts/${contactId}/messages`).expect(200)).body.items;
    expect(messages.map((m: { subject: string; status: string }) => [m.subject, m.status])).toEqual([
      ['Second, Cy', 'suppressed'], ['First, Cy', 'unsubscribed'],
    ]);
  });

  it('holds a contact in two journeys to the frequency cap, also when both send at the same moment', async () => {
    const promo = (name: string) => ({
      name,
      // reentry: the same promo again a day later is held only by the cap.
      settings: { timezone: 'UTC', reentry: 'always', frequencyCap: { email: { max: 1, per: { amount: 1, unit: 'days' } } } },
      nodes: [
        { id: 'start', type: 'trigger.event', version: 1, params: { event: 'promo.capped' } },
        { id: 'offer', type: 'email.send', version: 1, params: welcomeEmail(`${name} for {{ contact.first_name }}`) },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'offer' }],
    });
    const journeys = [await activate(promo('Spring sale')), await activate(promo('New arrivals'))];
    // One event starts both journeys for the contact at once.
    const contactId = await signUp('promo.capped', { email: 'dee@example.com', first_name: 'Dee' });
    const outputs = await Promise.all(journeys.map(async (id) => stepOf(await journeyOf(id, contactId), 'offer')!.output));
    expect(outputs.filter((o) => o.status === 'sent')).toHaveLength(1);
    expect(outputs.filter((o) => o.status === 'capped')).toEqual([expect.objectContaining({ reason: 'frequency_cap', to: 'dee@example.com' })]);
    expect(await mailTo('dee@example.com')).toHaveLength(1);

    // A day later the cap has room again.
    t.clock.advance(DAY);
    await signUp('promo.capped', { email: 'dee@example.com' });
    expect(await mailTo('dee@example.com', 2)).toHaveLength(2);
  });
});
