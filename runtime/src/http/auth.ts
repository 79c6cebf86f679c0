// Authentication of /api: the editor's session cookie or `Authorization: Bearer KEY`.
// The guard is mounted on `/api` as a whole, so every route added under it is protected unless it
// is listed in PUBLIC_ROUTES; the route-walk test checks this for every registered route.
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Runtime } from '../runtime.js';
import { type Principal, principalFromKey, principalFromSession, type Session } from '../services/auth.js';
import { HttpError } from './errors.js';

export { ensureOwnerFromConfig } from '../services/auth.js';

export const SESSION_COOKIE = 'tern_session';

/** Routes under /api that need no credentials: `METHOD /path` relative to /api, lower case. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /health', 'GET /ready', 'GET /setup', 'POST /setup', 'POST /login',
]);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What an `ingest` key may reach under /api: sending events, nothing else. */
const isIngestPath = (path: string) => path === '/events' || path.startsWith('/events/');

/** The path relative to the mount point as the router matches it: case-insensitive, no trailing slash. */
const routedPath = (req: Request) => req.path.toLowerCase().replace(/\/+$/, '') || '/';

export function isPublicRoute(req: Request): boolean {
  return PUBLIC_ROUTES.has(`${req.method === 'HEAD' ? 'GET' : req.method} ${routedPath(req)}`);
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/**
 * A basic CSRF guard for browsers: an unsafe request must come from our own origin. Requests
 * without an `Origin` header (curl, server-to-server) pass; `Origin: null` does not.
 */
export function isSameOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] !== 'cross-site';
  try {
    const url = new URL(origin);
    return url.origin === new URL(publicUrl).origin || url.host === req.headers.host;
  } catch {
    return false;
  }
}

function checkOrigin(req: Request, runtime: Runtime): void {
  if (SAFE_METHODS.has(req.method) || isSameOrigin(req, runtime.config.publicUrl)) return;
  throw new HttpError(403, 'cross_origin', 'cross-origin requests may not use the session cookie; use an API key');
}

async function identify(req: Request, runtime: Runtime): Promise<Principal | null> {
  if (req.headers.authorization !== undefined) {
    const key = bearerToken(req);
    return key ? principalFromKey(runtime, key) : null;
  }
  const token = readCookie(req, SESSION_COOKIE);
  return token ? principalFromSession(runtime, token) : null;
}

/** The guard for everything under /api. */
export function requireAuth(runtime: Runtime): RequestHandler {
  return async (req, res, next) => {
    if (isPublicRoute(req)) {
      // Login and setup set a cookie: a cross-site form must not be able to log a browser in.
      checkOrigin(req, runtime);
      next();
      return;
    }
    const principal = await identify(req, runtime);
    if (!principal) throw new HttpError(401, 'unauthorized', 'sign in or send an API key (Authorization: Bearer KEY)');
    if (principal.via === 'session') checkOrigin(req, runtime);
    if (principal.scope === 'ingest' && !isIngestPath(routedPath(req))) {
      throw new HttpError(403, 'forbidden', 'this API key has the ingest scope: it may only send events');
    }
    res.locals.principal = principal;
    next();
  };
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new HttpError(401, 'unauthorized', 'sign in or send an API key (Authorization: Bearer KEY)');
  return principal;
}

function cookieOptions(runtime: Runtime): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: runtime.config.publicUrl.startsWith('https:') };
}

export function setSessionCookie(res: Response, runtime: Runtime, session: Session): void {
  res.cookie(SESSION_COOKIE, session.token, { ...cookieOptions(runtime), expires: session.expiresAt });
}

export function clearSessionCookie(res: Response, runtime: Runtime): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(runtime));
}
