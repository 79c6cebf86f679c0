import { DeliveryError, ParamError } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { FakeEmail, runNode, type RunNodeOptions } from '../testing/index.js';
import { emailSendNode } from './send.js';

const smtp = { type: 'smtp', data: { host: 'smtp.example.com', port: 587, secure: false, user: 'u', password: 'p' } };
const credentials = { mail: smtp, hook: { type: 'http_bearer', data: { token: 't' } } };
const contact = { id: 'c-42', email: 'ada@example.com', first_name: 'Ada', plan: 'pro' };
const base = { credential: 'mail', from: 'Tern <hello@tern.example>', to: '{{ contact.email }}', subject: 'Hi {{ contact.first_name }}' };

function send(params: Record<string, unknown>, options: Partial<RunNodeOptions> = {}) {
  return runNode(emailSendNode, { params: { ...base, ...params }, contact, credentials, nodeId: 'welcome', ...options });
}

describe('email.send', () => {
  it('sends a personalised message, with {% if %} blocks, and goes on with its Message-ID', async () => {
    const html = '<p>Hello {{ contact.first_name }}</p>{% if contact.plan == "pro" %}<p>Thanks for going Pro!</p>{% else %}<p>Try Pro</p>{% endif %}';
    const { result, emails } = await send({ html });
    expect(emails).toHaveLength(1);
    const [message] = emails;
    expect(message).toMatchObject({
      from: 'Tern <hello@tern.example>',
      to: 'ada@example.com',
      subject: 'Hi Ada',
      html: '<p>Hello Ada</p><p>Thanks for going Pro!</p>',
      credential: { id: 'mail', type: 'smtp', data: smtp.data },
    });
    expect(message!.headers).toBeUndefined();
    expect(result).toEqual({
      kind: 'continue',
      port: 'out',
      output: { messageId: message!.messageId, status: 'sent', to: 'ada@example.com', subject: 'Hi Ada', response: '250 2.0.0 OK' },
    });
  });

  it('makes the text part from the HTML when only HTML is given, with the real link targets', async () => {
    const html = '<html><head><style>p{color:red}</style></head><body><h1>Welcome</h1><p>Read <a href="https://shop.example/guide?a=1&amp;b=2">the guide</a>.</p><ul><li>one</li><li>two</li></ul></body></html>';
    const { emails } = await send({ html, track: { clicks: true } });
    expect(emails[0]!.text).toBe('Welcome\n\nRead the guide (https://shop.example/guide?a=1&b=2).\n\n- one\n- two');
  });

  it('keeps a text part it was given, and sends text alone', async () => {
    const { emails } = await send({ text: 'Plain {{ contact.first_name }}' });
    expect(emails[0]).toMatchObject({ text: 'Plain Ada' });
    expect(emails[0]!.html).toBeUndefined();
  });

  it('gives every attempt of a step the same Message-ID, and another step another', async () => {
    const first = await send({ text: 'x' }, { idempotencyKey: 'exec-1-3' });
    const retried = await send({ text: 'x' }, { idempotencyKey: 'exec-1-3' });
    const later = await send({ text: 'x' }, { idempotencyKey: 'exec-1-9' });
    expect(first.emails[0]!.messageId).toBe('<exec-1-3.welcome@tern.example>');
    expect(retried.emails[0]!.messageId).toBe(first.emails[0]!.messageId);
    expect(later.emails[0]!.messageId).not.toBe(first.emails[0]!.messageId);
  });

  it('adds the one-click unsubscribe headers and link to a marketing email', async () => {
    const { emails } = await send({ marketing: true, html: '<p>News</p><p><a href="%unsubscribe_url%">Leave</a></p>', text: 'News. Leave: %unsubscribe_url%' });
    const url = 'https://tern.test/t/unsubscribe/test-execution.welcome.c-42';
    expect(emails[0]!.headers).toEqual({ 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(emails[0]!.html).toBe(`<p>News</p><p><a href="${url}">Leave</a></p>`);
    expect(emails[0]!.text).toBe(`News. Leave: ${url}`);
  });

  it('adds an unsubscribe footer to a marketing email without the placeholder, and offers a mailbox', async () => {
    const { emails } = await send({ marketing: true, html: '<body><p>News</p></body>', unsubscribeMailto: 'leave@tern.example' });
    const url = 'https://tern.test/t/unsubscribe/test-execution.welcome.c-42';
    expect(emails[0]!.html).toMatch(new RegExp(`^<body><p>News</p><p [^>]*>.*<a href="${url}">Unsubscribe</a>.*</p></body>$`));
    expect(emails[0]!.text).toBe(`News\n\nDon't want these emails? Unsubscribe (${url}).`);
    expect(emails[0]!.headers!['List-Unsubscribe']).toBe(`<${url}>, <mailto:leave@tern.example?subject=unsubscribe>`);
  });

  it('identifies a run without a contact by the recipient address in its links', async () => {
    const { emails } = await send({ marketing: true, to: '{{ trigger.email }}', text: 'x' }, { contact: null, trigger: { email: 'bob@example.com' } });
    expect(emails[0]!.headers!['List-Unsubscribe']).toBe('<https://tern.test/t/unsubscribe/test-execution.welcome.bob%40example.com>');
  });

  it('tracks opens with a pixel and clicks through click URLs, leaving other links alone', async () => {
    const html = [
      '<body><a href="https://shop.example/cart?x=1&amp;y=2">Cart</a>',
      "<a class='b' href='http://blog.example/post'>Post</a>",
      '<a href="mailto:help@tern.example">Mail</a><a href="#top">Top</a><a href="%unsubscribe_url%">Leave</a></body>',
    ].join('');
    const { emails } = await send({ marketing: true, html, track: { opens: true, clicks: true } });
    const sent = emails[0]!.html!;
    const click = (url: string) => `https://tern.test/t/click/test-execution.welcome.c-42?to=${encodeURIComponent(url)}`.replace(/&/g, '&amp;');
    expect(sent).toContain(`<a href="${click('https://shop.example/cart?x=1&y=2')}">Cart</a>`);
    expect(sent).toContain(`<a class='b' href="${click('http://blog.example/post')}">Post</a>`);
    expect(sent).toContain('<a href="mailto:help@tern.example">Mail</a><a href="#top">Top</a>');
    expect(sent).toContain('<a href="https://tern.test/t/unsubscribe/test-execution.welcome.c-42">Leave</a>');
    expect(sent).toMatch(/<img src="https:\/\/tern\.test\/t\/open\/test-execution\.welcome\.c-42" width="1" height="1" [^>]*\/><\/body>$/);
  });

  it('tracks nothing unless asked', async () => {
    const { emails } = await send({ html: '<a href="https://shop.example">Shop</a>' });
    expect(emails[0]!.html).toBe('<a href="https://shop.example">Shop</a>');
  });

  it.each([
    ['subject', { subject: 'Hi {{ trigger.name }}' }],
    ['to', { to: '{{ trigger.name }}' }],
    ['from', { from: 'Tern <hello@tern.example>{{ trigger.name }}' }],
    ['replyTo', { replyTo: 'x@tern.example{{ trigger.name }}' }],
  ])('refuses a line break in %s (header injection) on the error port, sending nothing', async (field, params) => {
    const { result, emails } = await send({ text: 'x', ...params }, { trigger: { name: 'Ada\r\nBcc: victim@example.com' } });
    expect(emails).toEqual([]);
    expect(result).toMatchObject({ kind: 'continue', port: 'error' });
    expect((result as { output: { message: string } }).output.message).toBe(
      `params.${field} contains a line break, which could add headers of its own; nothing was sent`,
    );
  });

  it.each([
    [{ to: 'not-an-address' }, 'params.to: "not-an-address" is not an email address'],
    [{ to: '{{ contact.missing }}' }, 'params.to is empty: there is no recipient'],
    [{ from: 'Tern' }, 'params.from: "Tern" is not an email address'],
    [{ replyTo: 'nobody' }, 'params.replyTo: "nobody" is not an email address'],
  ])('refuses %o on the error port', async (params, message) => {
    const { result, emails } = await send({ text: 'x', ...params });
    expect(emails).toEqual([]);
    expect(result).toMatchObject({ port: 'error', output: { message } });
  });

  it('accepts display names, quoted ones included', async () => {
    const { emails } = await send({ text: 'x', to: '"Lovelace, Ada" <ada@example.com>', replyTo: 'Support <help@tern.example>' });
    expect(emails[0]).toMatchObject({ to: '"Lovelace, Ada" <ada@example.com>', replyTo: 'Support <help@tern.example>' });
  });

  it("routes a server's refusal to the error port with its words", async () => {
    const email = new FakeEmail(() => {
      throw new DeliveryError('rejected', '550 5.1.1 <ada@example.com>: Recipient address rejected', { code: 'EENVELOPE', responseCode: 550 });
    });
    const { result } = await send({ text: 'x' }, { email });
    expect(result).toEqual({
      kind: 'continue',
      port: 'error',
      output: {
        message: '550 5.1.1 <ada@example.com>: Recipient address rejected',
        messageId: '<test-execution-welcome.welcome@tern.example>',
        to: 'ada@example.com',
        code: 'EENVELOPE',
        responseCode: 550,
      },
    });
  });

  it('fails the step on a temporary failure, so its retry sends again', async () => {
    const email = new FakeEmail(() => {
      throw new DeliveryError('temporary', '421 4.3.2 Service shutting down, try later');
    });
    await expect(send({ text: 'x' }, { email })).rejects.toThrow('421 4.3.2 Service shutting down');
  });

  it('fails clearly where the runtime has no email or no tracking service', async () => {
    await expect(send({ text: 'x' }, { email: null })).rejects.toThrow('email is not configured');
    await expect(send({ text: 'x', marketing: true }, { tracking: null })).rejects.toThrow('tracking links are not configured');
    await expect(send({ text: 'x', track: { opens: true } }, { tracking: null })).rejects.toThrow('tracking links are not configured');
    expect((await send({ text: 'x' }, { tracking: null })).emails).toHaveLength(1);
  });

  it('fails the step on a missing credential or one of another type', async () => {
    await expect(send({ text: 'x', credential: 'nope' })).rejects.toThrow(ParamError);
    await expect(send({ text: 'x', credential: 'hook' })).rejects.toThrow(/^params\.credential: .*expected smtp/);
  });

  it('needs HTML or text, and a subject', async () => {
    await expect(send({})).rejects.toThrow('params.html: give the HTML, the text, or both');
    await expect(send({ text: 'x', subject: '{{ contact.missing }}' })).rejects.toThrow(/^params\.subject: /);
  });
});
