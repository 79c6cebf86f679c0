// The message log on PostgreSQL. `admit` counts a recipient's recent marketing messages and
// inserts the new one in one transaction that holds the recipient's advisory lock, so that no two
// sends (from any process) can both pass a cap that only one of them fits under.
import { MESSAGE_COLUMNS, messageValues, type MessageRow, toMessage, withStage } from '../rows/messages.js';
import type { MessageRecord, MessageRepository, MessageStage, MessageStats } from '../store.js';
import { keysetPage, lockFor, type PgContext, type Queryable, transaction } from './support.js';

const INSERT = `INSERT INTO messages (${MESSAGE_COLUMNS.join(', ')}) VALUES (${MESSAGE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;
const UPDATE = `UPDATE messages SET ${MESSAGE_COLUMNS.slice(1).map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`;

/** Writes the record over its row, or as a new one. */
const save = (db: Queryable, m: MessageRecord, exists: boolean) =>
  db.query(exists ? UPDATE : INSERT, Object.values(messageValues(m)));

const one = async (db: Queryable, text: string, values: unknown[]) => {
  const { rows } = await db.query<MessageRow>(text, values);
  return rows[0] ? toMessage(rows[0]) : null;
};

export function pgMessages({ pool }: PgContext): MessageRepository {
  return {
    admit: (record, cap) => transaction(pool, async (client) => {
      // The recipient's lock first: it also serialises two attempts of one step.
      await lockFor(client, `message:${record.channel}:${record.to}`);
      const existing = await one(client, 'SELECT * FROM messages WHERE step_key = $1', [record.stepKey]);
      if (existing && existing.status !== 'failed') return existing;
      // New, or the retry of a send that failed (which stopped counting): decided afresh, in place.
      const base = existing ? { ...existing, status: record.status, reason: record.reason } : record;
      let capped = false;
      if (base.status === 'sending' && cap !== null) {
        // Sent or being sent; messages held back or refused do not count against the cap.
        const { rows } = await client.query<{ count: number }>(
          `SELECT count(*) FROM messages WHERE channel = $1 AND to_address = $2 AND marketing AND created_at > $3
             AND status NOT IN ('suppressed', 'capped', 'failed')`,
          [base.channel, base.to, cap.since],
        );
        capped = rows[0]!.count >= cap.max;
      }
      const stored: MessageRecord = capped ? { ...base, status: 'capped', reason: cap!.reason } : base;
      await save(client, stored, existing !== null);
      return stored;
    }),
    get: (id) => one(pool, 'SELECT * FROM messages WHERE id = $1', [id]),
    findByStep: (executionId, nodeId) =>
      one(pool, 'SELECT * FROM messages WHERE execution_id = $1 AND node_id = $2 ORDER BY created_at DESC, id DESC LIMIT 1', [executionId, nodeId]),
    findByProviderId: (channel, providerMessageId) =>
      one(pool, 'SELECT * FROM messages WHERE provider_message_id = $1 AND channel = $2', [providerMessageId, channel]),
    mark: (id, stage: MessageStage, at, fields = {}) => transaction(pool, async (client) => {
      const before = await one(client, 'SELECT * FROM messages WHERE id = $1 FOR UPDATE', [id]);
      if (!before) return null;
      const after = withStage(before, stage, at, fields);
      await save(client, after, true);
      return { before, after };
    }),
    listForContact: (contactId, page) => keysetPage<MessageRow, MessageRecord>(
      pool, { from: 'messages', where: 'contact_id = $1', params: [contactId], sort: 'created_at', id: 'id' }, page, toMessage,
    ),
    async statsForWorkflow(workflowId) {
      const { rows } = await pool.query<MessageStats>(
        `SELECT count(sent_at) AS sent, count(delivered_at) AS delivered, count(opened_at) AS opened, count(clicked_at) AS clicked,
           count(bounced_at) AS bounced, count(unsubscribed_at) AS unsubscribed FROM messages WHERE workflow_id = $1`,
        [workflowId],
      );
      return { ...rows[0]! };
    },
  };
}
