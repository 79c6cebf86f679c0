// A message of the log as the API shows it (GET /api/contacts/:id/messages): the stages that
// happened, with their times; those that did not are left out.
import type { MessageRecord } from '../db/store.js';

/** A message as `GET /api/contacts/:id/messages` shows it: the stages that happened, with their times. */
export function messageView(m: MessageRecord) {
  const optional = {
    subject: m.subject, reason: m.reason, providerMessageId: m.providerMessageId, deliveredAt: m.deliveredAt, openedAt: m.openedAt,
    clickedAt: m.clickedAt, bouncedAt: m.bouncedAt, complainedAt: m.complainedAt, unsubscribedAt: m.unsubscribedAt, failedAt: m.failedAt,
  };
  return {
    id: m.id, channel: m.channel, to: m.to, status: m.status, marketing: m.marketing, executionId: m.executionId,
    workflowId: m.workflowId, nodeId: m.nodeId, createdAt: m.createdAt, sentAt: m.sentAt, opens: m.opens, clicks: m.clicks,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== null)),
  };
}
