// Signed tracking links: the open pixel, click redirects and unsubscribe links in emails. A token
// carries what the link is about (kind, execution, node, contact or address, the click's target,
// when it was issued) and an HMAC-SHA256 over it with a key derived from the encryption key, so
// nobody can make or alter one without the key — an unsubscribe link cannot be forged for someone
// else, and a click link cannot be turned into an open redirect to another site.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { TrackingService, TrackingTarget } from '@tern/shared';
import type { EncryptionKey } from '../security/crypto.js';

export const trackingKinds = ['open', 'click', 'unsubscribe'] as const;
export type TrackingKind = (typeof trackingKinds)[number];

/** The paths the tracking endpoints are served at, under TERN_PUBLIC_URL; the token follows. */
export const TRACKING_PATHS: Record<TrackingKind, string> = { open: '/t/open/', click: '/t/click/', unsubscribe: '/t/unsubscribe/' };

export interface TrackingClaims {
  kind: TrackingKind;
  executionId: string;
  nodeId: string;
  contactId: string | null;
  email: string | null;
  /** Where a click redirects to. */
  url: string | null;
  /** The message's row in the message log (absent from tokens made without one). */
  messageId: string | null;
  issuedAt: Date;
}

const VERSION = 1;
const KEY_INFO = 'tern/tracking-tokens/v1';

export class TrackingTokens implements TrackingService {
  private readonly key: Buffer;
  private readonly publicUrl: string;

  /** `secret`: at least 32 bytes (use `fromEncryptionKey`); `publicUrl`: where users reach Tern. */
  constructor(secret: Buffer, publicUrl: string, private readonly now: () => Date = () => new Date()) {
    if (secret.length < 32) throw new Error('a tracking token key needs at least 32 bytes');
    this.key = secret;
    this.publicUrl = publicUrl.replace(/\/+$/, '');
  }

  /** Tokens signed with their own key, derived from the credentials key (never that key itself). */
  static fromEncryptionKey(key: EncryptionKey, publicUrl: string, now?: () => Date): TrackingTokens {
    return new TrackingTokens(Buffer.from(hkdfSync('sha256', key.bytes, Buffer.alloc(0), KEY_INFO, 32)), publicUrl, now);
  }

  sign(claims: Omit<TrackingClaims, 'issuedAt'>): string {
    const payload = Buffer.from(JSON.stringify([
      VERSION, claims.kind, claims.executionId, claims.nodeId, claims.contactId, claims.email, claims.url,
      Math.floor(this.now().getTime() / 1000), claims.messageId,
    ])).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /** What a token says, or null when it was not made with this key, was altered, or is of another kind. */
  verify(token: string, kind?: TrackingKind): TrackingClaims | null {
    const dot = token.lastIndexOf('.');
    if (dot <= 0 || token.length > 16_384) return null;
    const payload = token.slice(0, dot);
    // Compared as text: base64url has several spellings of the same bytes, a token has one.
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.mac(payload).toString('base64url'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = decode(payload);
    return claims && (!kind || claims.kind === kind) ? claims : null;
  }

  openUrl(target: TrackingTarget): string {
    return this.url('open', target, null);
  }

  clickUrl(target: TrackingTarget, url: string): string {
    return this.url('click', target, url);
  }

  unsubscribeUrl(target: TrackingTarget): string {
    return this.url('unsubscribe', target, null);
  }

  private url(kind: TrackingKind, target: TrackingTarget, url: string | null): string {
    const token = this.sign({
      kind, executionId: target.executionId, nodeId: target.nodeId, contactId: target.contactId ?? null, email: target.email ?? null, url,
      messageId: target.messageId ?? null,
    });
    return `${this.publicUrl}${TRACKING_PATHS[kind]}${token}`;
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}

function decode(payload: string): TrackingClaims | null {
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  // Eight fields in tokens made before the message log; its message id is the ninth.
  if (!Array.isArray(fields) || (fields.length !== 8 && fields.length !== 9) || fields[0] !== VERSION) return null;
  const [, kind, executionId, nodeId, contactId, email, url, issuedAt, messageId = null] = fields as unknown[];
  const text = (v: unknown) => typeof v === 'string';
  const textOrNull = (v: unknown) => v === null || typeof v === 'string';
  if (!trackingKinds.includes(kind as TrackingKind) || !text(executionId) || !text(nodeId)) return null;
  if (!textOrNull(contactId) || !textOrNull(email) || !textOrNull(url) || !textOrNull(messageId) || typeof issuedAt !== 'number') return null;
  return {
    kind: kind as TrackingKind,
    executionId: executionId as string,
    nodeId: nodeId as string,
    contactId: contactId as string | null,
    email: email as string | null,
    url: url as string | null,
    messageId: messageId as string | null,
    issuedAt: new Date(issuedAt * 1000),
  };
}
