// The allow list (TERN_HTTP_ALLOW) and the guarded agents, used without the client on top.
import http from 'node:http';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressGuard, parseAllowList, type ResolvedAddress } from './address-guard.js';
import { sendJson, startServer, type TestServer } from './test-server.js';

const fixed = (address: string) => async (): Promise<ResolvedAddress[]> => [{ address, family: address.includes(':') ? 6 : 4 }];

describe('parseAllowList', () => {
  it('splits TERN_HTTP_ALLOW on commas and drops blanks', () => {
    expect(parseAllowList(' 10.0.0.0/8, crm.internal ,, 192.168.1.5 ,')).toEqual(['10.0.0.0/8', 'crm.internal', '192.168.1.5']);
  });

  it('reads an unset variable as an empty list', () => {
    expect(parseAllowList(undefined)).toEqual([]);
    expect(parseAllowList('')).toEqual([]);
  });
});

describe('allow list entries', () => {
  it('lets addresses inside an allowed CIDR range through, and no others', () => {
    const guard = new AddressGuard(['10.1.0.0/16', 'fd00:1::/32']);
    expect(guard.refusalForAddress('10.1.200.3')).toBeNull();
    expect(guard.refusalForAddress('fd00:1::9')).toBeNull();
    expect(guard.refusalForAddress('10.2.0.1')?.message).toMatch(/^refused: 10\.2\.0\.1 is a private address/);
  });

  it('matches an allowed IPv4 address in its IPv4-mapped IPv6 form', () => {
    expect(new AddressGuard(['192.168.1.5']).refusalForAddress('::ffff:c0a8:105')).toBeNull();
  });

  it('allows host names exactly, whatever their case or trailing dot', async () => {
    const guard = new AddressGuard(['CRM.Internal'], fixed('10.0.0.7'));
    await expect(guard.resolve('crm.internal.')).resolves.toEqual([{ address: '10.0.0.7', family: 4 }]);
    await expect(new AddressGuard(['crm.internal'], fixed('10.0.0.7')).resolve('api.crm.internal')).rejects.toThrow(
      'refused: api.crm.internal resolves to 10.0.0.7, a private address',
    );
  });

  it('rejects entries that are neither host, IP nor CIDR, so a typo is noticed at start', () => {
    expect(() => new AddressGuard(['10.0.0.0/33'])).toThrow('TERN_HTTP_ALLOW: "10.0.0.0/33" is not a host name, IP address or CIDR range');
    expect(() => new AddressGuard(['http://crm.internal'])).toThrow(
      'TERN_HTTP_ALLOW: "http://crm.internal" is not a host name, IP address or CIDR range',
    );
  });
});

describe('guarded agents', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { reached: true }));
  });
  afterAll(() => server.close());

  /** A plain node:http request through the agent: the guard must hold without axios. */
  function get(agent: http.Agent, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host, port: server.port, path: '/', agent }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
  }

  it('refuses an IP literal when the connection is opened', async () => {
    const agents = new AddressGuard([]).createAgents();
    await expect(get(agents.http, '127.0.0.1')).rejects.toThrow('refused: 127.0.0.1 is a loopback address');
    expect(server.received).toHaveLength(0);
    agents.http.destroy();
  });

  it('refuses a host name whose address is internal when the connection is opened', async () => {
    const agents = new AddressGuard([], fixed('127.0.0.1')).createAgents();
    await expect(get(agents.http, 'api.example.test')).rejects.toThrow('refused: api.example.test resolves to 127.0.0.1');
    expect(server.received).toHaveLength(0);
    agents.http.destroy();
  });

  it('guards https connections the same way', async () => {
    const agents = new AddressGuard([], fixed('10.0.0.9')).createAgents();
    const fetch = (host: string) =>
      new Promise((resolve, reject) => https.get({ host, port: 443, agent: agents.https }, resolve).on('error', reject));
    await expect(fetch('127.0.0.1')).rejects.toThrow('refused: 127.0.0.1 is a loopback address');
    await expect(fetch('billing.example.test')).rejects.toThrow('refused: billing.example.test resolves to 10.0.0.9, a private address');
    agents.https.destroy();
  });

  it('connects when the address is allowed', async () => {
    const agents = new AddressGuard(['127.0.0.1'], fixed('127.0.0.1')).createAgents();
    await expect(get(agents.http, 'api.example.test')).resolves.toBe(200);
    agents.http.destroy();
  });
});
