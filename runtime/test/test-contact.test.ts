// "Test with a contact" and the render preview through the real app: the path a journey takes for
// a chosen or made-up contact with its waits skipped, the email rendered for that contact, and
// nothing sent (a real SMTP server that counts connections) and nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../test-support/fakes/smtp-sink.js';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
let sink: SmtpSink;
let smtp: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ config: { httpAllow: ['127.0.0.1'], publicUrl: 'https://tern.example.com' } });
  smtp = (await t.api('post', '/api/credentials').send({ type: 'smtp', name: 'Sink', data: sink.credential }).expect(201)).body.id;
});
afterAll(async () => {
  await t?.dispose();
  await sink?.close();
});

/** Welcome: email → 2 days → opened? (wait for email.opened, 1 day) → nudge when not. */
const welcome = () => ({
  name: 'Welcome',
  nodes: [
    { id: 'signup', type: 'trigger.event', version: 1, params: { event: 'signed.up' } },
    { id: 'hello', type: 'email.send', version: 1, params: {
      credential: smtp, from: 'Tern <hello@tern.example>', to: '{{ contact.email }}', subject: 'Welcome, {{ contact.first_name }}!',
      html: '<p>Hi {{ contact.first_name }}, your plan is {{ contact.plan }}.</p>{% if trigger.event.data.source == "ad" %}<p>Thanks for clicking.</p>{% endif %}',
      marketing: true,
    } },
    { id: 'later', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: 2, unit: 'days' } },
    { id: 'opened', type: 'flow.wait_event', version: 1, params: { event: 'email.opened', timeout: { amount: 1, unit: 'days' } } },
    { id: 'nudge', type: 'email.send', version: 1, params: {
      credential: smtp, from: 'hello@tern.example', to: '{{ contact.email }}', subject: 'Did you see this?', text: 'Hi again {{ contact.first_name }}',
    } },
    { id: 'engaged', type: 'data.set', version: 1, params: { values: { engaged: true } } },
  ],
  edges: [
    { id: 'e1', source: 'signup', target: 'hello' },
    { id: 'e2', source: 'hello', target: 'later' },
    { id: 'e3', source: 'later', target: 'opened' },
    { id: 'e4', source: 'opened', sourcePort: 'timeout', target: 'nudge' },
    { id: 'e5', source: 'opened', sourcePort: 'event', target: 'engaged' },
  ],
});

const route = (p: { nodeId: string; port: string | null }) => `${p.nodeId}:${p.port}`;

