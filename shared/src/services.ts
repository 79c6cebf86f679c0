// Service ports for messaging nodes: email, SMS and tracking links. A runtime provides them on
// `ctx.services` next to `http` and `credentials`; each is optional, so a runtime (or a test)
// without one makes the node that needs it fail with a message that says so.

/** A credential as a node read it through `ctx.services.credentials`, handed on to a channel. The
 *  node reads it (so its secrets are redacted from the step's record); the service picks the
 *  provider by `type` and keys its connections by `id`. */
export interface ChannelCredential {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Email

export interface EmailMessage {
  credential: ChannelCredential;
  /** `ada@example.com` or `Ada <ada@example.com>`; header values never hold line breaks. */
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html?: string;
  text?: string;
  /** `<id@domain>`, the same for every attempt of one step, so a retried send is recognisable. */
  messageId: string;
  /** Extra headers, e.g. `List-Unsubscribe`. */
  headers?: Record<string, string>;
}

export interface EmailSendResult {
  messageId: string;
  /** `sent`: the SMTP server accepted the message for delivery. */
  status: 'sent';
  accepted: string[];
  rejected: string[];
  /** The server's last answer, e.g. `250 2.0.0 Ok: queued as 4F2`. */
  response: string;
}

export interface EmailService {
  /** Sends one message; a refusal or failure rejects with a `DeliveryError`. */
  send(message: EmailMessage): Promise<EmailSendResult>;
}

// ---------------------------------------------------------------------------------------------
// SMS

export interface SmsMessage {
  credential: ChannelCredential;
  /** E.164 number, or an alphanumeric sender id where the provider allows one. */
  from: string;
  /** E.164 number, e.g. `+4915112345678`. */
  to: string;
  body: string;
  /** Stable across retries of the step; passed to providers that deduplicate by it. */
  idempotencyKey?: string;
}

export interface SmsSendResult {
  /** The provider's id of the message (Twilio: its `sid`). */
  messageId: string;
  /** The provider's status, e.g. `queued`, `sent`. */
  status: string;
}

export interface SmsService {
  /** Sends one message; a refusal or failure rejects with a `DeliveryError`. */
  send(message: SmsMessage): Promise<SmsSendResult>;
}

// ---------------------------------------------------------------------------------------------
// Delivery failures

/**
 * Why a message did not go out. `rejected`: the server or provider refused it (bad address,
 * authentication, policy) and sending it again would not help; `temporary`: it could not be
 * reached or asked to try later, so a retry may succeed.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';

  constructor(
    readonly kind: 'rejected' | 'temporary',
    message: string,
    /** What the provider said, for the step's `error` output: `code`, `response`, `moreInfo`, … */
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A DeliveryError, also one thrown by a plugin bundling its own copy of this class. */
export function isDeliveryError(err: unknown): err is DeliveryError {
  return err instanceof DeliveryError || (err instanceof Error && err.name === 'DeliveryError' && 'kind' in err);
}

// ---------------------------------------------------------------------------------------------
// Tracking links

/** Whom a tracking link belongs to: the message of one step, for one contact (or address). */
export interface TrackingTarget {
  executionId: string;
  nodeId: string;
  contactId?: string | null;
  /** The recipient's address, for runs without a contact. */
  email?: string | null;
  /** The message's row in the message log, where the runtime keeps one. */
  messageId?: string | null;
}

/** Signed, unguessable links back to Tern (`/t/open`, `/t/click`, `/t/unsubscribe`). */
export interface TrackingService {
  /** The URL of the 1×1 open pixel. */
  openUrl(target: TrackingTarget): string;
  /** A URL that records a click and redirects to `url`. */
  clickUrl(target: TrackingTarget, url: string): string;
  /** The unsubscribe page (GET asks to confirm; a POST unsubscribes at once: RFC 8058 one-click). */
  unsubscribeUrl(target: TrackingTarget): string;
}

// ---------------------------------------------------------------------------------------------
// Message log: suppression and frequency caps before a send, the record of each message after

/** A message a node is about to send, as the message log records it. */
export interface OutgoingMessage {
  channel: 'email' | 'sms';
  /** The recipient's address (as given) or E.164 number. */
  to: string;
  subject?: string;
  /** Marketing messages honour unsubscribes and frequency caps; transactional ones only bounces and complaints. */
  marketing: boolean;
  /** The step's idempotency key: a step executed again finds its message instead of making another. */
  stepKey: string;
  executionId: string;
  workflowId: string;
  nodeId: string;
  contactId: string | null;
  /** The workflow's settings (its `frequencyCap`, if any). */
  workflowSettings: Record<string, unknown>;
}

/** Whether the message may go: `messageId` is its row in the log either way. */
export type MessageAdmission =
  | { admitted: true; messageId: string }
  | { admitted: false; messageId: string; status: 'suppressed' | 'capped'; reason: HeldBackReason; message: string };

/** Why a message was held back: the recipient unsubscribed, bounced or complained, or reached the frequency cap. */
export type HeldBackReason = 'unsubscribed' | 'bounced' | 'complained' | 'frequency_cap';

export interface MessageLogService {
  /** Checks suppression and the frequency cap and records the message, in one atomic step. */
  admit(message: OutgoingMessage): Promise<MessageAdmission>;
  /** The provider took the message. */
  sent(messageId: string, result: { providerMessageId: string; status: string }): Promise<void>;
  /** The provider refused it (`rejected`) or could not be reached (`temporary`): hard bounces are suppressed from then on. */
  failed(messageId: string, failure: { kind: 'rejected' | 'temporary'; message: string; details: Record<string, unknown> }): Promise<void>;
}

// ---------------------------------------------------------------------------------------------

// Contacts (crm.contact, crm.tag, crm.score)

/** A contact as templates and the API show it: `id`, `email`, `phone`, `first_name`, `tags`, `score`, `fields`, … */
export type ContactData = Record<string, unknown> & { id: string; tags: string[]; score: number };

export interface ContactChangeOptions {
  /** The step's idempotency key: a tag or score change made once under it is not made again on a
   *  retry (the first result is returned, and no second event is recorded). */
  idempotencyKey: string;
}

/**
 * The contact database for nodes. Changes record events through the runtime's one ingestion path
 * (`tag.added`, `tag.removed`, `score.changed` with `{ from, to, delta }`), so flows can start or
 * resume on them. A bad field rejects with an Error naming it (`fields.email: …`).
 */
export interface ContactsService {
  /** Updates `contactId`, or (when null) the contact with the email or phone in `fields`, creating
   *  it when there is none. Custom fields merge; an unsubscribe is never cleared. */
  upsert(contactId: string | null, fields: Record<string, unknown>, options: ContactChangeOptions): Promise<ContactData>;
  /** Updates an existing contact; rejects when there is none with this id. */
  update(contactId: string, fields: Record<string, unknown>, options: ContactChangeOptions): Promise<ContactData>;
  /** Adds and removes tags; only the tags that change record events. */
  tag(contactId: string, change: { add?: string[]; remove?: string[] }, options: ContactChangeOptions): Promise<ContactData>;
  /** Adds points (negative subtracts); records `score.changed` when the score moves. */
  score(contactId: string, points: number, options: ContactChangeOptions): Promise<{ contact: ContactData; from: number; to: number }>;
}
