// What the SMS provider posts back (Twilio's webhooks): delivery status of a message Tern sent, and
// messages people send to Tern's numbers. Both are verified like Twilio signs them —
// X-Twilio-Signature is the base64 HMAC-SHA1, keyed by the account's auth token, of the full URL
// followed by every form parameter's name and value, sorted by name — with the auth token of the
// `twilio` credential for the posted AccountSid.
//
// STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT opts the number out of marketing SMS: on the
// suppression list and in the consent of its contact, for every journey. START, UNSTOP or YES
// opts it back in.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isoTime } from '../engine/iso-time.js';
import type { Runtime } from '../runtime.js';
import { normalisePhone } from './contacts-input.js';
import { Contacts } from './contacts.js';
import { ingestEvents } from './events.js';
import { MessageLog } from './message-log.js';

export type TwilioParams = Record<string, string>;

const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES']);

/** Twilio's request signature over `url` and the form parameters. */
export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  const data = url + Object.keys(params).sort().map((name) => name + params[name]).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export class SmsCallbacks {
  constructor(private readonly runtime: Runtime) {}

  /** Whether a `twilio` credential of the posted account signed this request. */
  async verify(url: string, params: TwilioParams, signature: string | undefined): Promise<boolean> {
    if (!signature || !params.AccountSid) return false;
    const given = Buffer.from(signature);
    for (const authToken of await this.authTokensOf(params.AccountSid)) {
      const expected = Buffer.from(twilioSignature(authToken, url, params));
      if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
    }
    return false;
  }

  /** A status callback: delivered, or failed with Twilio's error code. Unknown messages are ignored. */
  async status(params: TwilioParams): Promise<void> {
    const { store, clock } = this.runtime;
    const message = params.MessageSid ? await store.messages.findByProviderId('sms', params.MessageSid) : null;
    if (!message) return;
    const status = (params.MessageStatus ?? params.SmsStatus ?? '').toLowerCase();
    if (status === 'delivered') {
      await store.messages.mark(message.id, 'delivered', isoTime(clock.now()));
    } else if (status === 'failed' || status === 'undelivered') {
      const code = params.ErrorCode ? Number(params.ErrorCode) : null;
      await new MessageLog(store, clock).failed(message.id, {
        kind: 'rejected',
        message: `the SMS was ${status}${code !== null ? ` (Twilio error ${code})` : ''}`,
        details: code !== null ? { code } : {},
      });
    }
  }

  /** An incoming SMS; answers the TwiML to reply with. */
  async inbound(params: TwilioParams): Promise<string> {
    const from = normalisePhone(params.From ?? '');
    if (!from) return twiml(null);
    const keyword = (params.Body ?? '').trim().toUpperCase();
    const { store, clock } = this.runtime;
    const contact = await store.contacts.findByPhone(from);
    const data = { from, to: params.To ?? null, body: params.Body ?? '', messageSid: params.MessageSid ?? null };
    const now = isoTime(clock.now());

    if (STOP_WORDS.has(keyword)) {
      await store.suppressions.put({ address: from, channel: 'sms', reason: 'unsubscribed', source: `sms ${keyword}`, createdAt: now });
      if (contact) {
        await this.record('sms.unsubscribed', contact.id, data, { consent: { sms: { status: 'unsubscribed', source: `sms ${keyword}` } } });
      }
      return twiml('You are unsubscribed and will get no more messages from us. Reply START to subscribe again.');
    }
    if (START_WORDS.has(keyword)) {
      await store.suppressions.delete(from, 'unsubscribed');
      if (contact) {
        // An explicit opt-in by the person: the one thing besides an edit that clears an unsubscribe.
        await new Contacts(store, clock).update(contact.id, { consent: { sms: { status: 'subscribed', source: `sms ${keyword}` } } });
        await this.record('sms.resubscribed', contact.id, data);
      }
      return twiml('You are subscribed again. Reply STOP to unsubscribe.');
    }
    if (contact) await this.record('sms.received', contact.id, data);
    return twiml(null);
  }

  private async record(type: string, contactId: string, data: Record<string, unknown>, fields: Record<string, unknown> = {}): Promise<void> {
    await ingestEvents(this.runtime, { type, contact: { id: contactId, ...fields }, data });
  }

  private async authTokensOf(accountSid: string): Promise<string[]> {
    const tokens: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.runtime.store.credentials.list({ limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const record of page.items) {
        if (record.type !== 'twilio') continue;
        const { data } = await this.runtime.credentials.get(record.id, ['twilio']);
        if (data.accountSid === accountSid && typeof data.authToken === 'string') tokens.push(data.authToken);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return tokens;
  }
}

function twiml(reply: string | null): string {
  const body = reply === null ? '' : `<Message>${reply.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</Message>`;
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
}