describe('POST /api/workflows/:id/test-contact', () => {
  it('shows what contact nodes would change, changing nothing in the contact database', async () => {
    const wf = (await t.api('post', '/api/workflows').send({
      name: 'Hot lead',
      nodes: [
        { id: 'start', type: 'trigger.manual', version: 1, params: {} },
        { id: 'vip', type: 'crm.tag', version: 1, params: { add: ['vip'] } },
        { id: 'points', type: 'crm.score', version: 1, params: { points: 25 } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'vip' }, { id: 'e2', source: 'vip', target: 'points' }],
    }).expect(201)).body;
    const bo = (await t.api('post', '/api/contacts').send({ email: 'bo@example.com', score: 10, tags: ['lead'] }).expect(201)).body;

    const { body } = await t.api('post', `/api/workflows/${wf.id}/test-contact`).send({ contactId: bo.id }).expect(200);
    expect(body.status).toBe('success');
    expect(body.path.find((p: { nodeId: string }) => p.nodeId === 'vip').output).toMatchObject({ tags: ['lead', 'vip'] });
    expect(body.path.find((p: { nodeId: string }) => p.nodeId === 'points').output).toMatchObject({ from: 10, to: 35, delta: 25 });
    const stored = (await t.api('get', `/api/contacts/${bo.id}`).expect(200)).body;
    expect(stored).toMatchObject({ tags: ['lead'], score: 10 });
  });

  it('shows the path with waits skipped and the rendered emails, sending and storing nothing', async () => {
    const wf = (await t.api('post', '/api/workflows').send(welcome()).expect(201)).body;
    const ada = (await t.api('post', '/api/contacts').send({ email: 'ada@example.com', first_name: 'Ada', fields: { plan: 'pro' } }).expect(201)).body;

    const { body } = await t.api('post', `/api/workflows/${wf.id}/test-contact`)
      .send({ contactId: ada.id, trigger: { event: { data: { source: 'ad' } } } }).expect(200);
    expect(body.status).toBe('success');
    expect(body.path.map(route)).toEqual(['signup:out', 'hello:out', 'later:out', 'opened:timeout', 'nudge:out']);
    expect(body.path[2]).toMatchObject({ type: 'flow.delay', waitSkipped: expect.stringMatching(/^waited until /) });
    expect(body.path[3].waitSkipped).toMatch(/^no email.opened until .*: timed out$/);
    expect(body.messages).toEqual([
      expect.objectContaining({
        nodeId: 'hello', channel: 'email', to: 'ada@example.com', from: 'Tern <hello@tern.example>', subject: 'Welcome, Ada!',
        html: expect.stringContaining('<p>Hi Ada, your plan is pro.</p><p>Thanks for clicking.</p>'),
      }),
      expect.objectContaining({ nodeId: 'nudge', channel: 'email', subject: 'Did you see this?', text: 'Hi again Ada' }),
    ]);
    // The unsubscribe link a marketing email carries is there, but leads nowhere: opening the
    // preview records no open, no click and no unsubscribe of the real contact.
    expect(body.messages[0].html).toContain('#unsubscribe-does-nothing-in-a-test');
    expect(body.messages[0].html).not.toContain('/t/');

    await t.runtime.runner.idle();
    expect(sink.connections).toBe(0);
    expect((await t.api('get', `/api/executions?workflowId=${wf.id}`).expect(200)).body.total).toBe(0);
  });

  it('takes the `event` port for events the request says happen, and runs a draft for a made-up contact', async () => {
    const wf = (await t.api('post', '/api/workflows').send(welcome()).expect(201)).body;
    const draft = { ...welcome(), nodes: welcome().nodes.map((n) => n.id === 'later' ? { ...n, params: { ...n.params, amount: 5 } } : n) };
    const { body } = await t.api('post', `/api/workflows/${wf.id}/test-contact`)
      .send({ definition: draft, contact: { email: 'grace@example.com', first_name: 'Grace', plan: 'free' }, events: ['email.opened'] }).expect(200);
    expect(body.path.map(route)).toEqual(['signup:out', 'hello:out', 'later:out', 'opened:event', 'engaged:out']);
    expect(body.path[3].waitSkipped).toBe('email.opened happened');
    expect(body.messages.map((m: { subject: string }) => m.subject)).toEqual(['Welcome, Grace!']);
    expect(body.messages[0].html).toContain('your plan is free');
    expect((await t.api('get', '/api/contacts?email=grace@example.com').expect(200)).body.total).toBe(0);
    expect(sink.connections).toBe(0);
  });

  it('answers 400 naming the field for a bad body or draft, and 404 for an unknown workflow or contact', async () => {
    const wf = (await t.api('post', '/api/workflows').send(welcome()).expect(201)).body;
    const badDraft = await t.api('post', `/api/workflows/${wf.id}/test-contact`).send({ definition: { name: 'x', nodes: [] } }).expect(400);
    expect(badDraft.body.error.details).toEqual([expect.objectContaining({ field: 'definition.nodes' })]);
    const badEmail = await t.api('post', `/api/workflows/${wf.id}/test-contact`).send({ contact: { email: 'nope' } }).expect(400);
    expect(badEmail.body.error.details).toEqual([expect.objectContaining({ field: 'contact.email' })]);
    const extra = await t.api('post', `/api/workflows/${wf.id}/test-contact`).send({ contactld: 'typo' }).expect(400);
    expect(extra.body.error.code).toBe('invalid_request');
    await t.api('post', '/api/workflows/nope/test-contact').send({}).expect(404);
    const nobody = await t.api('post', `/api/workflows/${wf.id}/test-contact`).send({ contactId: 'nobody' }).expect(404);
    expect(nobody.body.error.details).toEqual([expect.objectContaining({ field: 'contactId' })]);
  });
});

describe('POST /api/render', () => {
  it("renders a node's params for a contact and a trigger, also with a credential not yet chosen", async () => {
    const node = { type: 'email.send', version: 1, params: {
      credential: '', subject: 'Your cart, {{ contact.first_name }}', to: '{{ contact.email }}',
      html: '<ul>{% for item in trigger.event.data.items %}<li>{{ item.name }} × {{ item.qty }}</li>{% endfor %}</ul>',
    } };
    const { body } = await t.api('post', '/api/render').send({
      node, contact: { email: 'ada@example.com', first_name: 'Ada' },
      trigger: { event: { data: { items: [{ name: 'Tent', qty: 1 }, { name: 'Stove', qty: 2 }] } } },
    }).expect(200);
    expect(body.params).toEqual({
      credential: '', subject: 'Your cart, Ada', to: 'ada@example.com', html: '<ul><li>Tent × 1</li><li>Stove × 2</li></ul>',
    });
  });

  it('answers 400 for a Liquid syntax error or an unknown node, naming the field', async () => {
    const broken = await t.api('post', '/api/render').send({ node: { type: 'email.send', version: 1, params: { subject: 'Hi {% if %}' } } }).expect(400);
    expect(broken.body.error.details).toEqual([expect.objectContaining({ field: 'node.params.subject' })]);
    const unknown = await t.api('post', '/api/render').send({ node: { type: 'email.nope', version: 1, params: {} } }).expect(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ field: 'node.type' })]);
  });
});
