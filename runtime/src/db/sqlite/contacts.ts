// Contacts and their events on SQLite. Email and phone arrive normalised (services/contacts.ts);
// their partial unique indexes make one person one contact even under concurrent writes.
import { type CursorKey, clampLimit, toPage } from '../pagination.js';
import { type ContactRow, contactValues, type EventRow, likePattern, toContact, toEvent } from '../rows/contacts.js';
import type { ContactFilter, ContactRecord, ContactRepository, ContactWrite, EventRecord } from '../store.js';
import { pageBounds, readTx, type SqliteContext, toJson } from './support.js';

/** Replaces a contact's fields (not id, createdAt), bound to contactValues(). */
export const UPDATE_CONTACT = `UPDATE contacts SET email = @email, phone = @phone, first_name = @first_name, last_name = @last_name,
  timezone = @timezone, locale = @locale, tags = @tags, score = @score, fields = @fields, consent = @consent,
  updated_at = @updated_at WHERE id = @id`;

export function sqliteContacts({ db, write }: SqliteContext): ContactRepository {
  const insert = db.prepare(
    `INSERT INTO contacts (id, email, phone, first_name, last_name, timezone, locale, tags, score, fields, consent,
       created_at, updated_at) VALUES (@id, @email, @phone, @first_name, @last_name, @timezone, @locale, @tags, @score,
       @fields, @consent, @created_at, @updated_at)`,
  );
  const update = db.prepare(UPDATE_CONTACT);
  const select = db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE id = ?');
  const selectMany = db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE id IN (SELECT value FROM json_each(?))');
  const byEmail = db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE email = ?');
  const byPhone = db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE phone = ?');
  const remove = db.prepare('DELETE FROM contacts WHERE id = ?');
  const insertEvent = db.prepare('INSERT INTO events (id, contact_id, type, data, at) VALUES (?, ?, ?, ?, ?)');
  const selectEvents = db.prepare<[CursorKey & { contactId: string; limit: number }], EventRow>(
    `SELECT * FROM events WHERE contact_id = @contactId AND at <= @sortKey AND (at < @sortKey OR id < @id)
     ORDER BY at DESC, id DESC LIMIT @limit`,
  );
  const countEvents = db.prepare<[string], number>('SELECT count(*) FROM events WHERE contact_id = ?').pluck();

  // One statement pair per filter combination, built on first use.
  const filtered = new Map<string, { page: ReturnType<typeof db.prepare>; count: ReturnType<typeof db.prepare> }>();
  function listStatements(filter: ContactFilter) {
    const key = ['email', 'phone', 'q', 'tag', 'segment'].map((k) => (filter[k as keyof ContactFilter] !== undefined ? 1 : 0)).join('');
    let statements = filtered.get(key);
    if (!statements) {
      const where = [
        filter.email !== undefined ? 'email = @email' : '',
        filter.phone !== undefined ? 'phone = @phone' : '',
        filter.q !== undefined
          ? `(lower(coalesce(email, '')) LIKE @q ESCAPE '\\' OR lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) LIKE @q ESCAPE '\\'
              OR coalesce(phone, '') LIKE @q ESCAPE '\\')`
          : '',
        filter.tag !== undefined ? 'EXISTS (SELECT 1 FROM json_each(contacts.tags) WHERE value = @tag)' : '',
        filter.segment !== undefined ? 'id IN (SELECT contact_id FROM segment_members WHERE segment_id = @segment)' : '',
      ].filter(Boolean);
      const base = where.length ? `WHERE ${where.join(' AND ')}` : '';
      statements = {
        page: db.prepare(
          `SELECT * FROM contacts ${base} ${base ? 'AND' : 'WHERE'} created_at <= @sortKey AND (created_at < @sortKey OR id < @id)
           ORDER BY created_at DESC, id DESC LIMIT @limit`,
        ),
        count: db.prepare(`SELECT count(*) FROM contacts ${base}`).pluck(),
      };
      filtered.set(key, statements);
    }
    return statements;
  }

  /** The id of another contact holding this contact's email or phone. */
  function holderOf(c: ContactRecord): string | null {
    for (const row of [c.email !== null ? byEmail.get(c.email) : undefined, c.phone !== null ? byPhone.get(c.phone) : undefined]) {
      if (row && row.id !== c.id) return row.id;
    }
    return null;
  }

  const list = readTx(db, (filter: ContactFilter, limit: number, cursor: string | undefined) => {
    const { page, count } = listStatements(filter);
    const params = {
      ...(filter.email !== undefined && { email: filter.email }),
      ...(filter.phone !== undefined && { phone: filter.phone }),
      ...(filter.q !== undefined && { q: likePattern(filter.q) }),
      ...(filter.tag !== undefined && { tag: filter.tag }),
      ...(filter.segment !== undefined && { segment: filter.segment }),
    };
    const rows = page.all({ ...params, ...pageBounds(cursor), limit: limit + 1 }) as ContactRow[];
    return toPage(rows, limit, count.get(params) as number, toContact, (r) => ({ sortKey: r.created_at, id: r.id }));
  });

  const events = readTx(db, (contactId: string, limit: number, cursor: string | undefined) => {
    const rows = selectEvents.all({ contactId, ...pageBounds(cursor), limit: limit + 1 });
    return toPage(rows, limit, countEvents.get(contactId)!, toEvent, (r) => ({ sortKey: r.at, id: r.id }));
  });

  return {
    create: write((record: ContactRecord) => {
      const conflictId = holderOf(record);
      if (conflictId !== null) return { ok: false as const, conflictId };
      insert.run(contactValues(record));
      return { ok: true as const };
    }),
    update: write((record: ContactRecord) => {
      if (!select.get(record.id)) return null;
      const conflictId = holderOf(record);
      if (conflictId !== null) return { ok: false as const, conflictId };
      update.run(contactValues(record));
      return { ok: true as const };
    }),
    async get(id) {
      const row = select.get(id);
      return row ? toContact(row) : null;
    },
    getMany: async (ids) => selectMany.all(JSON.stringify(ids)).map(toContact),
    async findByEmail(email) {
      const row = byEmail.get(email);
      return row ? toContact(row) : null;
    },
    async findByPhone(phone) {
      const row = byPhone.get(phone);
      return row ? toContact(row) : null;
    },
    list: async (filter, page) => list(filter, clampLimit(page.limit), page.cursor),
    delete: write((id: string) => remove.run(id).changes > 0),
    ingest: write((contacts: ContactWrite[], evts: EventRecord[]) => {
      for (const { contact, isNew } of contacts) (isNew ? insert : update).run(contactValues(contact));
      for (const e of evts) insertEvent.run(e.id, e.contactId, e.type, toJson(e.data), e.at);
    }),
    events: async (contactId, page) => events(contactId, clampLimit(page.limit), page.cursor),
  };
}
