// Retries, Retry-After, the response size cap and the timeout, against real local servers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, type HttpClientOptions } from './http-client.js';
import { parseRetryAfter } from './http-retry.js';
import { sendJson, startServer, type TestServer } from './test-server.js';

let server: TestServer;
/** Per path: the statuses to answer in turn (the last one repeats). */
const script = new Map<string, Array<{ status: number; headers?: Record<string, string> }>>();
const clients: HttpClient[] = [];
let waits: number[] = [];

function client(options: HttpClientOptions = {}): HttpClient {
  const c = createHttpClient({ allow: ['127.0.0.1'], sleep: async (ms) => void waits.push(ms), random: () => 1, retryBaseDelayMs: 100, ...options });
  clients.push(c);
  return c;
}

const hits = (path: string) => server.received.filter((r) => r.url === path).length;

beforeAll(async () => {
  server = await startServer((req, res, raw) => {
    if (req.url === '/flaky-socket' && hits(req.url) === 1) return raw.socket.destroy();
    if (req.url === '/big') return sendJson(res, 200, { data: 'x'.repeat(2048) });
    if (req.url === '/big-stream') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 16; i++) res.write('y'.repeat(256));
      return res.end();
    }
    if (req.url === '/silent') return; // never answers
    if (req.url === '/drip') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 50);
      return res.on('close', () => clearInterval(timer));
    }
    const steps = script.get(req.url) ?? [{ status: 200 }];
    const step = steps[Math.min(hits(req.url) - 1, steps.length - 1)]!;
    sendJson(res, step.status, { attempt: hits(req.url) }, step.headers);
  });
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  server.received.length = 0;
  script.clear();
  waits = [];
});

afterAll(() => server.close());

describe('retries', () => {
  it('retries a 503 until it succeeds, waiting longer each time', async () => {
    script.set('/flaky', [{ status: 503 }, { status: 503 }, { status: 200 }]);
    const response = await client().request({ method: 'GET', url: `${server.origin}/flaky`, retries: 3 });
    expect(response).toMatchObject({ status: 200, body: { attempt: 3 } });
    expect(hits('/flaky')).toBe(3);
    expect(waits).toEqual([100, 200]);
  });

  it('adds jitter: each wait lies between half and all of the backoff', async () => {
    script.set('/jitter', [{ status: 502 }]);
    await client({ random: () => 0 }).request({ method: 'GET', url: `${server.origin}/jitter`, retries: 2 });
    expect(waits).toEqual([50, 100]);
  });

  it('returns the last error response once the retries are used up', async () => {
    script.set('/down', [{ status: 503 }]);
    const response = await client().request({ method: 'GET', url: `${server.origin}/down`, retries: 2 });
    expect(response.status).toBe(503);
    expect(hits('/down')).toBe(3);
  });

  it('does not retry unless asked to', async () => {
    script.set('/once', [{ status: 500 }]);
    expect((await client().request({ method: 'GET', url: `${server.origin}/once` })).status).toBe(500);
    expect(hits('/once')).toBe(1);
  });

  it('does not retry client errors', async () => {
    script.set('/invalid', [{ status: 400 }, { status: 200 }]);
    expect((await client().request({ method: 'POST', url: `${server.origin}/invalid`, retries: 3 })).status).toBe(400);
    expect(hits('/invalid')).toBe(1);
  });

  it('retries after a dropped connection', async () => {
    const response = await client().request({ method: 'GET', url: `${server.origin}/flaky-socket`, retries: 1 });
    expect(response.status).toBe(200);
    expect(hits('/flaky-socket')).toBe(2);
  });

  it('says how many attempts it made when the network keeps failing', async () => {
    const closed = createHttpClient({ allow: ['127.0.0.1'], sleep: async () => {} });
    clients.push(closed);
    await expect(closed.request({ method: 'GET', url: 'http://127.0.0.1:1/', retries: 2 })).rejects.toThrow(
      /^request to 127\.0\.0\.1:1 failed: connect ECONNREFUSED .*\(gave up after 3 attempts\)$/,
    );
  });
});

describe('Retry-After', () => {
  it('waits as long as a 429 asks', async () => {
    script.set('/limited', [{ status: 429, headers: { 'Retry-After': '7' } }, { status: 200 }]);
    const response = await client().request({ method: 'GET', url: `${server.origin}/limited`, retries: 1 });
    expect(response.status).toBe(200);
    expect(waits).toEqual([7000]);
  });

  it('waits no longer than the cap', async () => {
    script.set('/greedy', [{ status: 503, headers: { 'Retry-After': '3600' } }, { status: 200 }]);
    await client({ maxRetryDelayMs: 20_000 }).request({ method: 'GET', url: `${server.origin}/greedy`, retries: 1 });
    expect(waits).toEqual([20_000]);
  });

  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2025-03-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('size cap', () => {
  it('refuses a response larger than the request asks for, naming the cap', async () => {
    await expect(client().request({ method: 'GET', url: `${server.origin}/big`, maxResponseBytes: 1024 })).rejects.toThrow(
      'response from 127.0.0.1:' + server.port + ' is larger than the limit of 1 KiB',
    );
  });

  it('refuses a streamed response without content-length once it passes the client cap', async () => {
    await expect(client({ maxResponseBytes: 1000 }).request({ method: 'GET', url: `${server.origin}/big-stream` })).rejects.toThrow(
      'is larger than the limit of 1000 bytes',
    );
  });

  it('does not let a request raise the client cap', async () => {
    const capped = client({ maxResponseBytes: 1024 });
    await expect(capped.request({ method: 'GET', url: `${server.origin}/big`, maxResponseBytes: 1_000_000 })).rejects.toThrow(
      'larger than the limit of 1 KiB',
    );
  });

  it('refuses to send a body larger than the cap', async () => {
    await expect(client({ maxResponseBytes: 1024 }).request({ method: 'POST', url: `${server.origin}/upload`, body: 'z'.repeat(2000) })).rejects.toThrow(
      'request body is larger than the limit of 1 KiB',
    );
    expect(hits('/upload')).toBe(0);
  });
});

describe('timeout', () => {
  it('gives up on a server that does not answer', async () => {
    const started = Date.now();
    await expect(client().request({ method: 'GET', url: `${server.origin}/silent`, timeoutMs: 200 })).rejects.toThrow(
      `request to 127.0.0.1:${server.port} timed out after 200 ms`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('bounds the whole exchange, not only silences between bytes', async () => {
    const started = Date.now();
    await expect(client().request({ method: 'GET', url: `${server.origin}/drip`, timeoutMs: 300 })).rejects.toThrow('timed out after 300 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('uses the client default when the request names none', async () => {
    await expect(client({ defaultTimeoutMs: 150 }).request({ method: 'GET', url: `${server.origin}/silent` })).rejects.toThrow('timed out after 150 ms');
  });

  it('retries a timeout when asked to', async () => {
    await expect(client().request({ method: 'GET', url: `${server.origin}/silent`, timeoutMs: 100, retries: 1 })).rejects.toThrow(
      'timed out after 100 ms (gave up after 2 attempts)',
    );
    expect(hits('/silent')).toBe(2);
  });
});
