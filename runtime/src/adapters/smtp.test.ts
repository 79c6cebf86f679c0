import { DeliveryError, type EmailMessage } from '@tern/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../../test-support/fakes/smtp-sink.js';
import { SmtpMailer, smtpFailure } from './smtp.js';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.close());

function message(data: Record<string, unknown>, id = 'sink', extra: Partial<EmailMessage> = {}): EmailMessage {
  return {
    credential: { id, type: 'smtp', data },
    from: 'Tern <hello@tern.example>',
    to: 'ada@example.com',
    subject: 'Hello',
    text: 'Hi',
    messageId: '<exec-1-2.welcome@tern.example>',
    ...extra,
  };
}

describe('SmtpMailer', () => {
  it('refuses a loopback, private or metadata SMTP host unless TERN_HTTP_ALLOW lets it through, connecting to nothing', async () => {
    const mailer = new SmtpMailer();
    const before = sink.connections;
    await expect(mailer.send(message(sink.credential))).rejects.toMatchObject({
      kind: 'rejected', message: 'SMTP host refused: 127.0.0.1 is a loopback address; to reach a self-hosted service, add it to TERN_HTTP_ALLOW',
    });
    await expect(mailer.send(message({ ...sink.credential, host: '169.254.169.254' }, 'meta'))).rejects.toThrow(/cloud metadata address/);
    await expect(mailer.send(message({ ...sink.credential, host: '10.1.2.3' }, 'lan'))).rejects.toThrow(/10\.1\.2\.3 is a private address/);
    expect(sink.connections).toBe(before);
    await mailer.close();
  });

  it('checks the address a host name resolves to, and connects to that address', async () => {
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    await expect(new SmtpMailer({ resolve }).send(message({ ...sink.credential, host: 'mail.example.com' }))).rejects.toThrow(
      'SMTP host refused: mail.example.com resolves to 127.0.0.1, a loopback address; to reach a self-hosted service, add it to TERN_HTTP_ALLOW',
    );

    const allowed = new SmtpMailer({ resolve, allow: ['mail.example.com'] });
    const before = sink.accepted().length;
    expect(await allowed.send(message({ ...sink.credential, host: 'mail.example.com' }))).toMatchObject({ status: 'sent', accepted: ['ada@example.com'] });
    expect(sink.accepted().length).toBe(before + 1);
    await allowed.close();
  });

  it('keeps one pooled connection per credential, and a new one when the credential changes', async () => {
    const mailer = new SmtpMailer({ allow: ['127.0.0.1'] });
    const before = sink.connections;
    for (let i = 0; i < 3; i++) await mailer.send(message(sink.credential));
    expect(sink.connections).toBe(before + 1);
    await expect(mailer.send(message({ ...sink.credential, password: 'changed' }))).rejects.toBeInstanceOf(DeliveryError);
    expect(sink.connections).toBe(before + 2);
    await mailer.close();
    await expect(mailer.send(message(sink.credential))).rejects.toThrow('shutting down');
  });

  it("sends the message as given: Message-ID, reply-to, extra headers and both parts", async () => {
    const mailer = new SmtpMailer({ allow: ['127.0.0.1'] });
    const before = sink.received.length;
    const sent = await mailer.send(message(sink.credential, 'sink', {
      replyTo: 'help@tern.example', html: '<p>Hi</p>', headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    }));
    expect(sent).toMatchObject({ messageId: '<exec-1-2.welcome@tern.example>', status: 'sent', rejected: [] });
    expect(sent.response).toMatch(/^250 /);
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail!.parsed.messageId).toBe('<exec-1-2.welcome@tern.example>');
    expect(mail!.parsed.replyTo?.value).toEqual([{ name: '', address: 'help@tern.example' }]);
    expect(mail!.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect([mail!.parsed.text?.trim(), mail!.parsed.html]).toEqual(['Hi', '<p>Hi</p>']);
    await mailer.close();
  });

  it("refuses with the server's answer to a failed login; a server that is not there is temporary", async () => {
    const mailer = new SmtpMailer({ allow: ['127.0.0.1'], timeouts: { connectMs: 2_000 } });
    await expect(mailer.send(message({ ...sink.credential, password: 'wrong' }, 'bad-login'))).rejects.toMatchObject({
      kind: 'rejected', message: 'the SMTP server answered: 535 5.7.8 Authentication credentials invalid', details: { code: 'EAUTH', responseCode: 535 },
    });
    await expect(mailer.send(message({ ...sink.credential, port: 1 }, 'closed-port'))).rejects.toMatchObject({
      kind: 'temporary', message: expect.stringMatching(/^could not send through SMTP: .*ECONNREFUSED/),
    });
    await mailer.close();
  });

  it('tells deferrals (4xx) from refusals (5xx)', () => {
    const answer = (responseCode: number) => Object.assign(new Error('x'), { code: 'EMESSAGE', responseCode, response: `${responseCode} text` });
    expect(smtpFailure(answer(451)).kind).toBe('temporary');
    expect(smtpFailure(answer(552)).kind).toBe('rejected');
    expect(smtpFailure(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' })).kind).toBe('temporary');
  });
});
