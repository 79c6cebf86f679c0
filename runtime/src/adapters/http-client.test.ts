// What a node sees of the outgoing HTTP client: requests as written, responses of any status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, OutgoingRequestError } from './http-client.js';
import { sendJson, startServer, type TestServer } from './test-server.js';

let server: TestServer;
let client: HttpClient;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = req.url.split('?')[0];
    if (path === '/echo') return sendJson(res, 200, req);
    if (path === '/missing') return sendJson(res, 404, { error: 'no such contact' });
    if (path === '/problem') return sendJson(res, 422, { title: 'bad email' }, { 'content-type': 'application/problem+json' });
    if (path === '/broken-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"unterminated": ');
    }
    if (path === '/cookies') {
      res.writeHead(200, { 'Set-Cookie': ['a=1', 'b=2'], 'X-Request-Id': 'r-42', 'content-type': 'text/plain' });
      return res.end('hello');
    }
    sendJson(res, 500, { error: 'unexpected path' });
  });
  client = createHttpClient({ allow: ['127.0.0.1'] });
});

afterAll(async () => {
  client.close();
  await server.close();
});

describe('responses', () => {
  it('parses a JSON body', async () => {
    const response = await client.request({ method: 'GET', url: `${server.origin}/echo` });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ method: 'GET', url: '/echo' });
  });

  it('returns error statuses instead of throwing', async () => {
    const response = await client.request({ method: 'GET', url: `${server.origin}/missing` });
    expect(response).toMatchObject({ status: 404, body: { error: 'no such contact' } });
  });

  it('parses JSON variants such as application/problem+json', async () => {
    const response = await client.request({ method: 'GET', url: `${server.origin}/problem` });
    expect(response).toMatchObject({ status: 422, body: { title: 'bad email' } });
  });

  it('returns the text when a JSON body does not parse', async () => {
    const response = await client.request({ method: 'GET', url: `${server.origin}/broken-json` });
    expect(response.body).toBe('{"unterminated": ');
  });

  it('returns text bodies as text and headers with lower-case names and string values', async () => {
    const response = await client.request({ method: 'GET', url: `${server.origin}/cookies` });
    expect(response.body).toBe('hello');
    expect(response.headers['x-request-id']).toBe('r-42');
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
    for (const [name, value] of Object.entries(response.headers)) {
      expect(name).toBe(name.toLowerCase());
      expect(typeof value).toBe('string');
    }
  });
});

describe('requests', () => {
  const echo = async (options: Partial<Parameters<HttpClient['request']>[0]>) =>
    (await client.request({ method: 'POST', url: `${server.origin}/echo`, ...options })).body as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
    };

  it('appends query params to those already in the URL', async () => {
    const seen = await echo({ url: `${server.origin}/echo?list=weekly`, query: { page: 2, active: true, q: 'a&b' } });
    expect(seen.url).toBe('/echo?list=weekly&page=2&active=true&q=a%26b');
  });

  it('sends an object body as JSON', async () => {
    const seen = await echo({ body: { email: 'ada@example.com', tags: ['vip'] } });
    expect(seen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body)).toEqual({ email: 'ada@example.com', tags: ['vip'] });
  });

  it('sends an object as a form when the caller asks for one', async () => {
    const seen = await echo({ headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: { To: '+4915100000', Body: 'Hi & welcome' } });
    expect(seen.body).toBe('To=%2B4915100000&Body=Hi+%26+welcome');
  });

  it('sends a string body as is, keeping the content type the caller set', async () => {
    const seen = await echo({ headers: { 'Content-Type': 'application/xml' }, body: '<contact id="1"/>' });
    expect(seen.headers['content-type']).toBe('application/xml');
    expect(seen.body).toBe('<contact id="1"/>');
  });

  it('sends the method whatever its case, and the caller headers', async () => {
    const seen = await echo({ method: 'put', headers: { Authorization: 'Bearer t0k3n' } });
    expect(seen.method).toBe('PUT');
    expect(seen.headers.authorization).toBe('Bearer t0k3n');
  });

  it('identifies itself unless the caller sets a user agent', async () => {
    expect((await echo({})).headers['user-agent']).toMatch(/^Tern\//);
    expect((await echo({ headers: { 'User-Agent': 'crm-sync/2' } })).headers['user-agent']).toBe('crm-sync/2');
  });

  it('refuses a URL that does not parse', async () => {
    await expect(client.request({ method: 'GET', url: 'not a url' })).rejects.toThrow('"not a url" is not a valid URL');
  });

  it('refuses schemes other than http and https', async () => {
    for (const url of ['ftp://files.example.com/list.csv', 'file:///etc/passwd', 'data:text/plain,hi']) {
      const error = await client.request({ method: 'GET', url }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutgoingRequestError);
      expect((error as OutgoingRequestError).message).toMatch(/^refused: only http: and https: URLs/);
    }
  });
});
