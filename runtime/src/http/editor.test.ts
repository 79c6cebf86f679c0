// Serving the built editor: hashed assets cached for good, index.html for every page a browser
// navigates to, security headers on the HTML, and the server's own paths left alone.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createTestApp, type TestApp, webhookWorkflow } from '../../test/http-app.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/x.js"></script></head><body>Tern editor</body></html>';
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'; // what a browser sends

const expectHtmlHeaders = (res: { headers: Record<string, string> }) => {
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.headers['cache-control']).toBe('no-cache');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('same-origin');
  const csp = res.headers['content-security-policy']!;
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self';");
  expect(csp).toContain("style-src 'self' 'unsafe-inline'");
  expect(csp).toContain("img-src 'self' data: blob:");
  expect(csp).toContain("worker-src 'self' blob:");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toMatch(/unsafe-eval|\*/);
};

describe('with a built editor', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tern-editor-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), INDEX);
    writeFileSync(path.join(dir, 'assets', 'x.js'), 'console.log("editor");\n');
    writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await createTestApp({ config: { editorDir: dir } });
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with the security headers, whatever the client accepts', async () => {
    for (const accept of [HTML, '*/*', 'application/json']) {
      const res = await t.anonymous('get', '/').set('Accept', accept).expect(200);
      expect(res.text).toBe(INDEX);
      expectHtmlHeaders(res);
    }
    await t.anonymous('head' as 'get', '/').expect(200);
  });

  it('serves index.html for a deep link a browser loads, so a reload keeps the page', async () => {
    for (const page of ['/workflows/abc', '/executions/x/y', '/settings']) {
      const res = await t.anonymous('get', page).set('Accept', HTML).expect(200);
      expect(res.text).toBe(INDEX);
      expectHtmlHeaders(res);
    }
  });

  it('answers a deep link that does not ask for HTML with the JSON 404', async () => {
    const res = await t.anonymous('get', '/workflows/abc').set('Accept', 'application/json').expect(404);
    expect(res.body.error.code).toBe('not_found');
    await t.anonymous('post', '/workflows/abc').set('Accept', HTML).expect(404);
  });

  it('serves hashed assets cached for a year, and other files of the build revalidated', async () => {
    const js = await t.anonymous('get', '/assets/x.js').expect(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect(js.text).toContain('editor');

    const icon = await t.anonymous('get', '/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');

    const missing = await t.anonymous('get', '/assets/gone.js').set('Accept', HTML).expect(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('leaves /api, /webhook, /t, /metrics and /v1 to the server: unknown paths answer the JSON 404', async () => {
    const api = await t.api('get', '/api/nope').set('Accept', HTML).expect(404);
    expect(api.headers['content-type']).toMatch(/json/);
    expect(api.body.error.code).toBe('not_found');
    await t.anonymous('get', '/api/nope').set('Accept', HTML).expect(401);
    await t.api('get', '/API/NOPE').set('Accept', HTML).expect(404).expect('content-type', /json/);
    for (const p of ['/t/open/abc', '/v1/track', '/webhook/unknown']) {
      const res = await t.anonymous('get', p).set('Accept', HTML).expect(404);
      expect(res.headers['content-type']).toMatch(/json/);
    }
    await t.anonymous('get', '/metrics').set('Accept', HTML).expect(200).expect('content-type', /^text\/plain/);
    // A live webhook answers as before.
    await t.api('post', '/api/workflows').send(webhookWorkflow('editor-test')).expect(201)
      .then((res) => t.api('post', `/api/workflows/${res.body.id}/activate`).expect(200));
    const hook = await t.anonymous('post', '/webhook/editor-test').set('Accept', HTML).send({ name: 'Ada' }).expect(201);
    expect(hook.body).toEqual({ hello: 'Ada' });
  });
});

describe('without a built editor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ setup: false, config: { editorDir: path.join(os.tmpdir(), 'tern-no-such-editor') } });
  });
  afterAll(() => t.dispose());

  it('serves the plain first-run page at /, saying the editor is not built and how to build it', async () => {
    const res = await t.anonymous('get', '/').set('Accept', HTML).expect(200);
    expectHtmlHeaders(res);
    expect(res.text).toContain('not built');
    expect(res.text).toContain('npm run build');
    expect(res.text).toContain('/api/setup');
  });

  it('answers other pages with the JSON 404', async () => {
    const res = await t.anonymous('get', '/workflows/abc').set('Accept', HTML).expect(404);
    expect(res.body.error.code).toBe('not_found');
    await t.anonymous('get', '/assets/x.js').expect(404);
  });
});

describe('TERN_EDITOR_DIR', () => {
  it('defaults to the repository\'s editor/dist and can be set', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    expect(loadConfig({}).editorDir).toBe(path.join(root, 'editor', 'dist'));
    expect(loadConfig({ TERN_EDITOR_DIR: 'build/editor' }).editorDir).toBe(path.resolve('build/editor'));
  });
});
