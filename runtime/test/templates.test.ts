// The template gallery through the real app: every template is listed, turned into a workflow
// (credentials filled in by type), validated and activated, and run with a contact down each of
// its branches; the abandoned cart also through the real runner and a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../test-support/fakes/smtp-sink.js';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
let sink: SmtpSink;
let credentials: Record<string, string>;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ config: { httpAllow: ['127.0.0.1'], publicUrl: 'https://tern.example.com' } });
  const make = async (type: string, data: object) => (await t.api('post', '/api/credentials').send({ type, name: type, data }).expect(201)).body.id as string;
  credentials = {
    smtp: await make('smtp', sink.credential),
    twilio: await make('twilio', { accountSid: 'AC00000000000000000000000000000000', authToken: 'secret-token' }),
    hubspot: await make('hubspot', { token: 'pat-secret' }),
  };
});
afterAll(async () => {
  await t?.dispose();
  await sink?.close();
});

const EXPECTED = ['abandoned-cart', 'birthday-greeting', 'event-follow-up', 'lead-nurturing', 're-engagement', 'welcome-series'];

interface TestRun {
  status: string;
  path: Array<{ nodeId: string; port: string | null; status: string }>;
  messages: Array<{ nodeId: string; channel: string; to: string; subject?: string; html?: string; body?: string }>;
  requests: Array<{ nodeId: string; method: string; url: string }>;
}

async function use(id: string): Promise<string> {
  const { body } = await t.api('post', `/api/templates/${id}/use`).send({ credentials }).expect(201);
  await t.api('post', `/api/workflows/${body.id}/activate`).expect(200);
  return body.id as string;
}

async function test(workflowId: string, body: object): Promise<TestRun> {
  return (await t.api('post', `/api/workflows/${workflowId}/test-contact`).send(body).expect(200)).body as TestRun;
}

const ada = { email: 'ada@example.com', phone: '+4915112345678', first_name: 'Ada', last_name: 'Lovelace', timezone: 'Europe/Berlin' };
const route = (run: TestRun) => run.path.map((p) => `${p.nodeId}:${p.port ?? p.status}`);

describe('GET /api/templates', () => {
  it('lists every template with its name, description, category and workflow', async () => {
    const { body } = await t.api('get', '/api/templates').expect(200);
    expect(body.items.map((i: { id: string }) => i.id)).toEqual(EXPECTED);
    expect(body.total).toBe(EXPECTED.length);
    // What the editor asks for before using a template: one credential per type its nodes send with.
    const needs = Object.fromEntries(body.items.map((i: { id: string; credentialTypes: string[] }) => [i.id, [...i.credentialTypes].sort()]));
    expect(needs['welcome-series']).toEqual(['smtp', 'twilio']);
    expect(needs['lead-nurturing']).toContain('hubspot');
    for (const item of body.items) {
      expect(item).toEqual({
        id: expect.any(String), name: expect.any(String), description: expect.any(String), category: expect.any(String),
        workflow: expect.objectContaining({ name: item.name, nodes: expect.any(Array), edges: expect.any(Array) }),
        credentialTypes: expect.any(Array),
      });
      expect(item.workflow).not.toHaveProperty('category');
    }
  });
});

describe('POST /api/templates/:id/use', () => {
  it('without credentials, says which node needs which, and creates nothing', async () => {
    const before = (await t.api('get', '/api/workflows').expect(200)).body.total;
    const res = await t.api('post', '/api/templates/welcome-series/use').send({}).expect(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ nodeId: 'welcome_email', field: 'params.credential', message: 'choose an SMTP credential' }),
      expect.objectContaining({ nodeId: 'reminder_sms', field: 'params.credential', message: 'choose an SMS credential' }),
    ]);
    expect((await t.api('get', '/api/workflows').expect(200)).body.total).toBe(before);
  });

  it('refuses a credential of another type, an unknown field and an unknown template', async () => {
    const wrong = await t.api('post', '/api/templates/welcome-series/use').send({ credentials: { smtp: credentials.twilio } }).expect(400);
    expect(wrong.body.error.details).toEqual([{ field: 'credentials.smtp', message: 'is a twilio credential, not smtp' }]);
    await t.api('post', '/api/templates/welcome-series/use').send({ credential: {} }).expect(400);
    await t.api('post', '/api/templates/nope/use').send({ credentials }).expect(404);
  });

  it('creates the workflow under the name given', async () => {
    const { body } = await t.api('post', '/api/templates/birthday-greeting/use').send({ name: 'Birthdays (DE)', credentials }).expect(201);
    expect(body).toMatchObject({ name: 'Birthdays (DE)', version: 1, active: false });
    expect(body.nodes.find((n: { id: string }) => n.id === 'birthday_email').params.credential).toBe(credentials.smtp);
  });
});

