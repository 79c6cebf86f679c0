// Lead scoring on PostgreSQL: scoring rules, contact changes keyed by a step's idempotency key, the
// periodic score decay, and the Segment ids linked to contacts.
import { type ContactRow, toContact } from '../rows/contacts.js';
import { type RuleRow, ruleValues, toRule } from '../rows/scoring.js';
import type {
  ContactAliasKind, ContactAliasRepository, ContactChangeRepository, ContactRecord, ScoreChange, ScoringRuleRecord,
  ScoringRuleRepository,
} from '../store.js';
import { updateContacts } from './contacts.js';
import { keysetPage, type PgContext, transaction } from './support.js';

export function pgScoringRules({ pool }: PgContext): ScoringRuleRepository {
  return {
    list: (page) => keysetPage<RuleRow, ScoringRuleRecord>(pool, { from: 'scoring_rules', sort: 'created_at', id: 'id' }, page, toRule),
    listActive: async () => (await pool.query<RuleRow>('SELECT * FROM scoring_rules WHERE active')).rows.map(toRule),
    async get(id) {
      const { rows } = await pool.query<RuleRow>('SELECT * FROM scoring_rules WHERE id = $1', [id]);
      return rows[0] ? toRule(rows[0]) : null;
    },
    async create(rule) {
      await pool.query(
        `INSERT INTO scoring_rules (id, name, event, filter, points, active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        Object.values(ruleValues(rule)),
      );
    },
    async update(rule) {
      const v = ruleValues(rule);
      const result = await pool.query(
        'UPDATE scoring_rules SET name = $2, event = $3, filter = $4, points = $5, active = $6, updated_at = $7 WHERE id = $1',
        [v.id, v.name, v.event, v.filter, v.points, v.active, v.updated_at],
      );
      return (result.rowCount ?? 0) > 0;
    },
    delete: async (id) => ((await pool.query('DELETE FROM scoring_rules WHERE id = $1', [id])).rowCount ?? 0) > 0,
  };
}

export function pgContactChanges({ pool }: PgContext): ContactChangeRepository {
  return {
    apply: <R>(key: string, contactId: string, change: (contact: ContactRecord) => { contact: ContactRecord; result: R }) =>
      transaction(pool, async (client) => {
        // The contact's row lock first: a concurrent change under the same key waits, then sees it.
        const { rows } = await client.query<ContactRow>('SELECT * FROM contacts WHERE id = $1 FOR UPDATE', [contactId]);
        const done = await client.query<{ result: string }>('SELECT result FROM contact_changes WHERE key = $1', [key]);
        if (done.rows[0]) return { applied: false, result: JSON.parse(done.rows[0].result) as R };
        if (!rows[0]) return null;
        const { contact, result } = change(toContact(rows[0]));
        await updateContacts(client, [contact]);
        await client.query('INSERT INTO contact_changes (key, contact_id, result, created_at) VALUES ($1, $2, $3, $4)', [
          key, contactId, JSON.stringify(result), contact.updatedAt,
        ]);
        return { applied: true, result };
      }),

    async decay(inactiveSince, points, now, limit): Promise<ScoreChange[]> {
      // One statement; SKIP LOCKED lets two processes decaying at once take different contacts.
      // The last event that is the contact's own doing: score.changed is what scoring (and decay) write.
      const { rows } = await pool.query<ScoreChange>(
        `WITH chosen AS (
           SELECT c.id, c.score FROM contacts c
           WHERE c.score > 0
             AND coalesce((SELECT max(e.at) FROM events e WHERE e.contact_id = c.id AND e.type <> 'score.changed'), c.created_at) <= $1
             AND coalesce((SELECT d.decayed_at FROM score_decay d WHERE d.contact_id = c.id), '') <= $1
           LIMIT $2 FOR UPDATE SKIP LOCKED),
         decayed AS (
           UPDATE contacts SET score = greatest(0, contacts.score - $3), updated_at = $4 FROM chosen WHERE contacts.id = chosen.id
           RETURNING contacts.id, chosen.score AS before, contacts.score AS after),
         marked AS (
           INSERT INTO score_decay (contact_id, decayed_at) SELECT id, $4 FROM decayed
           ON CONFLICT (contact_id) DO UPDATE SET decayed_at = excluded.decayed_at)
         SELECT id AS "contactId", before AS "from", after AS "to" FROM decayed`,
        [inactiveSince, Math.max(0, Math.floor(limit)), points, now],
      );
      return rows;
    },

    pruneBefore: async (before) => (await pool.query('DELETE FROM contact_changes WHERE created_at < $1', [before])).rowCount ?? 0,
  };
}

export function pgContactAliases({ pool }: PgContext): ContactAliasRepository {
  return {
    async find(kind: ContactAliasKind, value: string) {
      const { rows } = await pool.query<{ contact_id: string }>('SELECT contact_id FROM contact_aliases WHERE kind = $1 AND value = $2', [kind, value]);
      return rows[0]?.contact_id ?? null;
    },
    async link(contactId, aliases) {
      // One row per id (an upsert may not touch a row twice); the last link of an id wins, as in order.
      const unique = [...new Map(aliases.map((a) => [`${a.kind}:${a.value}`, a])).values()];
      if (unique.length === 0) return;
      await pool.query(
        `INSERT INTO contact_aliases (kind, value, contact_id) SELECT a.kind, a.value, $3 FROM unnest($1::text[], $2::text[]) AS a(kind, value)
         ON CONFLICT (kind, value) DO UPDATE SET contact_id = excluded.contact_id`,
        [unique.map((a) => a.kind), unique.map((a) => a.value), contactId],
      );
    },
  };
}
