// The SSRF guard seen through the client: local servers are unreachable unless allow-listed, on
// the first request, after DNS and on every redirect hop.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedAddress } from './address-guard.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from './http-client.js';
import { redirect, sendJson, startServer, type TestServer } from './test-server.js';

let api: TestServer; // 127.0.0.1, the allow-listed self-hosted service
let internal: TestServer; // 127.0.0.2, an internal service nobody allowed
const clients: HttpClient[] = [];

function client(options: HttpClientOptions = {}): HttpClient {
  const c = createHttpClient(options);
  clients.push(c);
  return c;
}

/** A resolver answering from a fixed table, as a DNS server under someone else's control would. */
function resolverFor(table: Record<string, string>): (host: string) => Promise<ResolvedAddress[]> {
  return async (host) => {
    const address = table[host];
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
}

beforeAll(async () => {
  internal = await startServer((_req, res) => sendJson(res, 200, { secret: 'internal data' }), '127.0.0.2');
  api = await startServer((req, res) => {
    const [, what, arg] = req.url.split('/');
    if (what === 'to') return redirect(res, decodeURIComponent(arg ?? ''));
    if (what === 'hops') {
      const left = Number(arg);
      return left > 0 ? redirect(res, `/hops/${left - 1}`) : sendJson(res, 200, { arrived: true });
    }
    sendJson(res, 200, { ok: true, host: req.headers.host });
  });
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  api.received.length = 0;
  internal.received.length = 0;
});

afterAll(async () => {
  await api.close();
  await internal.close();
});

describe('addresses', () => {
  it('refuses a loopback server by default, naming the address', async () => {
    await expect(client().request({ method: 'GET', url: `${api.origin}/` })).rejects.toThrow(
      /^refused: 127\.0\.0\.1 is a loopback address; to reach a self-hosted service, add it to TERN_HTTP_ALLOW$/,
    );
    expect(api.received).toHaveLength(0);
  });

  it('reaches the server once its address is allow-listed', async () => {
    const response = await client({ allow: ['127.0.0.1'] }).request({ method: 'GET', url: `${api.origin}/` });
    expect(response).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('accepts CIDR ranges in the allow list', async () => {
    const response = await client({ allow: ['127.0.0.0/30'] }).request({ method: 'GET', url: `${internal.origin}/` });
    expect(response.body).toEqual({ secret: 'internal data' });
  });

  it('refuses loopback addresses outside the allow list', async () => {
    await expect(client({ allow: ['127.0.0.1'] }).request({ method: 'GET', url: `${internal.origin}/` })).rejects.toThrow(
      'refused: 127.0.0.2 is a loopback address',
    );
    expect(internal.received).toHaveLength(0);
  });

  it('refuses an IPv4-mapped IPv6 form of a loopback address', async () => {
    await expect(client().request({ method: 'GET', url: `http://[::ffff:127.0.0.1]:${api.port}/` })).rejects.toThrow(
      'is an IPv4-mapped form of 127.0.0.1, a loopback address',
    );
  });

  it('refuses a cloud metadata address without trying to connect', async () => {
    await expect(client().request({ method: 'GET', url: 'http://169.254.169.254/latest/meta-data/' })).rejects.toThrow(
      /^refused: 169\.254\.169\.254 is a cloud metadata address$/,
    );
    await expect(client().request({ method: 'GET', url: 'http://metadata.google.internal/computeMetadata/v1/' })).rejects.toThrow(
      'refused: metadata.google.internal is a cloud metadata address',
    );
  });

  it('never retries a refused request', async () => {
    const waits: number[] = [];
    const refusing = client({ sleep: async (ms) => void waits.push(ms) });
    await expect(refusing.request({ method: 'GET', url: `${api.origin}/`, retries: 3 })).rejects.toThrow(/^refused/);
    expect(waits).toEqual([]);
  });
});

describe('host names', () => {
  it('refuses localhost, which resolves to a loopback address', async () => {
    await expect(client().request({ method: 'GET', url: `http://localhost:${api.port}/` })).rejects.toThrow(
      /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
    );
  });

  it('refuses a name that resolves to a private address', async () => {
    const c = client({ resolve: resolverFor({ 'crm.example.test': '10.20.30.40' }) });
    await expect(c.request({ method: 'GET', url: 'http://crm.example.test/contacts' })).rejects.toThrow(
      'refused: crm.example.test resolves to 10.20.30.40, a private address',
    );
  });

  it('refuses a name when any of its addresses is internal', async () => {
    const resolve = async (): Promise<ResolvedAddress[]> => [
      { address: '93.184.216.34', family: 4 },
      { address: 'fd00::5', family: 6 },
    ];
    await expect(client({ resolve }).request({ method: 'GET', url: 'http://mixed.example.test/' })).rejects.toThrow(
      'refused: mixed.example.test resolves to fd00::5, a private (unique local) address',
    );
  });

  it('reaches a private address through an allow-listed host name', async () => {
    const c = client({ allow: ['crm.internal.test'], resolve: resolverFor({ 'crm.internal.test': '127.0.0.1' }) });
    const response = await c.request({ method: 'GET', url: `http://crm.internal.test:${api.port}/` });
    expect(response.body).toEqual({ ok: true, host: `crm.internal.test:${api.port}` });
  });

  it('connects to the address it checked, even when the name re-resolves (DNS rebinding)', async () => {
    // The rebinding server answers with the allowed address first and the internal one after.
    const rebound = await startServer((_req, res) => sendJson(res, 200, { secret: 'rebound' }), '127.0.0.2', api.port);
    const answers = ['127.0.0.1', '127.0.0.2', '127.0.0.2'];
    let lookups = 0;
    const resolve = async (): Promise<ResolvedAddress[]> => [{ address: answers[Math.min(lookups++, 2)]!, family: 4 }];
    try {
      const response = await client({ allow: ['127.0.0.1'], resolve }).request({ method: 'GET', url: `http://rebind.test:${api.port}/` });
      expect(response.body).toEqual({ ok: true, host: `rebind.test:${api.port}` });
      expect(rebound.received).toHaveLength(0);
      expect(lookups).toBe(1);
    } finally {
      await rebound.close();
    }
  });
});

describe('redirects', () => {
  const allowed = () => client({ allow: ['127.0.0.1'], resolve: resolverFor({ 'intranet.test': '192.168.1.10' }) });
  const via = (location: string) => `${api.origin}/to/${encodeURIComponent(location)}`;

  it('follows a redirect to an allowed address', async () => {
    const response = await allowed().request({ method: 'GET', url: via('/hops/0') });
    expect(response).toMatchObject({ status: 200, body: { arrived: true } });
  });

  it('refuses a redirect to the metadata address', async () => {
    await expect(allowed().request({ method: 'GET', url: via('http://169.254.169.254/latest/meta-data/iam') })).rejects.toThrow(
      'refused: 169.254.169.254 is a cloud metadata address',
    );
  });

  it('refuses a redirect to a loopback address that is not allow-listed', async () => {
    await expect(allowed().request({ method: 'GET', url: via(`${internal.origin}/admin`) })).rejects.toThrow(
      'refused: 127.0.0.2 is a loopback address',
    );
    expect(internal.received).toHaveLength(0);
  });

  it('refuses a redirect to a host name that resolves to a private address', async () => {
    await expect(allowed().request({ method: 'GET', url: via('http://intranet.test/payroll') })).rejects.toThrow(
      'refused: intranet.test resolves to 192.168.1.10, a private address',
    );
  });

  it('refuses a redirect to another scheme', async () => {
    await expect(allowed().request({ method: 'GET', url: via('file:///etc/passwd') })).rejects.toThrow(
      'refused: only http: and https: URLs can be requested, not file:',
    );
  });

  it('follows five redirects and stops at the sixth', async () => {
    expect((await allowed().request({ method: 'GET', url: `${api.origin}/hops/5` })).body).toEqual({ arrived: true });
    await expect(allowed().request({ method: 'GET', url: `${api.origin}/hops/6` })).rejects.toThrow('was redirected more than 5 times');
  });
});
