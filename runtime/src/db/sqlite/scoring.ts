// Lead scoring on SQLite: scoring rules, contact changes keyed by a step's idempotency key, the
// periodic score decay, and the Segment ids linked to contacts.
import { clampLimit, toPage } from '../pagination.js';
import { type ContactRow, contactValues, toContact } from '../rows/contacts.js';
import { type RuleRow, ruleValues, toRule } from '../rows/scoring.js';
import type {
  ContactAliasKind, ContactAliasRepository, ContactChangeRepository, ContactRecord, ScoreChange, ScoringRuleRecord,
  ScoringRuleRepository,
} from '../store.js';
import { UPDATE_CONTACT } from './contacts.js';
import { pageBounds, readTx, type SqliteContext } from './support.js';

export function sqliteScoringRules({ db, write }: SqliteContext): ScoringRuleRepository {
  const insert = db.prepare(
    `INSERT INTO scoring_rules (id, name, event, filter, points, active, created_at, updated_at)
     VALUES (@id, @name, @event, @filter, @points, @active, @created_at, @updated_at)`,
  );
  const update = db.prepare(
    `UPDATE scoring_rules SET name = @name, event = @event, filter = @filter, points = @points, active = @active,
       updated_at = @updated_at WHERE id = @id`,
  );
  const select = db.prepare<[string], RuleRow>('SELECT * FROM scoring_rules WHERE id = ?');
  const selectActive = db.prepare<[], RuleRow>('SELECT * FROM scoring_rules WHERE active = 1');
  const remove = db.prepare('DELETE FROM scoring_rules WHERE id = ?');
  const page = db.prepare<[{ sortKey: string; id: string; limit: number }], RuleRow>(
    `SELECT * FROM scoring_rules WHERE created_at <= @sortKey AND (created_at < @sortKey OR id < @id)
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  const count = db.prepare<[], number>('SELECT count(*) FROM scoring_rules').pluck();
  const list = readTx(db, (limit: number, cursor: string | undefined) =>
    toPage(page.all({ ...pageBounds(cursor), limit: limit + 1 }), limit, count.get()!, toRule, (r) => ({ sortKey: r.created_at, id: r.id })));

  return {
    list: async (p) => list(clampLimit(p.limit), p.cursor),
    listActive: async () => selectActive.all().map(toRule),
    async get(id) {
      const row = select.get(id);
      return row ? toRule(row) : null;
    },
    create: write((rule: ScoringRuleRecord) => {
      insert.run(ruleValues(rule));
    }),
    update: write((rule: ScoringRuleRecord) => update.run(ruleValues(rule)).changes > 0),
    delete: write((id: string) => remove.run(id).changes > 0),
  };
}

export function sqliteContactChanges({ db, write }: SqliteContext): ContactChangeRepository {
  const selectChange = db.prepare<[string], string>('SELECT result FROM contact_changes WHERE key = ?').pluck();
  const insertChange = db.prepare('INSERT INTO contact_changes (key, contact_id, result, created_at) VALUES (?, ?, ?, ?)');
  const selectContact = db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE id = ?');
  const updateContact = db.prepare(UPDATE_CONTACT);
  const prune = db.prepare('DELETE FROM contact_changes WHERE created_at < ?');
  // The last event that is the contact's own doing: score.changed is what scoring (and decay) write.
  const decayable = db.prepare<[{ inactiveSince: string; limit: number }], { id: string; score: number }>(
    `SELECT c.id, c.score FROM contacts c
     WHERE c.score > 0
       AND coalesce((SELECT max(e.at) FROM events e WHERE e.contact_id = c.id AND e.type <> 'score.changed'), c.created_at) <= @inactiveSince
       AND coalesce((SELECT d.decayed_at FROM score_decay d WHERE d.contact_id = c.id), '') <= @inactiveSince
     LIMIT @limit`,
  );
  const setScore = db.prepare('UPDATE contacts SET score = ?, updated_at = ? WHERE id = ?');
  const markDecayed = db.prepare(
    'INSERT INTO score_decay (contact_id, decayed_at) VALUES (?, ?) ON CONFLICT (contact_id) DO UPDATE SET decayed_at = excluded.decayed_at',
  );

  return {
    apply: write(<R>(key: string, contactId: string, change: (contact: ContactRecord) => { contact: ContactRecord; result: R }) => {
      const done = selectChange.get(key);
      if (done !== undefined) return { applied: false, result: JSON.parse(done) as R };
      const row = selectContact.get(contactId);
      if (!row) return null;
      const { contact, result } = change(toContact(row));
      updateContact.run(contactValues(contact));
      insertChange.run(key, contactId, JSON.stringify(result), contact.updatedAt);
      return { applied: true, result };
    }) as ContactChangeRepository['apply'],
    decay: write((inactiveSince: string, points: number, now: string, limit: number): ScoreChange[] =>
      decayable.all({ inactiveSince, limit }).map(({ id, score }) => {
        const to = Math.max(0, score - points);
        setScore.run(to, now, id);
        markDecayed.run(id, now);
        return { contactId: id, from: score, to };
      })),
    pruneBefore: write((before: string) => prune.run(before).changes),
  };
}

export function sqliteContactAliases({ db, write }: SqliteContext): ContactAliasRepository {
  const select = db.prepare<[string, string], string>('SELECT contact_id FROM contact_aliases WHERE kind = ? AND value = ?').pluck();
  const upsert = db.prepare(
    `INSERT INTO contact_aliases (kind, value, contact_id) VALUES (?, ?, ?)
     ON CONFLICT (kind, value) DO UPDATE SET contact_id = excluded.contact_id`,
  );
  return {
    find: async (kind: ContactAliasKind, value: string) => select.get(kind, value) ?? null,
    link: write((contactId: string, aliases: Array<{ kind: ContactAliasKind; value: string }>) => {
      for (const { kind, value } of aliases) upsert.run(kind, value, contactId);
    }),
  };
}
