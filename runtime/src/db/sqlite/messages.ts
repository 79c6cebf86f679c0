// The message log on SQLite. `admit` counts a recipient's recent marketing messages and inserts
// the new one in the same write unit: the write queue runs units one after the other inside one
// transaction, and SQLite serialises writers across processes, so no two sends can both pass a
// cap that only one of them fits under.
import { type CursorKey, clampLimit, toPage } from '../pagination.js';
import type { MessageRecord, MessageRepository, MessageStage, MessageStats, MessageStatus } from '../store.js';
import { pageBounds, readTx, type SqliteContext } from './support.js';

interface MessageRow {
  id: string;
  step_key: string;
  channel: string;
  to_address: string;
  subject: string | null;
  marketing: number;
  status: string;
  reason: string | null;
  provider_message_id: string | null;
  execution_id: string;
  workflow_id: string;
  node_id: string;
  contact_id: string | null;
  opens: number;
  clicks: number;
  created_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  opened_at: string | null;
  clicked_at: string | null;
  bounced_at: string | null;
  complained_at: string | null;
  unsubscribed_at: string | null;
  failed_at: string | null;
}

const toMessage = (r: MessageRow): MessageRecord => ({
  id: r.id, stepKey: r.step_key, channel: r.channel as MessageRecord['channel'], to: r.to_address, subject: r.subject,
  marketing: r.marketing === 1, status: r.status as MessageStatus, reason: r.reason, providerMessageId: r.provider_message_id,
  executionId: r.execution_id, workflowId: r.workflow_id, nodeId: r.node_id, contactId: r.contact_id, opens: r.opens, clicks: r.clicks,
  createdAt: r.created_at, sentAt: r.sent_at, deliveredAt: r.delivered_at, openedAt: r.opened_at, clickedAt: r.clicked_at,
  bouncedAt: r.bounced_at, complainedAt: r.complained_at, unsubscribedAt: r.unsubscribed_at, failedAt: r.failed_at,
});

const toRow = (m: MessageRecord): MessageRow => ({
  id: m.id, step_key: m.stepKey, channel: m.channel, to_address: m.to, subject: m.subject, marketing: m.marketing ? 1 : 0,
  status: m.status, reason: m.reason, provider_message_id: m.providerMessageId, execution_id: m.executionId,
  workflow_id: m.workflowId, node_id: m.nodeId, contact_id: m.contactId, opens: m.opens, clicks: m.clicks, created_at: m.createdAt,
  sent_at: m.sentAt, delivered_at: m.deliveredAt, opened_at: m.openedAt, clicked_at: m.clickedAt, bounced_at: m.bouncedAt,
  complained_at: m.complainedAt, unsubscribed_at: m.unsubscribedAt, failed_at: m.failedAt,
});

/** The order statuses move in; a message never moves back (a later open does not undo a click). */
const RANK: Record<MessageStatus, number> = {
  sending: 0, sent: 1, failed: 2, delivered: 3, opened: 4, clicked: 5, unsubscribed: 6, complained: 7, bounced: 8,
  suppressed: 9, capped: 9,
};

const STAGE_TIME: Record<MessageStage, keyof MessageRecord & `${string}At`> = {
  sent: 'sentAt', failed: 'failedAt', delivered: 'deliveredAt', opened: 'openedAt', clicked: 'clickedAt',
  unsubscribed: 'unsubscribedAt', complained: 'complainedAt', bounced: 'bouncedAt',
};

/** The record after `stage` happened at `at`. */
function withStage(m: MessageRecord, stage: MessageStage, at: string, fields: { providerMessageId?: string; reason?: string }): MessageRecord {
  const next: MessageRecord = { ...m, [STAGE_TIME[stage]]: m[STAGE_TIME[stage]] ?? at };
  // A send that went through after a failed attempt (a retry) is sent, not failed.
  const forward = RANK[stage] > RANK[m.status] || (stage === 'sent' && m.status === 'failed');
  if (forward && m.status !== 'suppressed' && m.status !== 'capped') next.status = stage;
  if (stage === 'opened') next.opens = m.opens + 1;
  if (stage === 'clicked') {
    next.clicks = m.clicks + 1;
    // A click is an open too, also where the client blocked the pixel.
    next.openedAt ??= at;
    if (next.opens === 0) next.opens = 1;
  }
  if (fields.providerMessageId !== undefined) next.providerMessageId = fields.providerMessageId;
  if (fields.reason !== undefined) next.reason = fields.reason;
  return next;
}

/** The table's columns, in the order toRow writes them. */
const COLUMNS = Object.keys(toRow({} as MessageRecord));

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
      (existing ? update : insert).run(toRow(stored));
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
      update.run(toRow(after));
      return { before, after };
    }),
    listForContact: async (contactId, page) => listForContact(contactId, clampLimit(page.limit), page.cursor),
    statsForWorkflow: async (workflowId) => ({ ...stats.get(workflowId)! }),
  };
}
