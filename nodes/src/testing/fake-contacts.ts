import type { ContactChangeOptions, ContactData, ContactsService } from '@tern/shared';

/** An event a change recorded, as the runtime would ingest it. */
export interface FakeContactEvent {
  type: 'tag.added' | 'tag.removed' | 'score.changed';
  contactId: string;
  data: Record<string, unknown>;
}

const STANDARD = new Set(['email', 'phone', 'first_name', 'last_name', 'timezone', 'locale', 'consent']);

/**
 * An in-memory contact database for node tests. Like the runtime's, a tag or score change made
 * under an idempotency key is made once (a repeat returns the first result and records nothing),
 * and changes record `tag.added`, `tag.removed` and `score.changed` events. It does not validate
 * or normalise fields: that is the runtime's job, tested there.
 */
export class FakeContacts implements ContactsService {
  /** Every contact by id. */
  readonly contacts = new Map<string, ContactData>();
  /** The events changes recorded, in order. */
  readonly events: FakeContactEvent[] = [];
  private readonly done = new Map<string, unknown>();
  private created = 0;

  constructor(initial: Array<Partial<ContactData> & { id: string }> = []) {
    for (const contact of initial) this.contacts.set(contact.id, { tags: [], score: 0, fields: {}, ...structuredClone(contact) });
  }

  async upsert(contactId: string | null, fields: Record<string, unknown>, _options: ContactChangeOptions): Promise<ContactData> {
    const found = contactId !== null
      ? this.contacts.get(contactId)
      : [...this.contacts.values()].find((c) => (fields.email && c.email === fields.email) || (fields.phone && c.phone === fields.phone));
    if (contactId !== null && !found) throw new Error(`no contact has the id ${contactId}`);
    const contact = found ?? { id: `contact-${++this.created}`, tags: [], score: 0, fields: {} };
    this.contacts.set(contact.id, setFields(contact, fields));
    return structuredClone(this.contacts.get(contact.id)!);
  }

  async update(contactId: string, fields: Record<string, unknown>, options: ContactChangeOptions): Promise<ContactData> {
    if (!this.contacts.has(contactId)) throw new Error(`no contact has the id ${contactId}`);
    return this.upsert(contactId, fields, options);
  }

  async tag(contactId: string, change: { add?: string[]; remove?: string[] }, options: ContactChangeOptions): Promise<ContactData> {
    return this.once(options.idempotencyKey, () => {
      const contact = this.get(contactId);
      for (const tag of change.add ?? []) {
        if (contact.tags.includes(tag)) continue;
        contact.tags.push(tag);
        this.events.push({ type: 'tag.added', contactId, data: { tag } });
      }
      for (const tag of change.remove ?? []) {
        if (!contact.tags.includes(tag)) continue;
        contact.tags = contact.tags.filter((t) => t !== tag);
        this.events.push({ type: 'tag.removed', contactId, data: { tag } });
      }
      return structuredClone(contact);
    });
  }

  async score(contactId: string, points: number, options: ContactChangeOptions) {
    return this.once(options.idempotencyKey, () => {
      const contact = this.get(contactId);
      const from = contact.score;
      contact.score = from + points;
      if (points !== 0) this.events.push({ type: 'score.changed', contactId, data: { from, to: contact.score, delta: points } });
      return { contact: structuredClone(contact), from, to: contact.score };
    });
  }

  private get(contactId: string): ContactData {
    const contact = this.contacts.get(contactId);
    if (!contact) throw new Error(`no contact has the id ${contactId}`);
    return contact;
  }

  private once<R>(key: string, change: () => R): R {
    if (!this.done.has(key)) this.done.set(key, change());
    return structuredClone(this.done.get(key) as R);
  }
}

/** Standard fields at the top level, the others merged into `fields` (null deletes one). */
function setFields(contact: ContactData, given: Record<string, unknown>): ContactData {
  const next: ContactData = { ...contact, fields: { ...(contact.fields as Record<string, unknown>) } };
  const custom = next.fields as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    if (STANDARD.has(key)) next[key] = value;
    else if (value === null) delete custom[key];
    else custom[key] = value;
  }
  return next;
}
