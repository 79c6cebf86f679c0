// Segments on SQLite: the saved rules, compiled to SQL (segment-sql.ts) each time they are asked
// (time-based rules depend on now), and the current members in segment_members, which a refresh
// compares with what the rules say now to tell who entered and who left.
import type Database from 'better-sqlite3';
import { type CursorKey, clampLimit, toPage } from '../pagination.js';
import { type ContactRow, toContact } from '../rows/contacts.js';
import { resolved, segmentValues, type SegmentRow, toSegment } from '../rows/segments.js';
import type { SegmentRules } from '../segment-rules.js';
import type { SegmentChange, SegmentClock, SegmentRecord, SegmentRepository, SegmentWithCount } from '../store.js';
import { type Fragment, compileSegment } from './segment-sql.js';
import { pageBounds, readTx, type SqliteContext } from './support.js';

const compile = (rules: SegmentRules, at: SegmentClock): Fragment =>
  compileSegment(resolved(rules), { now: at.now, ...(at.timezone ? { timezone: at.timezone } : {}) });

/** Compiled statements differ only by rules; a few hundred distinct ones are kept prepared. */
const STATEMENT_CACHE_SIZE = 300;

export function sqliteSegments({ db, write }: SqliteContext): SegmentRepository {
  const cache = new Map<string, Database.Statement>();
  function prepared(text: string): Database.Statement {
    let statement = cache.get(text);
    if (!statement) {
      statement = db.prepare(text);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(text, statement);
    }
    return statement;
  }

  const withCount = `SELECT s.*, (SELECT count(*) FROM segment_members m WHERE m.segment_id = s.id) AS count FROM segments s`;
  const selectOne = db.prepare<[string], SegmentRow>(`${withCount} WHERE s.id = ?`);
  const selectByName = db.prepare<[string], SegmentRow>(`${withCount} WHERE s.name = ?`);
  const selectPage = db.prepare<[CursorKey & { limit: number }], SegmentRow>(
    `${withCount} WHERE s.created_at <= @sortKey AND (s.created_at < @sortKey OR s.id < @id) ORDER BY s.created_at DESC, s.id DESC LIMIT @limit`,
  );
  const countAll = db.prepare<[], number>('SELECT count(*) FROM segments').pluck();
  const nameHolder = db.prepare<[string, string], string>('SELECT id FROM segments WHERE name = ? AND id <> ?').pluck();
  const exists = db.prepare<[string], number>('SELECT 1 FROM segments WHERE id = ?').pluck();
  const insert = db.prepare(
    `INSERT INTO segments (id, name, description, rules, time_based, created_at, updated_at)
     VALUES (@id, @name, @description, @rules, @time_based, @created_at, @updated_at)`,
  );
  const update = db.prepare(
    `UPDATE segments SET name = @name, description = @description, rules = @rules, time_based = @time_based,
       updated_at = @updated_at WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM segments WHERE id = ?');
  const allSegments = db.prepare<[], Pick<SegmentRow, 'id' | 'name' | 'rules'>>('SELECT id, name, rules FROM segments ORDER BY id');
  const timeBased = db.prepare<[], Pick<SegmentRow, 'id' | 'name' | 'rules'>>('SELECT id, name, rules FROM segments WHERE time_based = 1 ORDER BY id');
  const membership = db.prepare<[string], { id: string; name: string }>(
    'SELECT s.id, s.name FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE m.contact_id = ? ORDER BY s.name',
  );
  const membersAmong = db.prepare<[string, string], string>(
    'SELECT contact_id FROM segment_members WHERE segment_id = ? AND contact_id IN (SELECT value FROM json_each(?))',
  ).pluck();
  const addMember = db.prepare('INSERT OR IGNORE INTO segment_members (segment_id, contact_id, since) VALUES (?, ?, ?)');
  const removeMember = db.prepare('DELETE FROM segment_members WHERE segment_id = ? AND contact_id = ?');

  /** Members := the contacts matching now; those who stay keep their `since`. */
  function rebase(segmentId: string, where: Fragment, since: string): void {
    prepared(`DELETE FROM segment_members WHERE segment_id = ? AND contact_id NOT IN (SELECT contacts.id FROM contacts WHERE ${where.text})`)
      .run(segmentId, ...where.params);
    prepared(`INSERT OR IGNORE INTO segment_members (segment_id, contact_id, since) SELECT ?, contacts.id, ? FROM contacts WHERE ${where.text}`)
      .run(segmentId, since, ...where.params);
  }

  /** Applies a membership change and reports it. */
  function change(changes: SegmentChange[], segment: { id: string; name: string }, contactId: string, entered: boolean, since: string): void {
    if (entered) addMember.run(segment.id, contactId, since);
    else removeMember.run(segment.id, contactId);
    changes.push({ segmentId: segment.id, segmentName: segment.name, contactId, change: entered ? 'entered' : 'exited' });
  }

  const list = readTx(db, (limit: number, cursor: string | undefined) => {
    const rows = selectPage.all({ ...pageBounds(cursor), limit: limit + 1 });
    return toPage(rows, limit, countAll.get()!, toSegment, (r) => ({ sortKey: r.created_at, id: r.id }));
  });

  const preview = readTx(db, (rules: SegmentRules, sampleSize: number, at: SegmentClock) => {
    const where = compile(rules, at);
    const count = prepared(`SELECT count(*) FROM contacts WHERE ${where.text}`).pluck().get(...where.params) as number;
    const rows = prepared(`SELECT * FROM contacts WHERE ${where.text} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...where.params, sampleSize) as ContactRow[];
    return { count, sample: rows.map(toContact) };
  });

  const refreshContacts = write((contactIds: string[], at: SegmentClock) => {
    const changes: SegmentChange[] = [];
    const ids = JSON.stringify([...new Set(contactIds)]);
    const since = at.now.toISOString();
    for (const segment of allSegments.all()) {
      const where = compile(JSON.parse(segment.rules) as SegmentRules, at);
      const matching = new Set(prepared(`SELECT contacts.id FROM contacts WHERE contacts.id IN (SELECT value FROM json_each(?)) AND (${where.text})`)
        .pluck().all(ids, ...where.params) as string[]);
      const members = new Set(membersAmong.all(segment.id, ids));
      for (const id of matching) if (!members.has(id)) change(changes, segment, id, true, since);
      for (const id of members) if (!matching.has(id)) change(changes, segment, id, false, since);
    }
    return changes;
  });

  return {
    create: write((record: SegmentRecord, at: SegmentClock) => {
      if (nameHolder.get(record.name, record.id) !== undefined) return { ok: false as const, reason: 'name_taken' as const };
      insert.run(segmentValues(record));
      rebase(record.id, compile(record.rules, at), record.createdAt);
      return { ok: true as const };
    }),
    update: write((record: SegmentRecord, at: SegmentClock) => {
      if (exists.get(record.id) === undefined) return null;
      if (nameHolder.get(record.name, record.id) !== undefined) return { ok: false as const, reason: 'name_taken' as const };
      update.run(segmentValues(record));
      rebase(record.id, compile(record.rules, at), record.updatedAt);
      return { ok: true as const };
    }),
    async get(id) {
      const row = selectOne.get(id);
      return row ? toSegment(row) : null;
    },
    async findByName(name) {
      const row = selectByName.get(name);
      return row ? toSegment(row) : null;
    },
    list: async (page) => list(clampLimit(page.limit), page.cursor),
    delete: write((id: string) => remove.run(id).changes > 0),
    preview: async (rules, sampleSize, at) => preview(rules, sampleSize, at),
    async matchingIds(rules, afterId, limit, at) {
      const where = compile(rules, at);
      return prepared(`SELECT contacts.id FROM contacts WHERE contacts.id > ? AND (${where.text}) ORDER BY contacts.id LIMIT ?`)
        .pluck().all(afterId ?? '', ...where.params, limit) as string[];
    },
    membershipOf: async (contactId) => membership.all(contactId),
    // Without segments (or contacts) there is nothing to compute, and no transaction to commit:
    // every ingest asks.
    refreshContacts: async (contactIds, at) => (contactIds.length === 0 || countAll.get() === 0 ? [] : refreshContacts(contactIds, at)),
    refreshTimeBased: write((at: SegmentClock) => {
      const changes: SegmentChange[] = [];
      const since = at.now.toISOString();
      for (const segment of timeBased.all()) {
        const where = compile(JSON.parse(segment.rules) as SegmentRules, at);
        const entered = prepared(`SELECT contacts.id FROM contacts WHERE (${where.text})
          AND NOT EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = ? AND m.contact_id = contacts.id)`)
          .pluck().all(...where.params, segment.id) as string[];
        const exited = prepared(`SELECT m.contact_id FROM segment_members m WHERE m.segment_id = ?
          AND NOT EXISTS (SELECT 1 FROM contacts WHERE contacts.id = m.contact_id AND (${where.text}))`)
          .pluck().all(segment.id, ...where.params) as string[];
        for (const id of entered) change(changes, segment, id, true, since);
        for (const id of exited) change(changes, segment, id, false, since);
      }
      return changes;
    }),
  };
}
