// Message log and suppression rows as both stores read and write them, and how a message moves
// from stage to stage.
import type {
  MessageChannel, MessageRecord, MessageStage, MessageStatus, SuppressionReason, SuppressionRecord,
} from '../store.js';

export interface MessageRow {
  id: string;
  step_key: string;
  channel: string;
  to_address: string;
  subject: string | null;
  /** 1/0 in SQLite, a boolean in PostgreSQL. */
  marketing: number | boolean;
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

export const toMessage = (r: MessageRow): MessageRecord => ({
  id: r.id, stepKey: r.step_key, channel: r.channel as MessageRecord['channel'], to: r.to_address, subject: r.subject,
  marketing: r.marketing === 1 || r.marketing === true, status: r.status as MessageStatus, reason: r.reason, providerMessageId: r.provider_message_id,
  executionId: r.execution_id, workflowId: r.workflow_id, nodeId: r.node_id, contactId: r.contact_id, opens: r.opens, clicks: r.clicks,
  createdAt: r.created_at, sentAt: r.sent_at, deliveredAt: r.delivered_at, openedAt: r.opened_at, clickedAt: r.clicked_at,
  bouncedAt: r.bounced_at, complainedAt: r.complained_at, unsubscribedAt: r.unsubscribed_at, failedAt: r.failed_at,
});

export const messageValues = (m: MessageRecord): MessageRow => ({
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
export function withStage(m: MessageRecord, stage: MessageStage, at: string, fields: { providerMessageId?: string; reason?: string }): MessageRecord {
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

/** The table's columns, in the order messageValues writes them. */
export const MESSAGE_COLUMNS = Object.keys(messageValues({} as MessageRecord));

export interface SuppressionRow {
  address: string;
  channel: string;
  reason: string;
  source: string | null;
  created_at: string;
}

export const toSuppression = (r: SuppressionRow): SuppressionRecord => ({
  address: r.address, channel: r.channel as MessageChannel, reason: r.reason as SuppressionReason, source: r.source, createdAt: r.created_at,
});
