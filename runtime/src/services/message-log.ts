// The message log nodes talk to (ctx.services.messages): before a send it checks the suppression
// list, the contact's consent and the frequency cap, and records the message — the cap's count
// and the record in one atomic store write; after the send it records what the provider said.
// A hard bounce puts the address on the suppression list, so no later journey mails it again.
import {
  type CappedChannel,
  type FrequencyCapRule,
  frequencyCapRuleSchema,
  frequencyCapWindowMs,
  type HeldBackReason,
  type MessageAdmission,
  type MessageLogService,
  type OutgoingMessage,
} from '@tern/shared';
import { newId } from '../db/ids.js';
import type { MessageRecord, Store, SuppressionReason } from '../db/store.js';
import { isoTime } from '../engine/iso-time.js';
import type { Clock } from '../runtime.js';

/** The runtime-wide caps (TERN_FREQUENCY_CAP_EMAIL, TERN_FREQUENCY_CAP_SMS), for workflows without their own. */
export type DefaultFrequencyCaps = Partial<Record<CappedChannel, FrequencyCapRule>>;

/** Twilio's "Attempt to send to unsubscribed recipient": the number texted STOP to the sender. */
const TWILIO_UNSUBSCRIBED = 21610;

export class MessageLog implements MessageLogService {
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly defaultCaps: DefaultFrequencyCaps = {}) {}

  async admit(message: OutgoingMessage): Promise<MessageAdmission> {
    const now = this.clock.now();
    const record = newRecord(message, isoTime(now));
    const suppressed = await this.suppressionOf(message, record.to);
    if (suppressed) {
      return admission(await this.store.messages.admit({ ...record, status: 'suppressed', reason: suppressed }, null));
    }
    const rule = message.marketing ? this.capFor(message.channel, message.workflowSettings) : null;
    const cap = rule ? { max: rule.max, since: isoTime(new Date(now.getTime() - frequencyCapWindowMs(rule))), reason: 'frequency_cap' } : null;
    return admission(await this.store.messages.admit(record, cap));
  }

  async sent(messageId: string, result: { providerMessageId: string; status: string }): Promise<void> {
    await this.store.messages.mark(messageId, 'sent', isoTime(this.clock.now()), { providerMessageId: result.providerMessageId });
  }

  async failed(messageId: string, failure: { kind: 'rejected' | 'temporary'; message: string; details: Record<string, unknown> }): Promise<void> {
    const at = isoTime(this.clock.now());
    const marked = await this.store.messages.mark(messageId, isHardBounce(failure) ? 'bounced' : 'failed', at, { reason: failure.message });
    if (!marked) return;
    const { channel, to } = marked.after;
    if (marked.after.status === 'bounced') await this.suppress(to, channel, 'bounced', 'smtp', at);
    else if (channel === 'sms' && Number(failure.details.code) === TWILIO_UNSUBSCRIBED) await this.suppress(to, channel, 'unsubscribed', 'twilio', at);
  }

  /** Why this message must not go, or null. */
  private async suppressionOf(message: OutgoingMessage, to: string): Promise<SuppressionReason | null> {
    const entry = await this.store.suppressions.get(to);
    // A transactional message (a receipt, a password reset) still goes to whoever unsubscribed from marketing.
    if (entry && (message.marketing || entry.reason !== 'unsubscribed')) return entry.reason;
    if (message.marketing && message.contactId !== null) {
      const contact = await this.store.contacts.get(message.contactId);
      if (contact?.consent[message.channel]?.status === 'unsubscribed') return 'unsubscribed';
    }
    return null;
  }

  private capFor(channel: CappedChannel, settings: Record<string, unknown>): FrequencyCapRule | null {
    const own = (settings.frequencyCap as Record<string, unknown> | undefined)?.[channel];
    const parsed = own === undefined ? null : frequencyCapRuleSchema.safeParse(own);
    return parsed?.success ? parsed.data : (this.defaultCaps[channel] ?? null);
  }

  private suppress(address: string, channel: 'email' | 'sms', reason: SuppressionReason, source: string, createdAt: string): Promise<void> {
    return this.store.suppressions.put({ address, channel, reason, source, createdAt });
  }
}

function newRecord(message: OutgoingMessage, now: string): MessageRecord {
  return {
    id: newId(), stepKey: message.stepKey, channel: message.channel, to: addressKey(message.channel, message.to),
    subject: message.subject ?? null, marketing: message.marketing, status: 'sending', reason: null, providerMessageId: null,
    executionId: message.executionId, workflowId: message.workflowId, nodeId: message.nodeId, contactId: message.contactId,
    opens: 0, clicks: 0, createdAt: now, sentAt: null, deliveredAt: null, openedAt: null, clickedAt: null, bouncedAt: null,
    complainedAt: null, unsubscribedAt: null, failedAt: null,
  };
}

/** How an address is keyed in the log and the suppression list: emails lower-cased, numbers as E.164. */
export function addressKey(channel: 'email' | 'sms', address: string): string {
  return channel === 'email' ? address.trim().toLowerCase() : address.trim();
}

function admission(record: MessageRecord): MessageAdmission {
  if (record.status !== 'suppressed' && record.status !== 'capped') return { admitted: true, messageId: record.id };
  const reason = (record.reason ?? 'unsubscribed') as HeldBackReason;
  return { admitted: false, messageId: record.id, status: record.status, reason, message: heldBackWords(record.channel, record.to, reason) };
}

function heldBackWords(channel: 'email' | 'sms', to: string, reason: HeldBackReason): string {
  const what = channel === 'email' ? 'email' : 'SMS';
  switch (reason) {
    case 'frequency_cap': return `not sent: ${to} has had as many marketing ${what} messages as the frequency cap allows`;
    case 'bounced': return `not sent: earlier ${what} to ${to} bounced`;
    case 'complained': return `not sent: ${to} marked earlier messages as spam`;
    default: return `not sent: ${to} unsubscribed from marketing ${what}`;
  }
}

/**
 * An SMTP refusal that says the mailbox does not exist (a 5xx answer to RCPT TO, or an enhanced
 * status 5.1.x): sending there again would only hurt the sender's reputation.
 */
export function isHardBounce(failure: { kind: string; message: string; details: Record<string, unknown> }): boolean {
  if (failure.kind !== 'rejected') return false;
  const code = Number(failure.details.responseCode);
  if (!(code >= 500 && code < 600)) return false;
  return failure.details.command === 'RCPT TO' || /\b5\.1\.\d{1,3}\b/.test(failure.message);
}
