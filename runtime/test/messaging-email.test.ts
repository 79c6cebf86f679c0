// email.send through the whole runtime: a webhook starts a workflow that sends through a real SMTP
// server (smtp-server, on loopback), and what arrives is read back with mailparser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../test-support/fakes/smtp-sink.js';
import { createTestApp, type TestApp } from './http-app.js';

let t: TestApp;
let sink: SmtpSink;
let credentialId: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  // The SMTP host is loopback: it is reachable only because TERN_HTTP_ALLOW lets it through.
  t = await createTestApp({ config: { httpAllow: ['127.0.0.1'], publicUrl: 'https://tern.example.com' } });
  const credential = await t.api('post', '/api/credentials').send({ type: 'smtp', name: 'Sink', data: sink.credential }).expect(201);
  credentialId = credential.body.id as string;
});

afterAll(async () => {
  await t?.dispose();
  await sink?.close();
});

const welcomeParams = () => ({
  credential: credentialId,
  from: 'Tern <hello@tern.example>',
  to: '{{ trigger.body.email }}',
  subject: 'Welcome, {{ trigger.body.name }}!',
  html: '<p>Hi {{ trigger.body.name }},</p>{% if trigger.body.plan == "pro" %}<p>Your Pro tips are inside.</p>{% else %}<p>Try Pro.</p>{% endif %}'
    + '<p><a href="https://shop.example/start?ref=welcome">Start here</a></p><p><a href="%unsubscribe_url%">Unsubscribe</a></p>',
  marketing: true,
  track: { opens: true, clicks: true },
});

/** webhook → email.send, whose `error` port leads to a data.set that records why. */
async function activateWelcome(path: string, email: Record<string, unknown> = {}, retry?: object): Promise<string> {
  const { body } = await t.api('post', '/api/workflows').send({
    name: `Welcome ${path}`,
    nodes: [
      { id: 'signup', type: 'trigger.webhook', version: 1, params: { path, method: 'POST', respond: 'immediately' } },
      { id: 'welcome', type: 'email.send', version: 1, params: { ...welcomeParams(), ...email }, ...(retry ? { retry } : {}) },
      { id: 'failed', type: 'data.set', version: 1, params: { values: { reason: '{{ steps.welcome.message }}' } } },
    ],
    edges: [
      { id: 'e1', source: 'signup', target: 'welcome' },
      { id: 'e2', source: 'welcome', sourcePort: 'error', target: 'failed' },
    ],
  }).expect(201);
  await t.api('post', `/api/workflows/${body.id}/activate`).expect(200);
  return body.id as string;
}

async function call(path: string, payload: object) {
  const res = await t.anonymous('post', `/webhook/${path}`).send(payload).expect(202);
  await t.runtime.runner.idle();
  return (await t.api('get', `/api/executions/${res.body.executionId}`).expect(200)).body as {
    id: string;
    status: string;
    steps: Array<{ id: string; nodeId: string; status: string; port: string | null; output: any; attempt: number }>;
  };
}

const stepOf = (execution: Awaited<ReturnType<typeof call>>, nodeId: string) => execution.steps.find((s) => s.nodeId === nodeId)!;

