// The marketer's screens in Chromium against `tern start`: contacts with their timeline, a CSV
// import with a broken row, a segment built from an event rule with its live count, a journey made
// from a template (its credential picked on the way), the stats overlay after runs, and a test
// with a contact that renders the email without sending it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../runtime/test/server-process.js';
import { chromiumMissing, collectPageErrors, hasChromium, launchBrowser, screenshot, signIn, startServer } from './browser.js';

if (!hasChromium) console.warn(chromiumMissing);

describe.skipIf(!hasChromium)('the marketing screens', () => {
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let apiKey: string;
  let smtpId: string;

  beforeAll(async () => {
    const started = await startServer({ withOwner: true });
    server = started.server;
    apiKey = started.apiKey!;
    // Three contacts, one of whom bought: recorded as a shop would send them.
    const events = await server.api('POST', '/api/events', {
      batch: [
        { type: 'signed.up', contact: { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', tags: ['vip'] } },
        { type: 'order.completed', contact: { email: 'ada@example.com' }, data: { total: 120 } },
        { type: 'signed.up', contact: { email: 'bo@example.com', first_name: 'Bo' } },
        { type: 'signed.up', contact: { email: 'cy@example.com', first_name: 'Cy' } },
      ],
    }, apiKey);
    expect(events.status).toBe(202);
    // The SMTP server is never reached: only tests with a contact send here, and they send nothing.
    const credential = await server.api('POST', '/api/credentials', {
      type: 'smtp', name: 'Mailer', data: { host: '127.0.0.1', port: 2525, secure: false, user: 'u', password: 'p' },
    }, apiKey);
    smtpId = credential.body.id;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = collectPageErrors(page);
    await signIn(page, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('lists contacts, finds one and shows their timeline', async () => {
    await page.goto(`${server.url}/contacts`);
    await expect.poll(() => page.getByTestId('contacts-total').textContent()).toBe('3');
    await page.getByTestId('contact-search').fill('ada');
    const row = page.locator('[data-testid^="contact-row-"]');
    await expect.poll(() => row.count()).toBe(1);
    await row.first().click();
    await expect.poll(() => page.getByTestId('contact-name').textContent()).toBe('Ada Lovelace');
    const timeline = page.getByTestId('timeline');
    await expect.poll(() => timeline.textContent()).toContain('order.completed');
    expect(await page.getByTestId('contact-tags').textContent()).toContain('vip');
    await screenshot(page, '07-contact');
    expect(errors).toEqual([]);
  });

  it('imports a CSV: the preview names the broken row, and the good rows are imported when asked', async () => {
    await page.goto(`${server.url}/contacts`);
    await page.getByTestId('import-contacts-file').setInputFiles({
      name: 'leads.csv', mimeType: 'text/csv',
      buffer: Buffer.from('email,first name,plan\ndee@example.com,Dee,pro\nnot-an-email,Eve,free\nfay@example.com,Fay,free\n'),
    });
    await expect.poll(() => page.getByTestId('import-errors').textContent()).toMatch(/email/i);
    expect(await page.getByTestId('import-preview').textContent()).toContain('dee@example.com');
    await page.getByTestId('import-skip-invalid').check();
    await page.getByTestId('import-run').click();
    await expect.poll(() => page.getByTestId('import-result').textContent()).toMatch(/2/);
    const listed = await server.api('GET', '/api/contacts?q=example.com', undefined, apiKey);
    expect(listed.body.total).toBe(5);
    expect(errors).toEqual([]);
  });

  it('builds a segment from an event rule, with the live count, and saves it', async () => {
    await page.goto(`${server.url}/segments/new`);
    await page.getByTestId('segment-name').fill('Buyers');
    await page.getByTestId('add-event-rule').click();
    await page.getByTestId('event-rule-0-event').fill('order.completed');
    await expect.poll(() => page.getByTestId('segment-preview-count').textContent(), { timeout: 10_000 }).toMatch(/^1\b/);
    expect(await page.getByTestId('segment-preview-sample').textContent()).toContain('ada@example.com');
    await screenshot(page, '08-segment');
    await page.getByTestId('segment-save').click();
    await page.waitForURL(`${server.url}/segments`);
    const saved = await server.api('GET', '/api/segments', undefined, apiKey);
    expect(saved.body.items).toEqual([expect.objectContaining({ name: 'Buyers', count: 1 })]);
    expect(errors).toEqual([]);
  });

  it('makes a journey from a template, asking for its email credential, then tests it with a contact and shows its stats', async () => {
    await page.goto(`${server.url}/workflows`);
    await page.getByTestId('new-from-template').click();
    await page.getByTestId('template-abandoned-cart').click();
    await page.locator('#template-credential-smtp').selectOption(smtpId);
    await page.getByTestId('template-create').click();
    await page.waitForURL(/\/workflows\/[^/]+$/);
    const workflowId = page.url().split('/').pop()!;
    const created = await server.api('GET', `/api/workflows/${workflowId}`, undefined, apiKey);
    expect(created.body.name).toMatch(/cart/i);

    // Test with a contact: Ada, with a cart; nothing is sent.
    await page.getByTestId('test-contact').click();
    await page.getByTestId('test-contact-search').fill('ada');
    await page.locator('[data-testid^="choose-contact-"]').first().click();
    await page.getByTestId('test-contact-trigger').fill(JSON.stringify({ event: { data: { items: [{ name: 'Blue mug', price: 12 }] } } }));
    await page.getByTestId('test-contact-run').click();
    const result = page.getByTestId('test-contact-result');
    // No order within 4 hours (the wait is skipped): the reminder, rendered for Ada with her cart.
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain('Ada, your cart is waiting');
    const html = await result.getByTestId('rendered-html').first().getAttribute('srcdoc');
    expect(html).toContain('Blue mug');
    await screenshot(page, '09-test-with-a-contact');
    await page.getByRole('button', { name: 'Close', exact: true }).click();

    // Stats: active, the journey starts for Bo's cart and waits for an order; the overlay says so.
    expect((await server.api('POST', `/api/workflows/${workflowId}/activate`, undefined, apiKey)).status).toBe(200);
    await server.api('POST', '/api/events', { type: 'cart.updated', contact: { email: 'bo@example.com' }, data: { items: [] } }, apiKey);
    await expect.poll(async () => (await server.api('GET', `/api/workflows/${workflowId}/stats`, undefined, apiKey)).body.workflow.waiting).toBe(1);
    await page.reload();
    await page.getByTestId('toggle-stats').click();
    const summary = page.getByTestId('stats-summary');
    await expect.poll(() => summary.textContent()).toMatch(/Started\s*1/);
    expect(await summary.textContent()).toMatch(/In progress\s*1/);
    expect(await summary.textContent()).toMatch(/Errored\s*0/);
    await screenshot(page, '10-journey-stats');
    expect(errors).toEqual([]);
  });
});