describe('every template runs', () => {
  it('welcome series: the email, then an SMS when it was not opened within two days', async () => {
    const wf = await use('welcome-series');
    const silent = await test(wf, { contact: ada });
    expect(silent.status).toBe('success');
    expect(route(silent)).toEqual(['signed_up:out', 'welcome_email:out', 'opened:timeout', 'reminder_sms:out']);
    expect(silent.messages.map((m) => [m.channel, m.to])).toEqual([['email', 'ada@example.com'], ['sms', '+4915112345678']]);
    expect(silent.messages[0]!.subject).toBe('Welcome, Ada!');
    expect(silent.messages[1]!.body).toContain('Hi Ada');
    const opened = await test(wf, { contact: ada, events: ['email.opened'] });
    expect(route(opened)).toEqual(['signed_up:out', 'welcome_email:out', 'opened:event', 'engaged:success']);
  });

  it("abandoned cart: a reminder listing the cart's items, then the goal", async () => {
    const wf = await use('abandoned-cart');
    const items = [{ name: 'Tent', price: '€199', quantity: 1 }, { name: 'Sleeping bag', price: '€89', quantity: 2 }];
    const forgot = await test(wf, { contact: ada, trigger: { event: { data: { items } } } });
    expect(route(forgot)).toEqual(['cart_updated:out', 'ordered:timeout', 'reminder_email:out', 'ordered_after_reminder:timeout', 'bought:success']);
    expect(forgot.messages[0]!.html).toContain('<ul><li>1 × Tent — €199</li><li>2 × Sleeping bag — €89</li></ul>');
    const bought = await test(wf, { contact: ada, events: ['order.completed'] });
    expect(route(bought)).toEqual(['cart_updated:out', 'ordered:event', 'bought:success']);
    expect(bought.messages).toEqual([]);
  });

  it('birthday greeting: the birthday email for the contact', async () => {
    const wf = await use('birthday-greeting');
    const run = await test(wf, { contact: ada });
    expect(route(run)).toEqual(['every_morning:out', 'birthday_email:out']);
    expect(run.messages[0]).toMatchObject({ to: 'ada@example.com', subject: 'Happy birthday, Ada!' });
  });

  it('event follow-up: attendees get the slides, no-shows the recording', async () => {
    const wf = await use('event-follow-up');
    const trigger = { event: { data: { event_name: 'Spring Meetup' } } };
    const came = await test(wf, { contact: ada, trigger, events: ['event.attended'] });
    expect(route(came)).toEqual(['registered:out', 'confirmation:out', 'attended:event', 'thanks:out', 'came:success']);
    expect(came.messages.map((m) => m.subject)).toEqual(["You're registered: Spring Meetup", 'Thanks for joining us, Ada']);
    const missed = await test(wf, { contact: ada, trigger });
    expect(route(missed)).toEqual(['registered:out', 'confirmation:out', 'attended:timeout', 'recording:out']);
  });

  it('lead nurturing: at a score of 100 the contact and a deal go to HubSpot (no request made in a test)', async () => {
    const wf = await use('lead-nurturing');
    const hot = await test(wf, { contact: { ...ada, score: 120 } });
    expect(route(hot)).toEqual(['score_changed:out', 'sales_ready:true', 'hubspot_contact:out', 'hubspot_deal:out', 'handed_off:success']);
    expect(hot.requests.map((r) => `${r.nodeId} ${r.method} ${r.url}`)).toEqual([
      'hubspot_contact POST https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert',
      'hubspot_deal POST https://api.hubapi.com/crm/v3/objects/deals',
    ]);
    const cold = await test(wf, { contact: { ...ada, score: 20 } });
    expect(route(cold)).toEqual(['score_changed:out', 'sales_ready:false']);
  });

  it('re-engagement: a click wins the contact back; silence brings the last call', async () => {
    const wf = await use('re-engagement');
    const silent = await test(wf, { contact: ada });
    expect(route(silent)).toEqual(['every_monday:out', 'we_miss_you:out', 'clicked:timeout', 'last_call:out']);
    const clicked = await test(wf, { contact: ada, events: ['email.clicked'] });
    expect(route(clicked)).toEqual(['every_monday:out', 'we_miss_you:out', 'clicked:event', 'won_back:success']);
    await t.runtime.runner.idle();
    expect(sink.connections).toBe(0);
  });

  it('abandoned cart through the real runner: the reminder arrives by SMTP; an order after it converts', async () => {
    // Only this one listens for carts.
    for (const active of (await t.api('get', '/api/workflows?active=true').expect(200)).body.items) {
      await t.api('post', `/api/workflows/${active.id}/deactivate`).expect(200);
    }
    const wf = await use('abandoned-cart');
    const cart = { type: 'cart.updated', contact: { email: 'grace@example.com', first_name: 'Grace' }, data: { items: [{ name: 'Stove', price: '€49' }] } };
    await t.api('post', '/api/events').send(cart).expect(202);
    // The wait's deadline counts from when the run reaches it: let it get there before time moves.
    await t.runtime.runner.idle();
    t.clock.advance(4 * 3_600_000);
    expect(await t.runtime.scheduler.tick()).toBe(1);
    await t.runtime.runner.idle();
    const [mail] = await sink.waitFor(1);
    expect(mail!.parsed.subject).toBe('Grace, your cart is waiting');
    expect(mail!.parsed.html).toContain('<li>1 × Stove — €49</li>');

    await t.api('post', '/api/events').send({ type: 'order.completed', contact: { email: 'grace@example.com' }, data: {} }).expect(202);
    await t.runtime.runner.idle();
    const stats = (await t.api('get', `/api/workflows/${wf}/stats`).expect(200)).body;
    expect(stats.workflow).toMatchObject({ started: 1, succeeded: 1, converted: 1 });
  });
});
