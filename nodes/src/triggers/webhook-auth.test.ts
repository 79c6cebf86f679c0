import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookRequest, type WebhookAuth } from './webhook-auth.js';

const NOW = new Date('2026-01-05T09:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const BODY = '{"id":"evt_1","type":"order.completed","total":42.5}';

type Headers = Record<string, string | undefined>;

function request(headers: Headers, body = BODY, ip = '203.0.113.7') {
  return { rawBody: Buffer.from(body), headers, ip, now: NOW };
}

const hmac = (key: string | Buffer, content: string) => createHmac('sha256', key).update(content);

// Each preset signs the way the service documents it.
const presets = [
  {
    preset: 'standard_webhooks',
    secret: `whsec_${Buffer.from('standard-webhooks-secret-key!!').toString('base64')}`,
    sign: (body: string, secret: string, at = NOW_SECONDS): Headers => {
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
      const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
      return {
        'webhook-id': id,
        'webhook-timestamp': String(at),
        'webhook-signature': `v1,${hmac(key, `${id}.${at}.${body}`).digest('base64')}`,
      };
    },
    signatureHeader: 'webhook-signature',
    timestamped: true,
  },
  {
    preset: 'stripe',
    secret: 'whsec_stripe_endpoint_secret',
    sign: (body: string, secret: string, at = NOW_SECONDS): Headers => ({
      'stripe-signature': `t=${at},v1=${hmac(secret, `${at}.${body}`).digest('hex')},v0=6ffbb59b2300aae63f27240606960`,
    }),
    signatureHeader: 'stripe-signature',
    timestamped: true,
  },
  {
    preset: 'github',
    secret: "It's a Secret to Everybody",
    sign: (body: string, secret: string): Headers => ({ 'x-hub-signature-256': `sha256=${hmac(secret, body).digest('hex')}` }),
    signatureHeader: 'x-hub-signature-256',
    timestamped: false,
  },
  {
    preset: 'shopify',
    secret: 'shpss_client_secret',
    sign: (body: string, secret: string): Headers => ({ 'x-shopify-hmac-sha256': hmac(secret, body).digest('base64') }),
    signatureHeader: 'x-shopify-hmac-sha256',
    timestamped: false,
  },
  {
    preset: 'generic',
    secret: 'generic-secret',
    sign: (body: string, secret: string): Headers => ({ 'x-signature': hmac(secret, body).digest('hex') }),
    signatureHeader: 'x-signature',
    timestamped: false,
  },
] as const;

describe('verifyWebhookRequest: HMAC presets', () => {
  describe.each(presets)('$preset', ({ preset, secret, sign, signatureHeader }) => {
    const params = { auth: { type: 'hmac', preset, secret } as WebhookAuth };

    it('accepts a request signed with the secret', () => {
      expect(verifyWebhookRequest(params, request(sign(BODY, secret)))).toEqual({ ok: true });
    });

    it('refuses a request signed with another secret', () => {
      const other = preset === 'standard_webhooks' ? `whsec_${Buffer.from('another-secret').toString('base64')}` : 'another-secret';
      expect(verifyWebhookRequest(params, request(sign(BODY, other)))).toMatchObject({ ok: false, status: 401 });
    });

    it('refuses a body changed after signing', () => {
      const tampered = BODY.replace('42.5', '0.5');
      expect(verifyWebhookRequest(params, request(sign(BODY, secret), tampered))).toMatchObject({ ok: false, status: 401 });
    });

    it('refuses a request without the signature header, naming it', () => {
      const headers = { ...sign(BODY, secret), [signatureHeader]: undefined };
      const verdict = verifyWebhookRequest(params, request(headers));
      expect(verdict).toMatchObject({ ok: false, status: 401 });
      expect(verdict.ok || verdict.message.toLowerCase()).toContain(signatureHeader);
    });
  });

  describe.each(presets.filter((p) => p.timestamped))('$preset timestamps', ({ preset, secret, sign }) => {
    it('refuses a signature older than the tolerance (a replay)', () => {
      const params = { auth: { type: 'hmac', preset, secret } as WebhookAuth };
      const verdict = verifyWebhookRequest(params, request(sign(BODY, secret, NOW_SECONDS - 301)));
      expect(verdict).toMatchObject({ ok: false, status: 401, message: expect.stringContaining('300 seconds') });
    });

    it('accepts an older signature within a wider tolerance', () => {
      const params = { auth: { type: 'hmac', preset, secret, toleranceSeconds: 900 } as WebhookAuth };
      expect(verifyWebhookRequest(params, request(sign(BODY, secret, NOW_SECONDS - 600)))).toEqual({ ok: true });
    });
  });

  it('standard_webhooks: accepts any of several signatures (secret rotation) and Svix header names', () => {
    const { secret, sign } = presets[0];
    const headers = sign(BODY, secret);
    const rotated = { ...headers, 'webhook-signature': `v1,Zm9yZ2VkLXNpZ25hdHVyZQ== ${headers['webhook-signature']}` };
    const params = { auth: { type: 'hmac', preset: 'standard_webhooks', secret } as WebhookAuth };
    expect(verifyWebhookRequest(params, request(rotated))).toEqual({ ok: true });
    const svix = { 'svix-id': headers['webhook-id'], 'svix-timestamp': headers['webhook-timestamp'], 'svix-signature': headers['webhook-signature'] };
    expect(verifyWebhookRequest(params, request(svix))).toEqual({ ok: true });
  });

  it('stripe: accepts the request when any v1 signature matches', () => {
    const secret = 'whsec_rolled';
    const good = hmac(secret, `${NOW_SECONDS}.${BODY}`).digest('hex');
    const headers = { 'stripe-signature': `t=${NOW_SECONDS},v1=${'0'.repeat(64)},v1=${good}` };
    expect(verifyWebhookRequest({ auth: { type: 'hmac', preset: 'stripe', secret } }, request(headers))).toEqual({ ok: true });
  });

  it('generic: takes base64 or a sha256= prefix, in a header of the user\'s choice', () => {
    const secret = 'generic-secret';
    const params = { auth: { type: 'hmac', preset: 'generic', secret, header: 'X-Tern-Signature' } as WebhookAuth };
    const base64 = hmac(secret, BODY).digest('base64');
    const hex = hmac(secret, BODY).digest('hex');
    expect(verifyWebhookRequest(params, request({ 'x-tern-signature': base64 }))).toEqual({ ok: true });
    expect(verifyWebhookRequest(params, request({ 'x-tern-signature': `sha256=${hex}` }))).toEqual({ ok: true });
    expect(verifyWebhookRequest(params, request({ 'x-signature': hex }))).toMatchObject({ ok: false, status: 401 });
  });

  it('verifies the raw bytes, not a re-serialised body', () => {
    const raw = '{ "total" : 42.50 }';
    const { secret, sign } = presets[2];
    const params = { auth: { type: 'hmac', preset: 'github', secret } as WebhookAuth };
    expect(verifyWebhookRequest(params, request(sign(raw, secret), raw))).toEqual({ ok: true });
    expect(verifyWebhookRequest(params, request(sign(raw, secret), JSON.stringify(JSON.parse(raw))))).toMatchObject({ ok: false });
  });
});

describe('verifyWebhookRequest: header token and basic auth', () => {
  const header = { auth: { type: 'header', name: 'X-Api-Key', value: 's3cret' } as WebhookAuth };
  const basic = { auth: { type: 'basic', username: 'shop', password: 'pa:ss' } as WebhookAuth };
  const basicHeader = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('accepts the right token in the named header, whatever the case of its name', () => {
    expect(verifyWebhookRequest(header, request({ 'x-api-key': 's3cret' }))).toEqual({ ok: true });
  });

  it('refuses a wrong or missing token with 401', () => {
    expect(verifyWebhookRequest(header, request({ 'x-api-key': 's3cre' }))).toMatchObject({ ok: false, status: 401 });
    expect(verifyWebhookRequest(header, request({}))).toMatchObject({ ok: false, status: 401, message: expect.stringContaining('X-Api-Key') });
  });

  it('accepts the right user name and password, even with a colon in the password', () => {
    expect(verifyWebhookRequest(basic, request({ authorization: basicHeader('shop', 'pa:ss') }))).toEqual({ ok: true });
  });

  it('refuses a wrong password, a wrong user or no credentials with 401', () => {
    for (const authorization of [basicHeader('shop', 'pass'), basicHeader('shop2', 'pa:ss'), undefined, 'Bearer x']) {
      expect(verifyWebhookRequest(basic, request({ authorization }))).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('lets anyone in without auth', () => {
    expect(verifyWebhookRequest({}, request({}))).toEqual({ ok: true });
    expect(verifyWebhookRequest({ auth: { type: 'none' } }, request({}))).toEqual({ ok: true });
  });
});

describe('verifyWebhookRequest: IP allow-list', () => {
  const allowIps = ['203.0.113.0/24', '198.51.100.9', '2001:db8::/32'];
  const from = (ip: string) => verifyWebhookRequest({ allowIps }, request({}, BODY, ip));

  it('admits addresses inside an IPv4 range, a single address or an IPv6 range', () => {
    expect(from('203.0.113.250')).toEqual({ ok: true });
    expect(from('198.51.100.9')).toEqual({ ok: true });
    expect(from('2001:db8:1234::1')).toEqual({ ok: true });
  });

  it('admits an IPv4 caller seen as an IPv4-mapped IPv6 address', () => {
    expect(from('::ffff:203.0.113.5')).toEqual({ ok: true });
  });

  it('admits an IPv4 caller against a range written in IPv4-mapped form', () => {
    expect(verifyWebhookRequest({ allowIps: ['::ffff:10.0.0.0/104'] }, request({}, BODY, '10.1.2.3'))).toEqual({ ok: true });
  });

  it('refuses other addresses with 403, before looking at credentials', () => {
    expect(from('198.51.100.10')).toMatchObject({ ok: false, status: 403, message: expect.stringContaining('198.51.100.10') });
    expect(from('2001:db9::1')).toMatchObject({ ok: false, status: 403 });
    expect(from('not-an-ip')).toMatchObject({ ok: false, status: 403 });
    const withAuth = { allowIps, auth: { type: 'header', name: 'x-key', value: 'k' } as WebhookAuth };
    expect(verifyWebhookRequest(withAuth, request({ 'x-key': 'k' }, BODY, '192.0.2.1'))).toMatchObject({ status: 403 });
  });

  it('treats an empty list as no restriction', () => {
    expect(verifyWebhookRequest({ allowIps: [] }, request({}, BODY, '192.0.2.1'))).toEqual({ ok: true });
  });
});
