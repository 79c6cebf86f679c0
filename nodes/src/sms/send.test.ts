import { DeliveryError, paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { FakeSms, runNode, type RunNodeOptions } from '../testing/index.js';
import { smsSendNode } from './send.js';

const credentials = { twilio: { type: 'twilio', data: { accountSid: 'AC123', authToken: 'secret' } }, mail: { type: 'smtp', data: {} } };
const contact = { id: 'c-1', phone: '+49 151 23456789', first_name: 'Ada', timezone: 'Europe/Berlin' };
const base = { credential: 'twilio', from: '+15017122661', to: '{{ contact.phone }}', body: 'Hi {{ contact.first_name }}, your code is 1234' };

function send(params: Record<string, unknown>, options: Partial<RunNodeOptions> = {}) {
  return runNode(smsSendNode, { params: { ...base, ...params }, contact, credentials, ...options });
}

describe('sms.send', () => {
  it('sends to the number in E.164 and goes on with the provider id and status', async () => {
    const { result, texts } = await send({}, { idempotencyKey: 'exec-1-2' });
    expect(texts).toEqual([{
      credential: { id: 'twilio', ...credentials.twilio },
      from: '+15017122661',
      to: '+4915123456789',
      body: 'Hi Ada, your code is 1234',
      idempotencyKey: 'exec-1-2',
    }]);
    expect(result).toEqual({
      kind: 'continue', port: 'out',
      output: { messageId: 'SM00000000000000000000000000000001', status: 'queued', to: '+4915123456789', from: '+15017122661' },
    });
  });

  it('reads a national number with the default country, and takes an alphanumeric sender', async () => {
    const { texts } = await send({ to: '030 12345678', from: 'TernShop', defaultCountry: 'DE' });
    expect(texts[0]).toMatchObject({ to: '+493012345678', from: 'TernShop' });
  });

  it.each([
    [{ to: '12345' }, 'params.to: "12345" is not a valid phone number (write it with its country code, e.g. +49…, or set defaultCountry)'],
    [{ to: '+49 151' }, 'params.to: "+49 151" is not a valid phone number'],
    [{ to: '{{ contact.mobile }}' }, 'params.to is empty: there is no recipient'],
    [{ from: 'Far too long a sender' }, 'params.from: "Far too long a sender" is not a valid phone number (write it with its country code, e.g. +49…, or set defaultCountry)'],
  ])('refuses %o on the error port, sending nothing', async (params, message) => {
    const { result, texts } = await send(params);
    expect(texts).toEqual([]);
    expect(result).toMatchObject({ kind: 'continue', port: 'error', output: { message } });
  });

  it("holds a marketing message due at 02:00 the recipient's time until 08:00, then sends it", async () => {
    const night = new Date('2026-01-06T01:00:00Z'); // 02:00 in Berlin
    const held = await send({ marketing: true }, { now: night });
    expect(held.texts).toEqual([]);
    expect(held.result).toEqual({
      kind: 'wait',
      until: new Date('2026-01-06T07:00:00Z'),
      output: { status: 'deferred', reason: 'quiet hours', until: '2026-01-06T07:00:00.000Z', timezone: 'Europe/Berlin' },
    });
    const resumed = await send({ marketing: true }, { now: new Date('2026-01-06T07:00:00Z'), resume: { reason: 'time', waitedSince: night } });
    expect(resumed.texts).toHaveLength(1);
    expect(resumed.result).toMatchObject({ kind: 'continue', port: 'out' });
  });

  it('holds again when it is resumed still inside quiet hours', async () => {
    const late = new Date('2026-01-06T21:30:00Z'); // 22:30 in Berlin: the scheduler ran very late
    const { result, texts } = await send({ marketing: true }, { now: late, resume: { reason: 'time', waitedSince: late } });
    expect(texts).toEqual([]);
    expect(result).toMatchObject({ kind: 'wait', until: new Date('2026-01-07T07:00:00Z') });
  });

  it('sends marketing in the daytime, and transactional messages at any hour', async () => {
    expect((await send({ marketing: true }, { now: new Date('2026-01-06T12:00:00Z') })).texts).toHaveLength(1);
    expect((await send({}, { now: new Date('2026-01-06T01:00:00Z') })).texts).toHaveLength(1);
  });

  it("uses the workflow's time zone without a contact's, and a time zone and window given as params", async () => {
    const at = new Date('2026-01-06T04:00:00Z'); // 23:00 in New York, 05:00 in Berlin
    const noZone = { ...contact, timezone: undefined };
    expect((await send({ marketing: true }, { now: at, contact: noZone, timezone: 'America/New_York' })).result)
      .toMatchObject({ kind: 'wait', until: new Date('2026-01-06T13:00:00Z') });
    expect((await send({ marketing: true, timezone: 'Asia/Tokyo' }, { now: at })).result).toMatchObject({ kind: 'continue' }); // 13:00 in Tokyo
    const window = { quietHours: { from: '22:00', to: '06:00' } };
    expect((await send({ marketing: true, ...window }, { now: at })).result).toMatchObject({ kind: 'wait', until: new Date('2026-01-06T05:00:00Z') });
    const seven = new Date('2026-01-06T06:00:00Z'); // 07:00 in Berlin: quiet by default, not in this window
    expect((await send({ marketing: true }, { now: seven })).result).toMatchObject({ kind: 'wait', until: new Date('2026-01-06T07:00:00Z') });
    expect((await send({ marketing: true, ...window }, { now: seven })).result).toMatchObject({ kind: 'continue', port: 'out' });
  });

  it("routes the provider's refusal to the error port with its words", async () => {
    const sms = new FakeSms(() => {
      throw new DeliveryError('rejected', "The 'To' number +4915123456789 is not a valid mobile number.", { code: 21614, moreInfo: 'https://www.twilio.com/docs/errors/21614' });
    });
    const { result } = await send({}, { sms });
    expect(result).toEqual({
      kind: 'continue', port: 'error',
      output: { message: "The 'To' number +4915123456789 is not a valid mobile number.", to: '+4915123456789', code: 21614, moreInfo: 'https://www.twilio.com/docs/errors/21614' },
    });
  });

  it('fails the step when the provider cannot be reached, or SMS is not configured', async () => {
    const sms = new FakeSms(() => {
      throw new DeliveryError('temporary', 'request to api.twilio.com timed out after 10000 ms');
    });
    await expect(send({}, { sms })).rejects.toThrow('timed out');
    await expect(send({}, { sms: null })).rejects.toThrow('SMS is not configured');
    await expect(send({ credential: 'mail' })).rejects.toThrow(/^params\.credential: .*expected twilio/);
  });

  it.each([
    [{ defaultCountry: 'XX' }, 'params.defaultCountry'],
    [{ quietHours: { from: '9pm', to: '08:00' } }, 'params.quietHours.from'],
    [{ quietHours: { from: '08:00', to: '08:00' } }, 'params.quietHours.to'],
    [{ timezone: 'Mars/Olympus' }, 'params.timezone'],
    [{ body: '' }, 'params.body'],
  ])('checks %o on save', (params, field) => {
    const problems = paramProblems('s', { ...base, ...params }, smsSendNode, 'UTC');
    expect(problems.map((p) => p.field)).toEqual([field]);
  });
});
