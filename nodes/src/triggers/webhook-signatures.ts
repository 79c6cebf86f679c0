// HMAC signature checks for webhook presets, each as the service itself signs (see the links).
// Every check works on the RAW request body: re-serialised JSON would not match the signature.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const hmacPresets = ['standard_webhooks', 'stripe', 'github', 'shopify', 'generic'] as const;
export type HmacPreset = (typeof hmacPresets)[number];

export interface HmacAuth {
  type: 'hmac';
  preset: HmacPreset;
  secret: string;
  /** The signature header of the generic preset; default `x-signature`. */
  header?: string;
  /** How far a signed timestamp may be from now (Standard Webhooks, Stripe); default 300. */
  toleranceSeconds?: number;
}

export interface SignedRequest {
  rawBody: Buffer;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  now: Date;
}

/** Returns why the signature is not valid, or null when it is. */
type SignatureCheck = (auth: HmacAuth, req: SignedRequest) => string | null;

export const DEFAULT_TOLERANCE_SECONDS = 300;
export const DEFAULT_GENERIC_HEADER = 'x-signature';

export function checkSignature(auth: HmacAuth, req: SignedRequest): string | null {
  return presetChecks[auth.preset](auth, req);
}

const presetChecks: Record<HmacPreset, SignatureCheck> = {
  // https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
  // Svix, which wrote the spec, sends the same headers prefixed `svix-` instead of `webhook-`.
  standard_webhooks(auth, { rawBody, headers, now }) {
    const id = headers['webhook-id'] ?? headers['svix-id'];
    const timestamp = headers['webhook-timestamp'] ?? headers['svix-timestamp'];
    const signatures = headers['webhook-signature'] ?? headers['svix-signature'];
    if (!id || !timestamp || !signatures) return 'the webhook-id, webhook-timestamp and webhook-signature headers are required';
    const stale = timestampProblem(timestamp, now, auth.toleranceSeconds);
    if (stale) return stale;
    // The secret is base64 after a `whsec_` prefix; the key is the decoded bytes.
    const key = Buffer.from(auth.secret.replace(/^whsec_/, ''), 'base64');
    const expected = hmacSha256(key, Buffer.from(`${id}.${timestamp}.`), rawBody);
    // "v1,<base64> v1,<base64>": several during a secret rotation; other versions (v1a) are skipped.
    const candidates = signatures
      .split(' ')
      .map((entry) => entry.split(','))
      .filter(([version]) => version === 'v1')
      .map(([, signature]) => Buffer.from(signature ?? '', 'base64'));
    return matchesAny(expected, candidates) ? null : 'the webhook-signature does not match';
  },

  // https://docs.stripe.com/webhooks#verify-manually
  // Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]; the key is the secret string itself.
  stripe(auth, { rawBody, headers, now }) {
    const header = headers['stripe-signature'];
    if (!header) return 'the Stripe-Signature header is required';
    const pairs = header.split(',').map((pair) => pair.trim().split('=', 2) as [string, string?]);
    const timestamp = pairs.find(([key]) => key === 't')?.[1];
    const candidates = pairs.filter(([key]) => key === 'v1').map(([, value]) => Buffer.from(value ?? '', 'hex'));
    if (!timestamp || candidates.length === 0) return 'the Stripe-Signature header needs t= and v1= parts';
    const stale = timestampProblem(timestamp, now, auth.toleranceSeconds);
    if (stale) return stale;
    const expected = hmacSha256(Buffer.from(auth.secret), Buffer.from(`${timestamp}.`), rawBody);
    return matchesAny(expected, candidates) ? null : 'the Stripe-Signature does not match';
  },

  // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
  github(auth, { rawBody, headers }) {
    const header = headers['x-hub-signature-256'];
    if (!header?.startsWith('sha256=')) return 'the X-Hub-Signature-256 header (sha256=…) is required';
    const expected = hmacSha256(Buffer.from(auth.secret), rawBody);
    return matchesAny(expected, [Buffer.from(header.slice('sha256='.length), 'hex')]) ? null : 'the X-Hub-Signature-256 does not match';
  },

  // https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook-to-ensure-its-coming-from-shopify
  shopify(auth, { rawBody, headers }) {
    const header = headers['x-shopify-hmac-sha256'];
    if (!header) return 'the X-Shopify-Hmac-Sha256 header is required';
    const expected = hmacSha256(Buffer.from(auth.secret), rawBody);
    return matchesAny(expected, [Buffer.from(header, 'base64')]) ? null : 'the X-Shopify-Hmac-Sha256 does not match';
  },

  // HMAC-SHA256 of the body in a header of the user's choice: hex or base64, optionally `sha256=`.
  generic(auth, { rawBody, headers }) {
    const name = (auth.header ?? DEFAULT_GENERIC_HEADER).toLowerCase();
    const value = headers[name]?.trim().replace(/^sha256=/i, '');
    if (!value) return `the ${name} header is required`;
    const decoded = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
    const expected = hmacSha256(Buffer.from(auth.secret), rawBody);
    return matchesAny(expected, [decoded]) ? null : `the ${name} signature does not match`;
  },
};

function hmacSha256(key: Buffer, ...parts: Buffer[]): Buffer {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/**
 * Compares in constant time. Both sides are hashed first so that values of different lengths
 * can be compared too (timingSafeEqual needs equal lengths) without revealing the length.
 */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  const digest = (value: Buffer) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function matchesAny(expected: Buffer, candidates: Buffer[]): boolean {
  return candidates.some((candidate) => safeEqual(expected, candidate));
}

/** A signed timestamp (unix seconds) too far from now is a replay, or a badly wrong clock. */
function timestampProblem(timestamp: string, now: Date, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): string | null {
  if (!/^\d{1,12}$/.test(timestamp)) return `the signature timestamp "${timestamp}" is not a unix time`;
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  return skew > toleranceSeconds ? `the signature timestamp is more than ${toleranceSeconds} seconds away from now` : null;
}
