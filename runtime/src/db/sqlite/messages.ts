// The message log on SQLite. `admit` counts a recipient's recent marketing messages and inserts
// the new one in the same write unit: the write queue runs units one after the other inside one
// transaction, and SQLite serialises writers across processes, so no two sends can both pass a
// cap that only one of them fits under.
import { type CursorKey, clampLimit, toPage } from '../pagination.js';
import { MESSAGE_COLUMNS as COLUMNS, messageValues, type MessageRow, toMessage, withStage } from '../rows/messages.js';
import type { MessageRecord, MessageRepository, MessageStage, MessageStats } from '../store.js';
import { pageBounds, readTx, type SqliteContext } from './support.js';

export function sqliteMessages({ db, write }: SqliteContext): MessageRepository {
  const insert = db.prepare(`INSERT INTO messages (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`);
  const update = db.prepare(`UPDATE messages SET ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
  const byId = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?');
  const byStepKey = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE step_key = ?');
  const byStep = db.prepare<[string, string], MessageRow>(
    'SELECT * FROM messages WHERE execution_id = ? AND node_id = ? ORDER BY created_at DESC, id DESC LIMIT 1',
  );
  const byProvider = db.prepare<[string, string], MessageRow>('SELECT * FROM messages WHERE provider_message_id = ? AND channel = ?');
  // Sent or being sent; messages held back or refused do not count against the cap.
  const countRecent = db.prepare<[string, string, string], number>(
    `SELECT count(*) FROM messages WHERE channel = ? AND to_address = ? AND marketing = 1 AND created_at > ?
       AND status NOT IN ('suppressed', 'capped', 'failed')`,
  ).pluck();
  const selectForContact = db.prepare<[CursorKey & { contactId: string; limit: number }], MessageRow>(
    `SELECT * FROM messages WHERE contact_id = @contactId AND created_at <= @sortKey AND (created_at < @sortKey OR id < @id)
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  const countForContact = db.prepare<[string], number>('SELECT count(*) FROM messages WHERE contact_id = ?').pluck();
  const stats = db.prepare<[string], MessageStats>(
    `SELECT count(sent_at) AS sent, count(delivered_at) AS delivered, count(opened_at) AS opened, count(clicked_at) AS clicked,
       count(bounced_at) AS bounced, count(unsubscribed_at) AS unsubscribed FROM messages WHERE workflow_id = ?`,
  );

  const listForContact = readTx(db, (contactId: string, limit: number, cursor: string | undefined) => {
    const rows = selectForContact.all({ contactId, ...pageBounds(cursor), limit: limit + 1 });
    return toPage(rows, limit, countForContact.get(contactId)!, toMessage, (r) => ({ sortKey: r.created_at, id: r.id }));
  });

  const found = (row: MessageRow | undefined) => (row ? toMessage(row) : null);

  return {
    admit: write((record: MessageRecord, cap: { max: number; since: string; reason: string } | null) => {
      const existing = byStepKey.get(record.stepKey);
      if (existing && existing.status !== 'failed') return toMessage(existing);
      // New, or the retry of a send that failed (which stopped counting): decided afresh, in place.
      const base = existing ? { ...toMessage(existing), status: record.status, reason: record.reason } : record;
      const capped = base.status === 'sending' && cap !== null && countRecent.get(base.channel, base.to, cap.since)! >= cap.max;
      const stored: MessageRecord = capped ? { ...base, status: 'capped', reason: cap.reason } : base;
      (existing ? update : insert).run(messageValues(stored));
      return stored;
    }),
    get: async (id) => found(byId.get(id)),
    findByStep: async (executionId, nodeId) => found(byStep.get(executionId, nodeId)),
    findByProviderId: async (channel, providerMessageId) => found(byProvider.get(providerMessageId, channel)),
    mark: write((id: string, stage: MessageStage, at: string, fields: { providerMessageId?: string; reason?: string } = {}) => {
      const row = byId.get(id);
      if (!row) return null;
      const before = toMessage(row);
      const after = withStage(before, stage, at, fields);
      update.run(messageValues(after));
      return { before, after };
    }),
    listForContact: async (contactId, page) => listForContact(contactId, clampLimit(page.limit), page.cursor),
    statsForWorkflow: async (workflowId) => ({ ...stats.get(workflowId)! }),
  };
}
