// The suppression list through the API.
// An address is an email (lower-cased) or a phone number (E.164; a national one needs `country`).
import { z } from 'zod';
import type { MessageChannel, PageRequest, Store, SuppressionRecord } from '../db/store.js';
import { isoTime } from '../engine/iso-time.js';
import { HttpError, notFound } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { Clock } from '../runtime.js';
import { emailField, normalisePhone } from './contacts-input.js';

const reasonField = z.enum(['unsubscribed', 'bounced', 'complained'], { error: 'must be unsubscribed, bounced or complained' });

export const suppressionListQuery = z.object({
  channel: z.enum(['email', 'sms'], { error: 'must be email or sms' }).optional(),
  reason: reasonField.optional(),
});

const suppressionBody = z.object({
  address: z.string({ error: 'must be an email address or a phone number' }).trim().min(1, 'must be an email address or a phone number').max(320),
  country: z.string().trim().toUpperCase().optional(),
  reason: reasonField.default('unsubscribed'),
}).strict();

export class Suppressions {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  list(filter: z.output<typeof suppressionListQuery>, page: PageRequest) {
    return this.store.suppressions.list(filter, page);
  }

  async add(body: unknown): Promise<SuppressionRecord> {
    const input = parseInput(suppressionBody, body ?? {}, 'body');
    const { address, channel } = addressOf(input.address, input.country);
    const record: SuppressionRecord = { address, channel, reason: input.reason, source: 'api', createdAt: isoTime(this.clock.now()) };
    await this.store.suppressions.put(record);
    return record;
  }

  async remove(rawAddress: string): Promise<void> {
    const { address } = addressOf(rawAddress);
    if (!(await this.store.suppressions.delete(address))) throw notFound('suppression');
  }
}

/** The address as the list keys it; a 400 naming `address` when it is neither an email nor a phone number. */
function addressOf(text: string, country?: string): { address: string; channel: MessageChannel } {
  if (text.includes('@')) {
    const email = emailField.safeParse(text);
    if (email.success) return { address: email.data, channel: 'email' };
  } else {
    const phone = normalisePhone(text, country);
    if (phone) return { address: phone, channel: 'sms' };
  }
  const message = text.includes('@') ? 'must be a valid email address' : 'must be a valid phone number (E.164, or give country)';
  throw new HttpError(400, 'invalid_request', `invalid request body: address: ${message}`, [{ field: 'address', message }]);
}
