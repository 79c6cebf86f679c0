// What a test run and a preview render with: a chosen contact (by id), a made-up one (fields as the
// API names them; unknown keys become custom fields, as events do), or the chosen one with some
// fields made up. Nothing here is stored.
import { z } from 'zod';
import type { ContactRecord } from '../db/store.js';
import { isoTime } from '../engine/iso-time.js';
import { HttpError } from '../http/errors.js';
import type { Runtime } from '../runtime.js';
import { applyFields, contactFieldsShape, emptyContact, STANDARD_KEYS, withPhone } from './contacts-input.js';
import { contactContext } from './contacts-view.js';

/** The id a made-up contact carries (waits for events and tracking links need one). */
export const MADE_UP_CONTACT_ID = 'test-contact';

export const madeUpContact = z.object(contactFieldsShape).catchall(z.unknown()).transform(withPhone);

export const previewContactFields = {
  contactId: z.string().trim().min(1, 'must name a contact').optional(),
  contact: madeUpContact.optional(),
};

/** The contact as templates read it; a `contactId` that names nobody answers 404. */
export async function previewContact(
  runtime: Runtime,
  input: { contactId?: string | undefined; contact?: z.output<typeof madeUpContact> | undefined },
): Promise<Record<string, unknown>> {
  const now = isoTime(runtime.clock.now());
  let base: ContactRecord = emptyContact(MADE_UP_CONTACT_ID, now);
  if (input.contactId !== undefined) {
    const found = await runtime.store.contacts.get(input.contactId);
    if (!found) throw new HttpError(404, 'not_found', `contact ${input.contactId} not found`, [{ field: 'contactId', message: 'no contact has this id' }]);
    base = found;
  }
  const given = input.contact;
  if (!given) return contactContext(base);
  const made = applyFields(base, given, (_channel, consent) => consent, now);
  if (given.tags) made.tags = [...new Set([...base.tags, ...given.tags])];
  const extra = Object.fromEntries(Object.entries(given).filter(([k]) => !STANDARD_KEYS.has(k)));
  made.fields = { ...base.fields, ...given.fields, ...extra };
  return contactContext(made);
}
