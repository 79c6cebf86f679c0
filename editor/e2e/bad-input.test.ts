// Bad input in the editor, in Chromium against `tern start`: an invalid workflow cannot be
// activated and the editor says why in words; a save the server cannot take keeps the work on
// the canvas and says so.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../runtime/test/server-process.js';
import { chromiumMissing, collectPageErrors, hasChromium, launchBrowser, signIn, startServer } from './browser.js';
import { dragFromPalette } from './canvas-actions.js';

if (!hasChromium) console.warn(chromiumMissing);

const flow = {
  name: 'Signup',
  nodes: [
    { id: 'hook', type: 'trigger.webhook', version: 1, position: { x: 0, y: 0 }, params: { path: 'signup', method: 'POST', respond: 'immediately' } },
    { id: 'wait', type: 'flow.delay', version: 1, position: { x: 300, y: 0 }, params: { mode: 'duration', amount: 2, unit: 'days' } },
  ],
  edges: [{ id: 'e1', source: 'hook', sourcePort: 'out', target: 'wait', targetPort: 'in' }],
};

describe.skipIf(!hasChromium)('bad input in the editor', () => {
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let workflowId: string;
  const toastText = () => page.locator('[data-testid^="toast-error"]').last().textContent();

  beforeAll(async () => {
    const started = await startServer({ withOwner: true });
    server = started.server;
    workflowId = (await server.api('POST', '/api/workflows', flow, started.apiKey!)).body.id;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = collectPageErrors(page);
    await signIn(page, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows a problem under its field and on the node while editing', async () => {
    await page.goto(`${server.url}/workflows/${workflowId}`);
    await page.getByTestId('node-wait').click();
    await page.getByTestId('field-amount').locator('input').fill('-3');
    await expect.poll(() => page.getByTestId('field-amount').textContent()).toMatch(/greater than 0/);
    await page.getByTestId('node-problems-wait').waitFor();
    await page.getByTestId('panel-tab-problems').click();
    await expect.poll(() => page.getByTestId('problems-panel').textContent()).toMatch(/wait.*greater than 0/s);
  });

  it('refuses to activate it, saying why in words, and leaves it inactive', async () => {
    await page.getByTestId('activate').click();
    await expect.poll(toastText).toMatch(/Fix 1 problem.*greater than 0/);
    expect(await page.getByTestId('activate').getAttribute('aria-checked')).toBe('false');
    const state = await page.evaluate(async (id) => (await fetch(`/api/workflows/${id}`)).json(), workflowId);
    expect(state).toMatchObject({ active: false, version: 1 });
  });

  it('keeps the work on the canvas and says so when the server cannot save it', async () => {
    await page.getByTestId('node-wait').click();
    await page.getByTestId('field-amount').locator('input').fill('5');
    await dragFromPalette(page, 'data.set', { x: 900, y: 600 });
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);

    await server.stop();
    await page.getByTestId('save').click();
    await expect.poll(toastText).toMatch(/Not saved: .*Your changes are still here/);
    expect(await page.locator('.react-flow__node').count()).toBe(3);
    await expect.poll(() => page.getByTestId('save-state').textContent()).toMatch(/fail|unsaved/i);

    // Back up: the same work saves as version 2.
    await server.start();
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toMatch(/^saved/i);
    const state = await page.evaluate(async (id) => (await fetch(`/api/workflows/${id}`)).json(), workflowId);
    expect(state.version).toBe(2);
    expect(state.nodes).toHaveLength(3);
    expect(errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to fetch/.test(e))).toEqual([]);
  });
});
