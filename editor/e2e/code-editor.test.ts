// The code node's editor in Chromium against `tern start`: Monaco, bundled locally, loads in the
// inspector, offers the code's context, and what is typed there runs on the server.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../runtime/test/server-process.js';
import { chromiumMissing, collectPageErrors, hasChromium, launchBrowser, signIn, startServer } from './browser.js';

if (!hasChromium) console.warn(chromiumMissing);

const flow = {
  name: 'Score',
  nodes: [
    { id: 'start', type: 'trigger.manual', version: 1, position: { x: 0, y: 0 }, params: {} },
    { id: 'calc', type: 'data.code', version: 1, position: { x: 300, y: 0 }, params: { code: 'return 1;' } },
  ],
  edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'calc', targetPort: 'in' }],
};

describe.skipIf(!hasChromium)('the code node in the editor', () => {
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let apiKey: string;
  let workflowId: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const started = await startServer({ withOwner: true });
    server = started.server;
    apiKey = started.apiKey!;
    workflowId = (await server.api('POST', '/api/workflows', flow, apiKey)).body.id;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = collectPageErrors(page);
    page.on('request', (r) => requests.push(r.url()));
    await signIn(page, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('edits the code in Monaco, loaded from this server only, and the server runs what was typed', async () => {
    await page.goto(`${server.url}/workflows/${workflowId}`);
    await page.getByTestId('node-calc').click();
    const editor = page.getByTestId('field-code').locator('.monaco-editor');
    await editor.waitFor({ timeout: 20_000 });
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('const doubled = trigger.n * 2; return { doubled };');
    await page.keyboard.press('Escape');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toMatch(/^saved/i);

    const run = await server.api('POST', `/api/workflows/${workflowId}/run?wait=true`, { n: 21 }, apiKey);
    expect(run.body.steps.find((s: { nodeId: string }) => s.nodeId === 'calc').output).toEqual({ doubled: 42 });
    expect(requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('switches to TypeScript: Monaco checks the types as they are typed, and the server runs the code with them stripped', async () => {
    await page.goto(`${server.url}/workflows/${workflowId}`);
    await page.getByTestId('node-calc').click();
    await page.getByTestId('field-language').locator('select').selectOption({ label: 'TypeScript' });
    const box = page.getByTestId('field-code').locator('.monaco-box[data-language="typescript"]');
    const editor = box.locator('.monaco-editor');
    await editor.waitFor({ timeout: 20_000 });

    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type("const label: number = 'not a number'; return { label };");
    await page.keyboard.press('Escape');
    // A type error is marked; `return` at the top of the body is not (the code is a function body).
    await expect.poll(() => box.locator('.squiggly-error').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('const tripled: number = trigger.n * 3; return { tripled };');
    await page.keyboard.press('Escape');
    await expect.poll(() => box.locator('.squiggly-error').count(), { timeout: 20_000 }).toBe(0);
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toMatch(/^saved/i);

    const run = await server.api('POST', `/api/workflows/${workflowId}/run?wait=true`, { n: 5 }, apiKey);
    expect(run.body.steps.find((s: { nodeId: string }) => s.nodeId === 'calc').output).toEqual({ tripled: 15 });
    expect(errors).toEqual([]);
  });
});
