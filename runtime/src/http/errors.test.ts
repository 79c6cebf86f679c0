import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, OWNER, type TestApp } from '../../test/http-app.js';

let t: TestApp;
afterEach(() => t?.dispose());

function memoryLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('errors', () => {
  it('answer unknown routes with the JSON error shape', async () => {
    t = await createTestApp();
    const res = await t.anonymous('get', '/no/such/page').expect(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('/no/such/page'), details: [] } });
  });

  it('answer an unexpected failure with a generic 500 that leaks nothing, and log it', async () => {
    const { log, lines } = memoryLog();
    t = await createTestApp({ log });
    t.runtime.store.workflows.list = async () => {
      throw new Error('connect ECONNREFUSED postgres://admin:hunter2@db');
    };
    const res = await t.api('get', '/api/workflows').expect(500);
    expect(res.body.error).toEqual({ code: 'internal_error', message: expect.any(String), details: [] });
    expect(res.text).not.toMatch(/hunter2|ECONNREFUSED|at .*\.ts/);
    expect(lines.some((l) => l.includes('ECONNREFUSED'))).toBe(true);
  });

  it('log each request with method, path, status and duration, never bodies or credentials', async () => {
    const { log, lines } = memoryLog();
    t = await createTestApp({ log });
    await t.anonymous('post', '/api/login').send(OWNER).expect(200);
    await t.api('get', '/api/workflows?token=query-secret').expect(200);

    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    expect(requests).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/workflows', status: 200, ms: expect.any(Number) }));
    const all = lines.join('\n');
    for (const secret of [OWNER.password, t.apiKey, 'query-secret', 'tern_session']) expect(all).not.toContain(secret);
  });
});