describe('email.send through SMTP', () => {
  it('delivers a personalised marketing email with one-click unsubscribe, tracked links and a stable Message-ID', async () => {
    await activateWelcome('welcome');
    const before = sink.received.length;
    const execution = await call('welcome', { name: 'Ada', email: 'ada@example.com', plan: 'pro' });
    expect(execution.status).toBe('success');
    const [mail] = (await sink.waitFor(before + 1)).slice(before);

    expect(mail!.envelope).toEqual({ from: 'hello@tern.example', to: ['ada@example.com'] });
    expect(mail!.parsed.subject).toBe('Welcome, Ada!');
    expect(mail!.parsed.from?.value).toEqual([{ name: 'Tern', address: 'hello@tern.example' }]);
    const html = mail!.parsed.html as string;
    expect(html).toContain('<p>Hi Ada,</p><p>Your Pro tips are inside.</p>');
    expect(html).not.toContain('Try Pro');
    expect(mail!.parsed.text).toContain('Start here (https://shop.example/start?ref=welcome)');

    // The one-click unsubscribe of RFC 8058, pointing at a signed link for this execution and node.
    const listUnsubscribe = mail!.header('List-Unsubscribe')!;
    const unsubscribeToken = /^<https:\/\/tern\.example\.com\/t\/unsubscribe\/([A-Za-z0-9_.-]+)>$/.exec(listUnsubscribe)?.[1];
    expect(mail!.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(t.runtime.tracking.verify(unsubscribeToken!, 'unsubscribe')).toMatchObject({
      executionId: execution.id, nodeId: 'welcome', contactId: null, email: 'ada@example.com',
    });
    expect(html).toContain(`<a href="https://tern.example.com/t/unsubscribe/${unsubscribeToken}">Unsubscribe</a>`);

    // The link goes through a signed click URL that leads back to it; the open pixel is there.
    const clickToken = /href="https:\/\/tern\.example\.com\/t\/click\/([^"]+)">Start here/.exec(html)?.[1];
    expect(t.runtime.tracking.verify(clickToken!, 'click')?.url).toBe('https://shop.example/start?ref=welcome');
    const pixelToken = /<img src="https:\/\/tern\.example\.com\/t\/open\/([^"]+)"/.exec(html)?.[1];
    expect(t.runtime.tracking.verify(pixelToken!, 'open')).toMatchObject({ executionId: execution.id });

    const step = stepOf(execution, 'welcome');
    expect(mail!.parsed.messageId).toBe(`<${step.id}.welcome@tern.example>`);
    expect(step).toMatchObject({ status: 'success', port: 'out', output: { messageId: mail!.parsed.messageId, status: 'sent', to: 'ada@example.com' } });
  });

  it('sends the same Message-ID again when a deferred message is retried', async () => {
    await activateWelcome('welcome-retry', {}, { attempts: 3, delayMs: 60_000 });
    const before = sink.received.length;
    sink.failNextMessage(451, '4.3.0 Mail server temporarily unavailable, try again later');
    const first = await call('welcome-retry', { name: 'Bob', email: 'bob@example.com' });
    expect(first.status).toBe('waiting'); // a durable retry wait, not an error

    t.clock.advance(60_000);
    expect(await t.runtime.scheduler.tick()).toBe(1);
    await t.runtime.runner.idle();
    const execution = (await t.api('get', `/api/executions/${first.id}`).expect(200)).body as Awaited<ReturnType<typeof call>>;
    expect(execution.status).toBe('success');

    const [deferred, delivered] = (await sink.waitFor(before + 2)).slice(before);
    expect(deferred!.accepted).toBe(false);
    expect(delivered!.accepted).toBe(true);
    expect(delivered!.parsed.messageId).toBe(deferred!.parsed.messageId);
    expect(stepOf(execution, 'welcome')).toMatchObject({ attempt: 2, output: { messageId: delivered!.parsed.messageId } });
  });

  it('refuses a subject that would smuggle in a Bcc header: error port, nothing sent', async () => {
    await activateWelcome('welcome-injection');
    const before = sink.received.length;
    const execution = await call('welcome-injection', { name: 'Eve\r\nBcc: victim@example.com', email: 'eve@example.com' });
    expect(execution.status).toBe('success');
    expect(stepOf(execution, 'welcome')).toMatchObject({
      port: 'error',
      output: { message: 'params.subject contains a line break, which could add headers of its own; nothing was sent' },
    });
    expect(stepOf(execution, 'failed').output).toEqual({ reason: 'params.subject contains a line break, which could add headers of its own; nothing was sent' });
    await t.runtime.runner.idle();
    expect(sink.received.length).toBe(before);
  });

  it("takes the error port with the SMTP server's words when it refuses the recipient", async () => {
    await activateWelcome('welcome-refused');
    sink.refuseRecipient('nobody@example.com');
    const execution = await call('welcome-refused', { name: 'Nobody', email: 'nobody@example.com' });
    const step = stepOf(execution, 'welcome');
    expect(step.port).toBe('error');
    expect(step.output.message).toContain('550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown');
    expect(step.output).toMatchObject({ responseCode: 550, messageId: `<${step.id}.welcome@tern.example>` });
  });

  it('does not record the SMTP password in the execution', async () => {
    await activateWelcome('welcome-secret');
    const execution = await call('welcome-secret', { name: 'Ada', email: 'ada@example.com' });
    const state = await t.runtime.store.executions.load(execution.id);
    expect(JSON.stringify(state)).not.toContain(sink.credential.password);
  });
});
