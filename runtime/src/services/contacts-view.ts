// A contact as the API shows it and as templates and rules read it (`contact.first_name`). Kept
// apart from the contacts service so that the runner can use it without the HTTP layer.
import type { ContactRecord, Store } from '../db/store.js';

/** A contact as the API shows it: the names templates use (`contact.first_name`). */
export function contactView(c: ContactRecord) {
  return {
    id: c.id, email: c.email, phone: c.phone, first_name: c.firstName, last_name: c.lastName, timezone: c.timezone,
    locale: c.locale, tags: c.tags, score: c.score, fields: c.fields, consent: c.consent,
    created_at: c.createdAt, updated_at: c.updatedAt,
  };
}

export type ContactView = ReturnType<typeof contactView>;

/** What templates and rules read as `contact`: the view, with the custom fields also at the top
 *  level (`contact.plan` as well as `contact.fields.plan`); a standard field wins a name clash. */
export function contactContext(c: ContactRecord): Record<string, unknown> {
  return { ...c.fields, ...contactView(c) };
}

/** The contact for rules and templates with the segments it is in (`contact.segments`: `[{ id, name }]`,
 *  what in_segment reads). */
export async function contactWithSegments(store: Store, c: ContactRecord): Promise<Record<string, unknown>> {
  return { ...contactContext(c), segments: await store.segments.membershipOf(c.id) };
}
