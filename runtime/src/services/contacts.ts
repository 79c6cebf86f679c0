// Contacts through the API: create (409 naming the contact that has the email or phone already),
// read, search, edit, delete, and a contact's events. Also the contact as templates and rules see it.
import { z } from 'zod';
import { newId } from '../db/ids.js';
import type { ContactFilter, ContactRecord, PageRequest, Store } from '../db/store.js';
import { isoTime } from '../engine/iso-time.js';
import { HttpError, notFound } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { Clock } from '../runtime.js';
import { contactView, type ContactView } from './contacts-view.js';
import { applyFields, contactFieldsShape, emptyContact, emailField, normalisePhone, withPhone } from './contacts-input.js';

// The same body for POST and PATCH; on PATCH `fields` merges key by key (null deletes a key) and `tags` replaces the set.
const contactBody = z.object(contactFieldsShape).strict().transform(withPhone);

export const contactListQuery = z.object({
  email: emailField.optional(),
  phone: z.string().trim().min(1).optional(),
  country: z.string().trim().toUpperCase().optional(),
  q: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  tag: z.string().trim().min(1, 'must not be empty').optional(),
  segment: z.string().trim().min(1, 'must not be empty').optional(),
});

function conflict(field: 'email' | 'phone', id: string): HttpError {
  return new HttpError(409, 'contact_exists', `a contact with this ${field} exists already: ${id}`,
    [{ field, message: `belongs to the contact ${id}`, contactId: id }]);
}

export class Contacts {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  async list(query: z.output<typeof contactListQuery>, page: PageRequest) {
    const filter: ContactFilter = {};
    if (query.email !== undefined) filter.email = query.email;
    if (query.phone !== undefined) {
      // A number that is no valid phone matches nobody rather than failing the search.
      filter.phone = normalisePhone(query.phone, query.country) ?? query.phone;
    }
    if (query.q !== undefined) filter.q = query.q;
    if (query.tag !== undefined) filter.tag = query.tag;
    if (query.segment !== undefined) {
      if (!(await this.store.segments.get(query.segment))) {
        throw new HttpError(400, 'invalid_request', `no segment has the id ${query.segment}`, [{ field: 'segment', message: 'no segment has this id' }]);
      }
      filter.segment = query.segment;
    }
    const result = await this.store.contacts.list(filter, page);
    return { ...result, items: result.items.map(contactView) };
  }

  async get(id: string): Promise<ContactView> {
    return contactView(await this.record(id));
  }

  async record(id: string): Promise<ContactRecord> {
    const record = await this.store.contacts.get(id);
    if (!record) throw notFound('contact');
    return record;
  }

  async create(body: unknown): Promise<ContactView> {
    const input = parseInput(contactBody, body ?? {}, 'body');
    if (input.email == null && input.phone == null) {
      throw new HttpError(400, 'invalid_request', 'a contact needs an email or a phone',
        [{ field: 'email', message: 'give an email or a phone' }]);
    }
    const now = isoTime(this.clock.now());
    const record = applyFields(emptyContact(newId(), now), input, (_channel, given) => given, now);
    record.tags = [...new Set(input.tags ?? [])];
    record.fields = withoutNulls(input.fields ?? {});
    const result = await this.store.contacts.create(record);
    if (!result.ok) throw await this.conflictFor(record, result.conflictId);
    return contactView(record);
  }

  /** An explicit edit by the owner: may change anything, consent included. */
  async update(id: string, body: unknown): Promise<ContactView> {
    const input = parseInput(contactBody, body ?? {}, 'body');
    const current = await this.record(id);
    const now = isoTime(this.clock.now());
    const record = applyFields(current, input, (_channel, given) => given, now);
    if (input.tags !== undefined) record.tags = [...new Set(input.tags)];
    if (input.fields !== undefined) record.fields = withoutNulls({ ...current.fields, ...input.fields });
    if (record.email === null && record.phone === null) {
      throw new HttpError(400, 'invalid_request', 'a contact needs an email or a phone',
        [{ field: input.email === null ? 'email' : 'phone', message: 'a contact needs an email or a phone' }]);
    }
    const result = await this.store.contacts.update(record);
    if (!result) throw notFound('contact');
    if (!result.ok) throw await this.conflictFor(record, result.conflictId);
    return contactView(record);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.contacts.delete(id))) throw notFound('contact');
  }

  async events(id: string, page: PageRequest) {
    await this.record(id);
    return this.store.contacts.events(id, page);
  }

  private async conflictFor(record: ContactRecord, holderId: string): Promise<HttpError> {
    const holder = await this.store.contacts.get(holderId);
    return conflict(holder && record.email !== null && holder.email === record.email ? 'email' : 'phone', holderId);
  }
}

/** Custom fields set to null are removed. */
export function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined));
}
