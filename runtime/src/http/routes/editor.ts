// The built editor (a single-page app, TERN_EDITOR_DIR, by default editor/dist): hashed assets
// cached for good, index.html revalidated on every load, and index.html for every page a browser
// navigates to (deep links such as /workflows/abc survive a reload). Paths of the API, webhooks,
// tracking, metrics and ingestion are never taken over: unknown ones still answer the JSON 404.
// Without a built editor, `/` shows the plain first-run page of home.ts.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import express, { type RequestHandler, type Response, Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { sendHomePage } from './home.js';

/** What the editor may load: only its own scripts, styles (Monaco injects inline styles), fonts,
 *  images and workers, and calls to its own origin. */
export const EDITOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HTML_HEADERS = {
  'Content-Security-Policy': EDITOR_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-cache',
};

/** Paths that belong to the server, not to the editor's pages. */
const SERVER_PATHS = /^\/(?:api|webhook|t|v1|assets)(?:\/|$)|^\/metrics(?:\/|$)/i;

const isFile = (file: string) => stat(file).then((s) => s.isFile(), () => false);

/** A browser navigating: it prefers HTML to JSON (curl, which accepts anything, and API clients do not). */
const wantsHtml = (req: express.Request) => req.accepts(['json', 'html']) === 'html';

export function editorRoutes(runtime: Runtime): Router {
  const router = Router();
  const dir = runtime.config.editorDir;
  const index = path.join(dir, 'index.html');

  router.use('/assets', express.static(path.join(dir, 'assets'), {
    index: false, redirect: false, immutable: true, maxAge: '365d',
    setHeaders: (res: Response) => res.set('X-Content-Type-Options', 'nosniff'),
  }));
  // Other files of the build (favicon, robots.txt): not hashed, so revalidated.
  const rootFiles = express.static(dir, {
    index: false, redirect: false, cacheControl: false,
    setHeaders: (res: Response, file: string) => res.set(file.endsWith('.html') ? HTML_HEADERS : {
      'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache',
    }),
  });
  router.use((req, res, next) => (SERVER_PATHS.test(req.path) ? next() : rootFiles(req, res, next)));

  const page: RequestHandler = async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const root = req.path === '/';
    if (!root && (SERVER_PATHS.test(req.path) || !wantsHtml(req))) return next();
    if (await isFile(index)) {
      res.set(HTML_HEADERS).sendFile(index, { cacheControl: false }, (err?: Error) => {
        if (err && !res.headersSent) next(err);
      });
      return;
    }
    if (!root) return next();
    res.set(HTML_HEADERS);
    await sendHomePage(runtime, res);
  };
  router.use(page);
  return router;
}
