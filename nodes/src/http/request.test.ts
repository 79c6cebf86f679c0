import { ParamError } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { FakeHttp, runNode, type RunNodeOptions } from '../testing/index.js';
import { httpRequestNode } from './request.js';

const ok = { status: 200, headers: { 'content-type': 'application/json' }, body: { id: 'c-1' } };

function call(params: Record<string, unknown>, options: Partial<RunNodeOptions> = {}) {
  return runNode(httpRequestNode, { http: () => ok, idempotencyKey: 'exec-1:node:1', ...options, params });
}

describe('http.request', () => {
  it('sends the request with templates rendered and outputs the answer on out', async () => {
    const { result, requests } = await call(
      {
        method: 'POST',
        url: 'https://crm.example.com/contacts/{{ contact.id }}',
        headers: { 'X-Source': 'tern' },
        query: { notify: true },
        body: { email: '{{ contact.email }}', score: '{{ trigger.score }}' },
      },
      { contact: { id: 'c-1', email: 'ada@example.com' }, trigger: { score: 72 } },
    );
    expect(result).toEqual({ kind: 'continue', port: 'out', output: ok });
    expect(requests).toEqual([
      {
        method: 'POST',
        url: 'https://crm.example.com/contacts/c-1',
        headers: { 'X-Source': 'tern', 'Idempotency-Key': 'exec-1:node:1' },
        query: { notify: true },
        body: { email: 'ada@example.com', score: 72 },
        timeoutMs: 10_000,
        retries: 0,
      },
    ]);
  });

  it('passes the timeout and retries on to the HTTP client', async () => {
    const { requests } = await call({ url: 'https://api.example.com', timeoutMs: 30_000, retries: 3 });
    expect(requests[0]).toMatchObject({ method: 'GET', timeoutMs: 30_000, retries: 3 });
  });

  it('treats a redirect answer as success', async () => {
    const { result } = await call({ url: 'https://api.example.com' }, { http: () => ({ status: 302, headers: { location: '/x' } }) });
    expect(result).toMatchObject({ port: 'out', output: { status: 302, headers: { location: '/x' } } });
  });

  it('takes the error port with status and body when the server answers 4xx or 5xx', async () => {
    const http = () => ({ status: 422, body: { error: 'email is invalid' } });
    const { result } = await call({ method: 'POST', url: 'https://api.example.com', body: {} }, { http });
    expect(result).toEqual({
      kind: 'continue',
      port: 'error',
      output: { message: expect.stringContaining('422'), status: 422, body: { error: 'email is invalid' } },
    });
  });

  it('takes the error port with the message when the request fails', async () => {
    const http = () => {
      throw new Error('refused: 10.0.0.5 is a private address');
    };
    const { result, logs } = await call({ url: 'http://10.0.0.5/admin' }, { http });
    expect(result).toEqual({ kind: 'continue', port: 'error', output: { message: 'refused: 10.0.0.5 is a private address' } });
    expect(logs).toEqual([expect.objectContaining({ level: 'warn' })]);
  });

  it('adds an Idempotency-Key to requests that change things, but not to GET, and keeps one the user set', async () => {
    const keyOf = async (params: Record<string, unknown>) => (await call(params)).requests[0]?.headers ?? {};
    expect(await keyOf({ method: 'DELETE', url: 'https://api.example.com/x' })).toEqual({ 'Idempotency-Key': 'exec-1:node:1' });
    expect(await keyOf({ method: 'GET', url: 'https://api.example.com/x' })).toEqual({});
    expect(await keyOf({ method: 'PUT', url: 'https://api.example.com/x', headers: { 'idempotency-key': 'mine' } })).toEqual({
      'idempotency-key': 'mine',
    });
  });

  describe('credentials', () => {
    const credentials = {
      apikey: { type: 'http_header', data: { name: 'X-Api-Key', value: 'k-123' } },
      basic: { type: 'http_basic', data: { username: 'ada', password: 'p:w' } },
      bearer: { type: 'http_bearer', data: { token: 't-456' } },
      smtp: { type: 'smtp', data: { host: 'mail.example.com' } },
      broken: { type: 'http_bearer', data: {} },
    };
    const headersWith = async (credential: string, headers?: Record<string, string>) =>
      (await call({ url: 'https://api.example.com', credential, ...(headers ? { headers } : {}) }, { credentials })).requests[0]?.headers;

    it('applies a header credential', async () => {
      expect(await headersWith('apikey')).toEqual({ 'X-Api-Key': 'k-123' });
    });

    it('applies basic auth', async () => {
      expect(await headersWith('basic')).toEqual({ Authorization: `Basic ${Buffer.from('ada:p:w').toString('base64')}` });
    });

    it('applies a bearer token, over an Authorization header set by hand', async () => {
      expect(await headersWith('bearer', { authorization: 'Bearer old' })).toEqual({ Authorization: 'Bearer t-456' });
    });

    it.each([
      ['missing', 'does not exist'],
      ['smtp', 'http_header or http_basic or http_bearer'],
      ['broken', 'has no token'],
    ])('fails the step, naming params.credential, for the %s credential', async (credential, reason) => {
      const run = call({ url: 'https://api.example.com', credential }, { credentials, http: new FakeHttp() });
      await expect(run).rejects.toThrow(ParamError);
      await expect(run).rejects.toThrow(new RegExp(`^params\\.credential: .*${reason}`));
    });
  });

  it.each([
    [{ url: 'ftp://files.example.com' }, 'params.url'],
    [{ url: 'https://api.example.com', timeoutMs: 300_000 }, 'params.timeoutMs'],
    [{ url: 'https://api.example.com', retries: 6 }, 'params.retries'],
    [{ url: 'https://api.example.com', headers: { 'X-Evil': 'a\r\nSet-Cookie: x' } }, 'params.headers.X-Evil'],
  ])('refuses bad params at run time, naming the field: %o', async (params, field) => {
    await expect(call(params)).rejects.toThrow(`${field}:`);
  });
});
