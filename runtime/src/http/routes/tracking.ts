// The links in emails, outside /api and without a login: the signed token is the only credential.
// A token that is not valid (made without the key, altered, of another kind) answers the JSON 404
// of an unknown route, which tells nothing about why.
//   GET  /t/open/:token         the 1×1 open pixel, never cached (each open reaches Tern)
//   GET  /t/click/:token        302 to the link the token was signed for, and only to it
//   GET  /t/unsubscribe/:token  a confirmation page: a GET never unsubscribes (link scanners follow links)
//   POST /t/unsubscribe/:token  RFC 8058 one-click unsubscribe, at once; also the page's button
import { type Response, Router } from 'express';
import type { Runtime } from '../../runtime.js';
import { MessageTracking } from '../../services/message-tracking.js';
import { TRACKING_PATHS } from '../../services/tracking-tokens.js';
import { errorBody } from '../errors.js';

/** The smallest transparent GIF: 1×1, 43 bytes. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

const NO_CACHE = { 'Cache-Control': 'no-store, no-cache, must-revalidate, private, max-age=0', Pragma: 'no-cache', Expires: '0' };

/** The pages carry no script and send their form only back here. */
const PAGE_HEADERS = {
  ...NO_CACHE,
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function trackingRoutes(runtime: Runtime): Router {
  const router = Router();
  const tracking = new MessageTracking(runtime);

  router.get(`${TRACKING_PATHS.open}:token`, async (req, res) => {
    const tracked = await tracking.resolve(req.params.token, 'open');
    if (!tracked) return notFound(res);
    // Express answers HEAD with the GET route; a HEAD (a link checker) is no open.
    if (req.method === 'GET') await tracking.opened(tracked);
    res.set({ ...NO_CACHE, 'Content-Type': 'image/gif', 'Content-Length': String(PIXEL.length) }).end(PIXEL);
  });

  router.get(`${TRACKING_PATHS.click}:token`, async (req, res) => {
    const tracked = await tracking.resolve(req.params.token, 'click');
    const url = tracked?.claims.url;
    // Only the http(s) link the token was signed for: never an open redirect, never javascript:.
    if (!tracked || !url || !/^https?:\/\//i.test(url)) return notFound(res);
    if (req.method === 'GET') await tracking.clicked(tracked, url);
    res.set({ ...NO_CACHE, 'Referrer-Policy': 'no-referrer' }).redirect(302, url);
  });

  router.get(`${TRACKING_PATHS.unsubscribe}:token`, async (req, res) => {
    const tracked = await tracking.resolve(req.params.token, 'unsubscribe');
    if (!tracked) return notFound(res);
    const who = tracked.message?.to ?? tracked.claims.email;
    res.set(PAGE_HEADERS).type('html').send(page('Unsubscribe', `
      <h1>Unsubscribe</h1>
      <p>Stop marketing emails${who ? ` to <strong>${escapeHtml(who)}</strong>` : ''}?</p>
      <form method="post"><button type="submit">Unsubscribe</button></form>`));
  });

  router.post(`${TRACKING_PATHS.unsubscribe}:token`, async (req, res) => {
    const tracked = await tracking.resolve(req.params.token, 'unsubscribe');
    if (!tracked) return notFound(res);
    await tracking.unsubscribed(tracked);
    res.set(PAGE_HEADERS).type('html').send(page('Unsubscribed', `
      <h1>You are unsubscribed</h1>
      <p>You will get no more marketing emails from us.</p>`));
  });

  return router;
}

function notFound(res: Response): void {
  res.status(404).set(NO_CACHE).json(errorBody('not_found', 'not found'));
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}
button{font-size:1rem;padding:.5rem 1.25rem;cursor:pointer}</style></head><body>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
