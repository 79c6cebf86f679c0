// Who may call a webhook: an IP allow-list and one of header token, basic auth or HMAC signature.
// verifyWebhookRequest() is pure so that the HTTP layer calls it and tests need no server.
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { headerNameSchema } from '../lib/params.js';
import {
  checkSignature,
  DEFAULT_GENERIC_HEADER,
  DEFAULT_TOLERANCE_SECONDS,
  hmacPresets,
  safeEqual,
  type SignedRequest,
} from './webhook-signatures.js';

const secret = (label: string, description?: string) =>
  z.string().min(1, 'must not be empty').meta({ label, widget: 'text', ...(description ? { description } : {}) });

export const webhookAuthSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('none') }),
    z.object({
      type: z.literal('header'),
      name: headerNameSchema.meta({ label: 'Header name', widget: 'text', placeholder: 'x-api-key' }),
      value: secret('Header value', 'The token callers must send in that header.'),
    }),
    z.object({
      type: z.literal('basic'),
      username: secret('User name'),
      password: secret('Password'),
    }),
    z.object({
      type: z.literal('hmac'),
      preset: z.enum(hmacPresets).meta({ label: 'Signature format', widget: 'select' }),
      secret: secret('Signing secret', 'As the sending service shows it (Standard Webhooks: whsec_…).'),
      header: headerNameSchema.optional().meta({
        label: 'Signature header',
        widget: 'text',
        description: `Generic format only; default ${DEFAULT_GENERIC_HEADER}.`,
      }),
      toleranceSeconds: z
        .number()
        .int()
        .min(1)
        .max(86_400)
        .default(DEFAULT_TOLERANCE_SECONDS)
        .meta({ label: 'Timestamp tolerance (s)', widget: 'number', description: 'Standard Webhooks and Stripe: older or newer signatures are refused.' }),
    }),
  ])
  .meta({ label: 'Authentication', description: 'How callers prove who they are.' });

export type WebhookAuth = z.input<typeof webhookAuthSchema>;

export const allowIpsSchema = z
  .array(z.string().trim().refine(isIpOrCidr, 'must be an IP address or a CIDR range such as 203.0.113.0/24'))
  .meta({ label: 'Allowed IPs', widget: 'json', description: 'Addresses or CIDR ranges (IPv4 or IPv6); empty: any.' });

export interface WebhookRequest extends SignedRequest {
  /** The caller's address as the server sees it (an IPv4-mapped IPv6 address is fine). */
  ip: string;
}

export type WebhookVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

/**
 * Decides whether a webhook call may start the workflow: 403 when its address is not allowed,
 * 401 when its credentials or signature are wrong. `params` are the trigger's parsed params.
 */
export function verifyWebhookRequest(
  params: { auth?: WebhookAuth; allowIps?: string[] },
  req: WebhookRequest,
): WebhookVerdict {
  if (params.allowIps?.length && !ipAllowed(req.ip, params.allowIps)) {
    return { ok: false, status: 403, message: `requests from ${req.ip || 'an unknown address'} are not allowed` };
  }
  const problem = authProblem(params.auth, req);
  return problem ? { ok: false, status: 401, message: problem } : { ok: true };
}

function authProblem(auth: WebhookAuth | undefined, req: WebhookRequest): string | null {
  if (!auth || auth.type === 'none') return null;
  switch (auth.type) {
    case 'header': {
      const sent = req.headers[auth.name.toLowerCase()];
      if (sent === undefined) return `the ${auth.name} header is required`;
      return safeEqual(Buffer.from(sent), Buffer.from(auth.value)) ? null : `the ${auth.name} header is not valid`;
    }
    case 'basic':
      return basicProblem(auth, req.headers.authorization);
    case 'hmac':
      return checkSignature(auth, req);
  }
}

function basicProblem(expected: { username: string; password: string }, header: string | undefined): string | null {
  const match = /^basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return 'basic authentication is required';
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'the basic authentication header is malformed';
  // Both compared, whichever fails, so the timing tells nothing about which one was wrong.
  const userOk = safeEqual(Buffer.from(decoded.slice(0, colon)), Buffer.from(expected.username));
  const passwordOk = safeEqual(Buffer.from(decoded.slice(colon + 1)), Buffer.from(expected.password));
  return userOk && passwordOk ? null : 'wrong user name or password';
}

function isIpOrCidr(value: string): boolean {
  if (value.includes('/')) return ipaddr.IPv4.isValidCIDRFourPartDecimal(value) || ipaddr.IPv6.isValidCIDR(value);
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value);
}

function ipAllowed(ip: string, allowList: string[]): boolean {
  if (!ipaddr.isValid(ip)) return false;
  // process() turns an IPv4-mapped IPv6 address (::ffff:203.0.113.5) into plain IPv4.
  const address = ipaddr.process(ip);
  return allowList.some((entry) => {
    const [network, bits] = entry.includes('/') ? ipaddr.parseCIDR(entry) : single(entry);
    if (address.kind() === network.kind()) return address.match(network, bits);
    // An IPv4 caller against an IPv6 range written in mapped form (::ffff:10.0.0.0/104).
    return address.kind() === 'ipv4' && (address as ipaddr.IPv4).toIPv4MappedAddress().match(network, bits);
  });
}

/** A lone address as a range of one. */
function single(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const address = ipaddr.process(entry);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}
