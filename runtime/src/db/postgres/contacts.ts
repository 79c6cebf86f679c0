// Contacts and their events on PostgreSQL. Email and phone arrive normalised (services/contacts.ts);
// their partial unique indexes make one person one contact even under concurrent writes: a write
// that loses such a race finds the winner when it looks again, and names it.
import { clampLimit, pageBounds, toPage } from '../pagination.js';
import { type ContactRow, contactValues, type EventRow, likePattern, toContact, toEvent } from '../rows/contacts.js';
import { toJson } from '../rows/json.js';
import type { ContactFilter, ContactRecord, ContactRepository, ContactWrite, EventRecord } from '../store.js';
import { isUniqueViolation, keysetPage, type PgContext, type Queryable, readTransaction, transaction } from './support.js';

/** contactValues' keys are the columns, in the table's order. */
const CONTACT_COLUMNS = Object.keys(contactValues({} as ContactRecord));
const CONTACT_ARRAYS = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
  $8::jsonb[], $9::int[], $10::jsonb[], $11::jsonb[], $12::text[], $13::text[]) AS c(${CONTACT_COLUMNS.join(', ')})`;
const UPDATED_COLUMNS = CONTACT_COLUMNS.filter((c) => c !== 'id' && c !== 'created_at');

/** The contacts as one array per column, in the order of CONTACT_COLUMNS. */
const contactArrays = (contacts: ContactRecord[]) => {
  const rows = contacts.map((c) => Object.values(contactValues(c)));
  return CONTACT_COLUMNS.map((_, i) => rows.map((row) => row[i]));
};

const insertContacts = (db: Queryable, contacts: ContactRecord[]) =>
  db.query(`INSERT INTO contacts (${CONTACT_COLUMNS.join(', ')}) SELECT * FROM ${CONTACT_ARRAYS}`, contactArrays(contacts));

/** Updates return the ids they changed. */
export const updateContacts = (db: Queryable, contacts: ContactRecord[]) =>
  db.query<{ id: string }>(
    `UPDATE contacts SET ${UPDATED_COLUMNS.map((c) => `${c} = c.${c}`).join(', ')} FROM ${CONTACT_ARRAYS}
     WHERE contacts.id = c.id RETURNING contacts.id`,
    contactArrays(contacts),
  );

/** A write that a concurrent one beat to an email or phone runs once more, and then sees it. */
async function retryOnClash<R>(write: () => Promise<R>): Promise<R> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return write();
  }
}

export function pgContacts({ pool }: PgContext): ContactRepository {
  const findOne = async (column: 'id' | 'email' | 'phone', value: string) => {
    const { rows } = await pool.query<ContactRow>(`SELECT * FROM contacts WHERE ${column} = $1`, [value]);
    return rows[0] ? toContact(rows[0]) : null;
  };

  /** The id of another contact holding this contact's email (first) or phone. */
  async function holderOf(c: ContactRecord): Promise<string | null> {
    const { rows } = await pool.query<{ id: string }>(
      `SELECT id FROM contacts WHERE id <> $3 AND (email = $1 OR phone = $2) ORDER BY (email = $1) IS TRUE DESC LIMIT 1`,
      [c.email, c.phone, c.id],
    );
    return rows[0]?.id ?? null;
  }

  return {
    create: (record) => retryOnClash(async () => {
      const conflictId = await holderOf(record);
      if (conflictId !== null) return { ok: false as const, conflictId };
      await insertContacts(pool, [record]);
      return { ok: true as const };
    }),
    update: (record) => retryOnClash(async () => {
      if ((await pool.query('SELECT 1 FROM contacts WHERE id = $1', [record.id])).rowCount === 0) return null;
      const conflictId = await holderOf(record);
      if (conflictId !== null) return { ok: false as const, conflictId };
      return (await updateContacts(pool, [record])).rowCount === 0 ? null : { ok: true as const };
    }),
    get: (id) => findOne('id', id),
    async getMany(ids) {
      const { rows } = await pool.query<ContactRow>('SELECT * FROM contacts WHERE id = ANY($1::text[])', [ids]);
      return rows.map(toContact);
    },
    findByEmail: (email) => findOne('email', email),
    findByPhone: (phone) => findOne('phone', phone),

    list: (filter: ContactFilter, page) => readTransaction(pool, async (client) => {
      const limit = clampLimit(page.limit);
      const { sortKey, id } = pageBounds(page.cursor);
      const params: unknown[] = [];
      const param = (value: unknown) => `$${params.push(value)}`;
      const where: string[] = [];
      if (filter.email !== undefined) where.push(`email = ${param(filter.email)}`);
      if (filter.phone !== undefined) where.push(`phone = ${param(filter.phone)}`);
      if (filter.q !== undefined) {
        const q = param(likePattern(filter.q));
        where.push(`(lower(coalesce(email, '')) LIKE ${q} ESCAPE '\\'
          OR lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) LIKE ${q} ESCAPE '\\'
          OR coalesce(phone, '') LIKE ${q} ESCAPE '\\')`);
      }
      if (filter.tag !== undefined) where.push(`tags ? ${param(filter.tag)}`);
      if (filter.segment !== undefined) where.push(`id IN (SELECT contact_id FROM segment_members WHERE segment_id = ${param(filter.segment)})`);
      const base = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const n = params.length;
      const { rows } = await client.query<ContactRow>(
        `SELECT * FROM contacts ${base} ${base ? 'AND' : 'WHERE'} created_at <= $${n + 1} AND (created_at < $${n + 1} OR id < $${n + 2})
         ORDER BY created_at DESC, id DESC LIMIT $${n + 3}`,
        [...params, sortKey, id, limit + 1],
      );
      const total = (await client.query<{ count: number }>(`SELECT count(*) FROM contacts ${base}`, params)).rows[0]!.count;
      return toPage(rows, limit, total, toContact, (r) => ({ sortKey: r.created_at, id: r.id }));
    }),

    delete: async (id) => ((await pool.query('DELETE FROM contacts WHERE id = $1', [id])).rowCount ?? 0) > 0,

    ingest: (contacts: ContactWrite[], events: EventRecord[]) => transaction(pool, async (client) => {
      const added = contacts.filter((w) => w.isNew).map((w) => w.contact);
      const changed = contacts.filter((w) => !w.isNew).map((w) => w.contact);
      // Updates first: one that moves an email or phone away frees it for a new contact.
      if (changed.length > 0) await updateContacts(client, changed);
      if (added.length > 0) await insertContacts(client, added);
      if (events.length > 0) {
        await client.query(
          'INSERT INTO events (id, contact_id, type, data, at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[])',
          [events.map((e) => e.id), events.map((e) => e.contactId), events.map((e) => e.type), events.map((e) => toJson(e.data)), events.map((e) => e.at)],
        );
      }
    }),

    events: (contactId, page) => keysetPage<EventRow, EventRecord>(
      pool, { from: 'events', where: 'contact_id = $1', params: [contactId], sort: 'at', id: 'id' }, page, toEvent,
    ),
  };
}
