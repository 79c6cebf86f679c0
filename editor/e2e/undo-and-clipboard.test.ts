// Editing by keyboard in Chromium against `tern start`: delete, undo and redo; copy and paste
// within a workflow and into another one through the system clipboard.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../runtime/test/server-process.js';
import { chromiumMissing, collectPageErrors, hasChromium, launchBrowser, screenshot, signIn, startServer } from './browser.js';

if (!hasChromium) console.warn(chromiumMissing);

const flow = (name: string, path: string) => ({
  name,
  nodes: [
    { id: 'hook', type: 'trigger.webhook', version: 1, position: { x: 0, y: 0 }, params: { path, method: 'POST', respond: 'immediately' } },
    { id: 'tag', type: 'data.set', version: 1, position: { x: 300, y: 0 }, params: { values: { segment: 'hot' } } },
  ],
  edges: [{ id: 'e1', source: 'hook', sourcePort: 'out', target: 'tag', targetPort: 'in' }],
});

describe.skipIf(!hasChromium)('undo, redo, copy and paste', () => {
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const ids: string[] = [];
  const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
  const nodes = () => page.locator('.react-flow__node').count();

  beforeAll(async () => {
    const started = await startServer({ withOwner: true });
    server = started.server;
    for (const [name, path] of [['First', 'first'], ['Second', 'second']]) {
      const res = await server.api('POST', '/api/workflows', flow(name!, path!), started.apiKey!);
      ids.push(res.body.id);
    }
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    errors = collectPageErrors(page);
    await signIn(page, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('deletes a node with its edge, and undoes and redoes it from the keyboard', async () => {
    await page.goto(`${server.url}/workflows/${ids[0]}`);
    await page.getByTestId('node-tag').click();
    await page.keyboard.press('Delete');
    await expect.poll(nodes).toBe(1);
    expect(await page.locator('.react-flow__edge').count()).toBe(0);

    await page.keyboard.press(`${mod}+z`);
    await expect.poll(nodes).toBe(2);
    expect(await page.locator('.react-flow__edge').count()).toBe(1);

    await page.keyboard.press(`${mod}+Shift+z`);
    await expect.poll(nodes).toBe(1);
    await page.getByTestId('undo').click();
    await expect.poll(nodes).toBe(2);
    await expect.poll(() => page.getByTestId('save-state').textContent()).not.toMatch(/unsaved/i);
  });

  it('copies and pastes nodes as new ones, connected like the originals', async () => {
    await page.getByTestId('node-hook').click();
    await page.getByTestId('node-tag').click({ modifiers: ['Shift'] });
    await page.keyboard.press(`${mod}+c`);
    await page.keyboard.press(`${mod}+v`);
    await expect.poll(nodes).toBe(4);
    await page.getByTestId('node-tag_2').waitFor();
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(clipboard).nodes.map((n: { id: string }) => n.id)).toEqual(['hook', 'tag']);
    await screenshot(page, '06-copy-paste');

    await page.keyboard.press(`${mod}+z`);
    await expect.poll(nodes).toBe(2);
  });

  it('pastes into another workflow, with ids that do not collide', async () => {
    await page.getByTestId('node-tag').click();
    await page.keyboard.press(`${mod}+c`);
    // Leaving asks first only with unsaved changes; the undo above left none.
    await page.goto(`${server.url}/workflows/${ids[1]}`);
    await page.getByTestId('node-hook').waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 600, y: 500 } });
    await page.keyboard.press(`${mod}+v`);
    await page.getByTestId('node-tag_2').waitFor();
    await expect.poll(nodes).toBe(3);
    expect(errors).toEqual([]);
  });
});
