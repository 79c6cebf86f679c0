// What the sending nodes (email, SMS) tell the message log: ask before a send whether it may go
// (suppression, consent, frequency cap: one atomic check that also records the message), and
// record afterwards what the provider said. Without a message log (node tests, previews) every
// message may go and nothing is recorded.
import { isDeliveryError, type MessageAdmission, type NodeContext, type NodeResult, next, type OutgoingMessage } from '@tern/shared';

export type MessageFacts = Pick<OutgoingMessage, 'channel' | 'to' | 'marketing'> & { subject?: string };

export async function admitMessage(ctx: NodeContext<unknown>, facts: MessageFacts): Promise<MessageAdmission | null> {
  const log = ctx.services.messages;
  if (!log) return null;
  return log.admit({
    ...facts,
    stepKey: ctx.idempotencyKey,
    executionId: ctx.data.execution.id,
    workflowId: ctx.data.workflow.id,
    nodeId: ctx.node.id,
    contactId: typeof ctx.contact?.id === 'string' ? ctx.contact.id : null,
    workflowSettings: ctx.data.workflow.settings,
  });
}

/**
 * A held-back message is not a fault to fix: the journey goes on along `out`, with `status`
 * (`suppressed` or `capped`) and the `reason` a condition can branch on.
 */
export function heldBack(ctx: NodeContext<unknown>, admission: MessageAdmission & { admitted: false }, to: string): NodeResult {
  ctx.log.info('message held back', { status: admission.status, reason: admission.reason });
  return next({ status: admission.status, reason: admission.reason, message: admission.message, to });
}

export async function recordSent(ctx: NodeContext<unknown>, admission: MessageAdmission | null, providerMessageId: string, status: string): Promise<void> {
  if (admission) await ctx.services.messages!.sent(admission.messageId, { providerMessageId, status });
}

export async function recordFailure(ctx: NodeContext<unknown>, admission: MessageAdmission | null, err: unknown): Promise<void> {
  if (!admission) return;
  const failure = isDeliveryError(err)
    ? { kind: err.kind, message: err.message, details: err.details }
    : { kind: 'temporary' as const, message: (err as Error)?.message ?? String(err), details: {} };
  await ctx.services.messages!.failed(admission.messageId, failure);
}
