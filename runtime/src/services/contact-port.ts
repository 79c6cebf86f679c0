// The contact database as nodes see it (`ctx.services.contacts`: crm.contact, crm.tag, crm.score).
// Every change goes through the runtime's one ingestion path, so it records events that flows
// start and resume on, and scoring rules see:
// - field changes are a `contact.updated` event carrying the fields (ingestion finds or creates
//   the contact, normalises email and phone, and never clears an unsubscribe). Setting the same
//   fields twice leaves the contact as it was, so a retried step is harmless;
// - tag and score changes are written with the step's idempotency key in one transaction, so a
//   retried step changes nothing twice; after the commit they record `tag.added`, `tag.removed`
//   and `score.changed`. (A crash between the two loses those events, never adds points twice.)
import type { ContactChangeOptions, ContactData, ContactsService } from '@tern/shared';
import type { ContactRecord } from '../db/store.js';
import { isoTime } from '../engine/iso-time.js';
import { HttpError } from '../http/errors.js';
import type { Runtime } from '../runtime.js';
import { contactView } from './contacts-view.js';
import { ingestEvents } from './events.js';
import { scoreChangedEvent } from './scoring.js';

export const CONTACT_UPDATED = 'contact.updated';

type Change<R> = (contact: ContactRecord, now: string) => { contact: ContactRecord; result: R };

export class RuntimeContacts implements ContactsService {
  private bound: Runtime | null = null;

  /** The runner is built before the runtime it belongs to; the runtime is attached once made. */
  attach(runtime: Runtime): void {
    this.bound = runtime;
  }

  async upsert(contactId: string | null, fields: Record<string, unknown>): Promise<ContactData> {
    return this.setFields(contactId === null ? fields : { ...fields, id: contactId });
  }

  async update(contactId: string, fields: Record<string, unknown>): Promise<ContactData> {
    return this.setFields({ ...fields, id: contactId });
  }

  async tag(contactId: string, change: { add?: string[]; remove?: string[] }, { idempotencyKey }: ContactChangeOptions): Promise<ContactData> {
    const { contact } = await this.change(idempotencyKey, contactId, (c, now) => {
      const added = [...new Set(change.add ?? [])].filter((t) => !c.tags.includes(t));
      const removed = [...new Set(change.remove ?? [])].filter((t) => c.tags.includes(t) && !added.includes(t));
      const tags = [...c.tags.filter((t) => !removed.includes(t)), ...added];
      const next = { ...c, tags, updatedAt: now };
      return { contact: next, result: { contact: contactView(next) as ContactData, added, removed } };
    }, (r) => [
      ...r.added.map((tag) => ({ type: 'tag.added', contact: { id: contactId }, data: { tag } })),
      ...r.removed.map((tag) => ({ type: 'tag.removed', contact: { id: contactId }, data: { tag } })),
    ]);
    return contact;
  }

  async score(contactId: string, points: number, { idempotencyKey }: ContactChangeOptions) {
    return this.change(idempotencyKey, contactId, (c, now) => {
      const next = { ...c, score: c.score + points, updatedAt: now };
      return { contact: next, result: { contact: contactView(next) as ContactData, from: c.score, to: next.score } };
    }, (r) => (r.from === r.to ? [] : [scoreChangedEvent({ contactId, from: r.from, to: r.to })]));
  }

  private get runtime(): Runtime {
    if (!this.bound) throw new Error('the contact database is not ready yet');
    return this.bound;
  }

  private async setFields(contact: Record<string, unknown>): Promise<ContactData> {
    const fields = Object.fromEntries(Object.entries(contact).filter(([key]) => key !== 'id'));
    try {
      const { contactIds } = await ingestEvents(this.runtime, { type: CONTACT_UPDATED, contact, data: { fields } });
      return contactView((await this.runtime.store.contacts.get(contactIds[0]!))!) as ContactData;
    } catch (error) {
      throw asNodeError(error);
    }
  }

  /** Applies a keyed change; events are recorded only the first time the key is used. */
  private async change<R>(key: string, contactId: string, change: Change<R>, events: (result: R) => Array<{ type: string; contact: { id: string }; data: object }>): Promise<R> {
    const now = isoTime(this.runtime.clock.now());
    const outcome = await this.runtime.store.contactChanges.apply(key, contactId, (c) => change(c, now));
    if (!outcome) throw new Error(`no contact has the id ${contactId}`);
    const batch = outcome.applied ? events(outcome.result) : [];
    if (batch.length > 0) {
      // The change is committed under its key, so a retry would not record these events either:
      // a failure here (the contact deleted meanwhile) is logged rather than failing the step.
      await ingestEvents(this.runtime, { batch })
        .catch((err: unknown) => this.runtime.log.error({ err, contactId }, 'could not record the events of a contact change'));
    }
    return outcome.result;
  }
}

/** An ingestion refusal in a node's words: `fields.email: must be a valid email address`. */
function asNodeError(error: unknown): unknown {
  if (!(error instanceof HttpError)) return error;
  const problems = (error.details as Array<{ field?: string; message?: string }>)
    .map((p) => `${p.field === 'contact.id' ? 'params.contactId' : String(p.field ?? '').replace(/^contact(\.|$)/, 'fields$1')}: ${p.message}`);
  return new Error(problems.length > 0 ? problems.join('; ') : error.message);
}
