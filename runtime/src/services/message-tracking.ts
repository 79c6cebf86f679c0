// What the tracking links in an email do (/t/open, /t/click, /t/unsubscribe): find the message the
// signed token names, record the stage on it, and record `email.opened`, `email.clicked` or
// `email.unsubscribed` on the contact through ingestEvents — so a flow.wait_event resumes on an
// open, and an unsubscribe sets the contact's email consent (which ingestion never clears).
// Only the first open records an event; later opens are counted on the message, nothing more.
import type { MessageRecord, MessageStage } from '../db/store.js';
import { isoTime } from '../engine/iso-time.js';
import type { Runtime } from '../runtime.js';
import { ingestEvents } from './events.js';
import type { TrackingClaims, TrackingKind } from './tracking-tokens.js';

export interface TrackedMessage {
  claims: TrackingClaims;
  /** The message in the log (null for links made without one, e.g. before the log existed). */
  message: MessageRecord | null;
}

export class MessageTracking {
  constructor(private readonly runtime: Runtime) {}

  /** What a token is about, or null when it is not a valid token of that kind. */
  async resolve(token: string, kind: TrackingKind): Promise<TrackedMessage | null> {
    const claims = this.runtime.tracking.verify(token, kind);
    if (!claims) return null;
    const { messages } = this.runtime.store;
    const found = claims.messageId ? await messages.get(claims.messageId) : await messages.findByStep(claims.executionId, claims.nodeId);
    // A token only ever speaks for the message of its own execution and node.
    const message = found && found.executionId === claims.executionId && found.nodeId === claims.nodeId ? found : null;
    return { claims, message };
  }

  async opened(tracked: TrackedMessage): Promise<void> {
    const first = await this.mark(tracked, 'opened');
    if (first.opened) await this.record(tracked, 'email.opened', {});
  }

  /** Records the click; the caller redirects to `claims.url`. */
  async clicked(tracked: TrackedMessage, url: string): Promise<void> {
    const first = await this.mark(tracked, 'clicked');
    // A click is an open as well, also where the mail client blocked the pixel.
    if (first.opened) await this.record(tracked, 'email.opened', {});
    await this.record(tracked, 'email.clicked', { url });
  }

  /** One-click unsubscribe: the contact's email consent, or (without a contact) the suppression list. */
  async unsubscribed(tracked: TrackedMessage): Promise<void> {
    const first = await this.mark(tracked, 'unsubscribed');
    const contactId = tracked.message?.contactId ?? tracked.claims.contactId;
    const address = tracked.message?.to ?? tracked.claims.email;
    if (contactId === null && address) {
      await this.runtime.store.suppressions.put({
        address: address.toLowerCase(), channel: 'email', reason: 'unsubscribed', source: 'unsubscribe link', createdAt: this.now(),
      });
    }
    if (!first.unsubscribed) return;
    await this.record(tracked, 'email.unsubscribed', {}, { consent: { email: { status: 'unsubscribed', source: 'unsubscribe link' } } });
  }

  /** Marks the stage on the message; tells whether this was its first open and first unsubscribe. */
  private async mark(tracked: TrackedMessage, stage: MessageStage): Promise<{ opened: boolean; unsubscribed: boolean }> {
    if (!tracked.message) return { opened: true, unsubscribed: true };
    const marked = await this.runtime.store.messages.mark(tracked.message.id, stage, this.now());
    if (!marked) return { opened: false, unsubscribed: false };
    return {
      opened: marked.before.openedAt === null && marked.after.openedAt !== null,
      unsubscribed: marked.before.unsubscribedAt === null && marked.after.unsubscribedAt !== null,
    };
  }

  /** The event on the message's contact; a message without one (a contact since deleted) records none. */
  private async record(tracked: TrackedMessage, type: string, extra: Record<string, unknown>, contactFields: Record<string, unknown> = {}): Promise<void> {
    const { claims, message } = tracked;
    const contactId = message?.contactId ?? claims.contactId;
    if (contactId === null) return;
    const workflowId = message?.workflowId ?? (await this.runtime.store.executions.get(claims.executionId))?.workflowId ?? null;
    const data = { messageId: message?.id ?? null, executionId: claims.executionId, nodeId: claims.nodeId, workflowId, ...extra };
    try {
      await ingestEvents(this.runtime, { type, contact: { id: contactId, ...contactFields }, data });
    } catch (err) {
      this.runtime.log.warn({ err, contactId, type }, 'could not record a tracking event on its contact');
    }
  }

  private now(): string {
    return isoTime(this.runtime.clock.now());
  }
}
