// Segments on PostgreSQL: the saved rules, compiled to SQL (segment-sql.ts) each time they are
// asked (time-based rules depend on now), and the current members in segment_members. A refresh
// brings a segment's members in line with its rules in one statement, and reports as entered and
// exited exactly the rows it inserted and deleted: of two processes refreshing one contact at
// once, only one reports the change.
import type pg from 'pg';
import { type ContactRow, toContact } from '../rows/contacts.js';
import { resolved, segmentValues, type SegmentRow, toSegment } from '../rows/segments.js';
import { type Fragment, sql } from '../segment-fragment.js';
import type { SegmentRules } from '../segment-rules.js';
import type { SegmentChange, SegmentClock, SegmentRecord, SegmentRepository, SegmentWithCount } from '../store.js';
import { compileSegment, numbered } from './segment-sql.js';
import { isUniqueViolation, keysetPage, type PgContext, type Queryable, readTransaction, transaction } from './support.js';

const compile = (rules: SegmentRules, at: SegmentClock): Fragment =>
  compileSegment(resolved(rules), { now: at.now, ...(at.timezone ? { timezone: at.timezone } : {}) });

const run = <R extends pg.QueryResultRow>(db: Queryable, statement: Fragment) => db.query<R>(numbered(statement), statement.params);

const SELECT_WITH_COUNT = 's.*, (SELECT count(*) FROM segment_members m WHERE m.segment_id = s.id) AS count';

/** What a membership change names. */
type Segment = Pick<SegmentRow, 'id' | 'name'>;

/**
 * Makes the segment's members the contacts matching `where` (among `contactIds`, when given);
 * those who stay keep their `since`. Returns the contacts it added and removed.
 */
async function sync(db: Queryable, segment: Segment, where: Fragment, since: string, contactIds: string[] | null): Promise<SegmentChange[]> {
  const among = contactIds === null ? sql`TRUE` : sql`contacts.id = ANY(${contactIds}::text[])`;
  const amongMembers = contactIds === null ? sql`TRUE` : sql`m.contact_id = ANY(${contactIds}::text[])`;
  const { rows } = await run<{ contact_id: string; entered: boolean }>(db, sql`
    WITH matching AS (SELECT contacts.id FROM contacts WHERE ${among} AND (${where})),
    entered AS (
      INSERT INTO segment_members (segment_id, contact_id, since) SELECT ${segment.id}::text, id, ${since}::text FROM matching
      ON CONFLICT DO NOTHING RETURNING contact_id),
    exited AS (
      DELETE FROM segment_members m WHERE m.segment_id = ${segment.id}::text AND ${amongMembers}
        AND NOT EXISTS (SELECT 1 FROM matching WHERE matching.id = m.contact_id)
      RETURNING m.contact_id)
    SELECT contact_id, TRUE AS entered FROM entered UNION ALL SELECT contact_id, FALSE FROM exited`);
  return rows.map((r) => ({ segmentId: segment.id, segmentName: segment.name, contactId: r.contact_id, change: r.entered ? 'entered' : 'exited' }));
}

/** Every segment's (or the time-based ones') membership brought in line, in one transaction. */
async function refresh(pool: pg.Pool, at: SegmentClock, which: string, contactIds: string[] | null): Promise<SegmentChange[]> {
  return transaction(pool, async (client) => {
    const changes: SegmentChange[] = [];
    const { rows } = await client.query<Pick<SegmentRow, 'id' | 'name' | 'rules'>>(`SELECT id, name, rules FROM segments ${which} ORDER BY id`);
    for (const segment of rows) {
      changes.push(...await sync(client, segment, compile(JSON.parse(segment.rules) as SegmentRules, at), at.now.toISOString(), contactIds));
    }
    return changes;
  });
}

export function pgSegments({ pool }: PgContext): SegmentRepository {
  const one = async (where: string, value: string) => {
    const { rows } = await pool.query<SegmentRow>(`SELECT ${SELECT_WITH_COUNT} FROM segments s WHERE ${where} = $1`, [value]);
    return rows[0] ? toSegment(rows[0]) : null;
  };

  /** Saves the segment (new, or over its row) and its members; a name in use answers name_taken. */
  const save = (record: SegmentRecord, at: SegmentClock, isNew: boolean) => transaction(pool, async (client) => {
    const v = segmentValues(record);
    try {
      const result = isNew
        ? await client.query(
          `INSERT INTO segments (id, name, description, rules, time_based, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          Object.values(v),
        )
        : await client.query(
          'UPDATE segments SET name = $2, description = $3, rules = $4, time_based = $5, updated_at = $6 WHERE id = $1',
          [v.id, v.name, v.description, v.rules, v.time_based, v.updated_at],
        );
      if (result.rowCount === 0) return null;
    } catch (error) {
      // The unique name: the transaction is rolled back, and nothing was written.
      if (isUniqueViolation(error) && error.constraint === 'segments_name_unique') return { ok: false as const, reason: 'name_taken' as const };
      throw error;
    }
    await sync(client, record, compile(record.rules, at), isNew ? record.createdAt : record.updatedAt, null);
    return { ok: true as const };
  });

  return {
    create: async (record, at) => (await save(record, at, true))!,
    update: (record, at) => save(record, at, false),
    get: (id) => one('s.id', id),
    findByName: (name) => one('s.name', name),
    list: (page) => keysetPage<SegmentRow, SegmentWithCount>(
      pool, { select: SELECT_WITH_COUNT, from: 'segments s', sort: 'created_at', id: 'id' }, page, toSegment,
    ),
    delete: async (id) => ((await pool.query('DELETE FROM segments WHERE id = $1', [id])).rowCount ?? 0) > 0,
    preview: (rules, sampleSize, at) => readTransaction(pool, async (client) => {
      const where = compile(rules, at);
      const count = (await run<{ count: number }>(client, sql`SELECT count(*) FROM contacts WHERE ${where}`)).rows[0]!.count;
      const { rows } = await run<ContactRow>(client, sql`SELECT * FROM contacts WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ${sampleSize}::int`);
      return { count, sample: rows.map(toContact) };
    }),
    async matchingIds(rules, afterId, limit, at) {
      const { rows } = await run<{ id: string }>(pool, sql`SELECT contacts.id FROM contacts WHERE contacts.id > ${afterId ?? ''}::text
        AND (${compile(rules, at)}) ORDER BY contacts.id LIMIT ${limit}::int`);
      return rows.map((r) => r.id);
    },
    async membershipOf(contactId) {
      const { rows } = await pool.query<{ id: string; name: string }>(
        'SELECT s.id, s.name FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE m.contact_id = $1 ORDER BY s.name',
        [contactId],
      );
      return rows;
    },
    async refreshContacts(contactIds, at) {
      // Without segments (or contacts) there is nothing to compute: every ingest asks.
      if (contactIds.length === 0) return [];
      if ((await pool.query('SELECT 1 FROM segments LIMIT 1')).rowCount === 0) return [];
      return refresh(pool, at, '', [...new Set(contactIds)]);
    },
    refreshTimeBased: (at) => refresh(pool, at, 'WHERE time_based', null),
  };
}
