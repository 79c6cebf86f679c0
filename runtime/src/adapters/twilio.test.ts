import type { SmsMessage } from '@tern/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTwilio, startFakeTwilio } from '../../../test-support/fakes/twilio.js';
import { createHttpClient } from './http-client.js';
import { createTwilioSender } from './twilio.js';

let twilio: FakeTwilio;
const http = createHttpClient({ allow: ['127.0.0.1'], retryBaseDelayMs: 1 });
beforeAll(async () => {
  twilio = await startFakeTwilio();
});
afterAll(async () => {
  http.close();
  await twilio.close();
});

const message = (data: Record<string, unknown>, extra: Partial<SmsMessage> = {}): SmsMessage => ({
  credential: { id: 'sms', type: 'twilio', data }, from: '+15017122661', to: '+4915123456789', body: 'Hi Ada', ...extra,
});

describe('the Twilio sender', () => {
  it("creates the message and answers with Twilio's sid and status, with the status callback when given", async () => {
    const send = createTwilioSender({ http, statusCallbackUrl: 'https://tern.example.com/t/sms/status' });
    const sent = await send(message(twilio.credential));
    expect(sent).toEqual({ messageId: twilio.messages.at(-1)!.sid, status: 'queued' });
    expect(sent.messageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.messages.at(-1)).toMatchObject({ to: '+4915123456789', from: '+15017122661', body: 'Hi Ada', status_callback: 'https://tern.example.com/t/sms/status' });
    await createTwilioSender({ http })(message(twilio.credential));
    expect(twilio.messages.at(-1)!.status_callback).toBeNull();
  });

  it("refuses with Twilio's error JSON: code, message and more_info", async () => {
    const send = createTwilioSender({ http });
    await expect(send(message(twilio.credential, { to: '+1' }))).rejects.toMatchObject({
      kind: 'rejected', message: "Invalid 'To' Phone Number: +1",
      details: { status: 400, code: 21211, moreInfo: 'https://www.twilio.com/docs/errors/21211' },
    });
  });

  it('takes 429 and 5xx answers, and an unreachable provider, as temporary', async () => {
    const send = createTwilioSender({ http });
    twilio.failNext(429, 20429, 'Too Many Requests');
    await expect(send(message(twilio.credential))).rejects.toMatchObject({ kind: 'temporary', message: 'Too Many Requests' });
    await expect(send(message({ ...twilio.credential, baseUrl: 'http://127.0.0.1:1' }))).rejects.toMatchObject({ kind: 'temporary' });
  });

  it('goes only where the SSRF guard lets it', async () => {
    const guarded = createHttpClient();
    await expect(createTwilioSender({ http: guarded })(message(twilio.credential))).rejects.toMatchObject({
      kind: 'rejected', message: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/),
    });
    guarded.close();
  });

  it('needs an account SID and an auth token', async () => {
    await expect(createTwilioSender({ http })(message({ accountSid: 'AC1' }))).rejects.toThrow('the twilio credential needs an accountSid and an authToken');
  });
});
