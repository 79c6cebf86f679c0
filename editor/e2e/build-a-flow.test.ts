// A marketer's first session, end to end in Chromium against `tern start`: set up the owner,
// build webhook → condition → two set nodes by dragging from the palette, connect true and
// false, fill the condition in the rules builder, save, activate, call the webhook, and read each
// node's output in the editor. Screenshots of the main screens go to docs/screenshots/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../runtime/test/server-process.js';
import { eventually } from '../../runtime/test/server-process.js';
import { chromiumMissing, collectPageErrors, hasChromium, launchBrowser, OWNER, screenshot, startServer } from './browser.js';
import { connect, dragFromPalette } from './canvas-actions.js';

if (!hasChromium) console.warn(chromiumMissing);

describe.skipIf(!hasChromium)('building a flow in the editor', () => {
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ server } = await startServer());
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('sets up the owner on first run and lands on an empty workflow list', async () => {
    await page.goto(server.url);
    await page.getByTestId('setup-email').fill(OWNER.email);
    await page.getByTestId('setup-password').fill(OWNER.password);
    await page.getByTestId('setup-password-confirm').fill(OWNER.password);
    await screenshot(page, '01-first-run');
    await page.getByTestId('setup-submit').click();
    await expect.poll(() => page.getByTestId('setup-api-key').textContent()).toMatch(/\S{20,}/);
    await page.getByTestId('setup-continue').click();
    await page.getByTestId('new-workflow').first().waitFor();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe(OWNER.email);
    await screenshot(page, '02-workflows-empty');
  });

  it('builds webhook → condition → two set nodes by dragging and connecting', async () => {
    await page.getByTestId('new-workflow').first().click();
    await page.getByTestId('palette').waitFor();
    await page.getByTestId('workflow-name').fill('Lead router');

    await dragFromPalette(page, 'trigger.webhook', { x: 420, y: 380 });
    await dragFromPalette(page, 'logic.condition', { x: 680, y: 380 });
    await dragFromPalette(page, 'data.set', { x: 960, y: 260 });
    await dragFromPalette(page, 'data.set', { x: 960, y: 500 });
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);

    await connect(page, { node: 'webhook', port: 'out' }, 'condition');
    await connect(page, { node: 'condition', port: 'true' }, 'set');
    await connect(page, { node: 'condition', port: 'false' }, 'set_2');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
  });

  it('refuses an impossible connection while dragging', async () => {
    // The same port into the same node a second time.
    await connect(page, { node: 'webhook', port: 'out' }, 'condition');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
  });

  it('configures the webhook, the condition in the rules builder, and the set nodes', async () => {
    await page.getByTestId('node-webhook').click();
    const path = page.getByTestId('field-path').locator('input');
    await path.fill('new-lead');

    await page.getByTestId('node-condition').click();
    await page.getByTestId('rules-add-rule').click();
    await page.getByTestId('rule-0-field').fill('trigger.body.score');
    await page.getByTestId('rule-0-op').selectOption('gt');
    await page.getByTestId('rule-0-value').fill('50');
    await screenshot(page, '03-rules-builder');

    for (const [node, segment] of [['set', 'hot'], ['set_2', 'cold']] as const) {
      await page.getByTestId(`node-${node}`).click();
      const values = page.getByTestId('field-values');
      await values.getByRole('button', { name: /add/i }).click();
      await values.getByLabel(/name|key|field/i).last().fill('segment');
      await values.getByLabel(/value/i).last().fill(segment);
    }
  });

  it('saves, activates, and shows each node of a webhook call with its output', async () => {
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toMatch(/saved/i);
    expect(page.url()).toMatch(/\/workflows\/[^/]+$/);
    const workflowId = page.url().split('/').pop()!;

    await page.getByTestId('activate').click();
    await expect.poll(() => page.getByTestId('activate').getAttribute('aria-checked')).toBe('true');
    await screenshot(page, '04-canvas');

    const res = await fetch(`${server.url}/webhook/new-lead`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', score: 72 }),
    });
    expect(res.status).toBe(202);
    const { executionId } = (await res.json()) as { executionId: string };

    await page.getByTestId('panel-tab-executions').click();
    const row = page.getByTestId(`execution-row-${executionId}`);
    await eventually(async () => ((await row.count()) > 0 ? true : (await page.getByRole('button', { name: /refresh/i }).first().click(), undefined)), 15_000, 'the execution in the list');
    await row.click();
    await page.waitForURL(new RegExp(`/workflows/${workflowId}/executions/${executionId}$`));

    await expect.poll(() => page.getByTestId('node-condition').getAttribute('data-status')).toBe('success');
    await expect.poll(() => page.getByTestId('node-set').getAttribute('data-status')).toBe('success');
    expect(await page.getByTestId('node-set_2').getAttribute('data-status')).not.toBe('success');

    await page.getByTestId('node-set').click();
    await page.getByTestId('panel-tab-inspector').click();
    const output = page.getByTestId('node-run-output');
    await expect.poll(() => output.textContent()).toContain('hot');
    await output.scrollIntoViewIfNeeded();
    await screenshot(page, '05-execution');

    // A refresh of the deep link shows the same execution.
    await page.reload();
    await expect.poll(() => page.getByTestId('node-set').getAttribute('data-status')).toBe('success');
    expect(errors).toEqual([]);
  });
});
