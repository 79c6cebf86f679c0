// Contact and event rows as both stores read and write them.
import type { ContactConsent, ContactRecord, EventRecord } from '../store.js';
import { fromJson } from './json.js';

export interface ContactRow {
  id: string;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  timezone: string | null;
  locale: string | null;
  tags: string;
  score: number;
  fields: string;
  consent: string;
  created_at: string;
  updated_at: string;
}

export interface EventRow {
  id: string;
  contact_id: string;
  type: string;
  data: string | null;
  at: string;
}

export const toContact = (r: ContactRow): ContactRecord => ({
  id: r.id,
  email: r.email,
  phone: r.phone,
  firstName: r.first_name,
  lastName: r.last_name,
  timezone: r.timezone,
  locale: r.locale,
  tags: JSON.parse(r.tags) as string[],
  score: r.score,
  fields: JSON.parse(r.fields) as Record<string, unknown>,
  consent: JSON.parse(r.consent) as ContactConsent,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toEvent = (r: EventRow): EventRecord => ({ id: r.id, contactId: r.contact_id, type: r.type, data: fromJson(r.data) ?? null, at: r.at });

/** A contact as its row's values, keyed by column (in the order of the table's columns). */
export const contactValues = (c: ContactRecord) => ({
  id: c.id, email: c.email, phone: c.phone, first_name: c.firstName, last_name: c.lastName, timezone: c.timezone,
  locale: c.locale, tags: JSON.stringify(c.tags), score: c.score, fields: JSON.stringify(c.fields),
  consent: JSON.stringify(c.consent), created_at: c.createdAt, updated_at: c.updatedAt,
});

/** LIKE's wildcards in user input match themselves (with ESCAPE '\'). */
export const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
