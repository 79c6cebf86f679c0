// What the end-to-end suite needs: Debian's Chromium driven by playwright-core (never a
// downloaded browser), a real `tern start` server on a free port with the built editor, and the
// owner account set up. Without Chromium the suite skips, saying how to enable it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ServerProcess } from '../../runtime/test/server-process.js';

export const CHROMIUM = process.env.TERN_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const chromiumMissing = `end-to-end tests skipped: no Chromium at ${CHROMIUM}. Install Debian's (apt-get install -y chromium) or set TERN_CHROMIUM to a Chromium binary.`;

const editorDir = fileURLToPath(new URL('..', import.meta.url));
export const screenshotDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** Builds the editor if `npm test`'s build step has not (e.g. when one file is run alone). */
export function ensureEditorBuilt(): void {
  if (existsSync(path.join(editorDir, 'dist', 'index.html'))) return;
  execFileSync(process.execPath, [path.join(editorDir, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: editorDir,
    stdio: 'ignore',
  });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: Chromium's own background connections would fail by the dozen.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export const OWNER = { email: 'owner@example.com', password: 'correct-horse-battery' };

/** A running server with the built editor; `withOwner` creates the owner account through the API. */
export async function startServer(options: { withOwner?: boolean } = {}): Promise<{ server: ServerProcess; apiKey: string | null }> {
  ensureEditorBuilt();
  const server = await ServerProcess.create();
  await server.start();
  if (!options.withOwner) return { server, apiKey: null };
  const res = await server.api('POST', '/api/setup', OWNER);
  if (res.status !== 201) throw new Error(`setup failed: ${JSON.stringify(res.body)}`);
  return { server, apiKey: res.body.apiKey as string };
}

/** Signs in through the editor's own login screen. */
export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-email').fill(OWNER.email);
  await page.getByTestId('login-password').fill(OWNER.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('signed-in-as').waitFor();
}

/** Writes docs/screenshots/<name>.png, with the toasts dismissed so they cover nothing. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click().catch(() => {});
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** Errors the page logged or threw: a test fails on them, since a user would see a broken screen. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) errors.push(msg.text());
  });
  return errors;
}
