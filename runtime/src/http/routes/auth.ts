// Setup (GET: is it still needed; POST: create the owner), login, logout, who is signed in, API keys.
import { Router } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { createApiKey, login, logout, MIN_PASSWORD_LENGTH, setupOwner } from '../../services/auth.js';
import { clearSessionCookie, principalOf, readCookie, SESSION_COOKIE, setSessionCookie } from '../auth.js';
import { HttpError, notFound } from '../errors.js';
import { parseBody } from '../validate.js';

const setupBody = z.object({
  email: z.string().trim().pipe(z.email('must be an email address')),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters long`),
});

const loginBody = z.object({ email: z.string().min(1), password: z.string().min(1) });

const keyBody = z.object({
  name: z.string().trim().min(1, 'a key needs a name').max(200),
  scope: z.enum(['full', 'ingest']).default('full'),
});

export function authRoutes(runtime: Runtime): Router {
  const router = Router();

  // The editor shows its first-run screen while this says `needed`.
  router.get('/api/setup', async (_req, res) => {
    res.json({ needed: !(await runtime.store.auth.hasOwner()) });
  });

  router.post('/api/setup', async (req, res) => {
    const { email, password } = parseBody(setupBody, req.body);
    const result = await setupOwner(runtime, email, password);
    if (!result) throw new HttpError(409, 'already_set_up', 'Tern is set up already: sign in with the owner account');
    setSessionCookie(res, runtime, result.session);
    res.status(201).json({ apiKey: result.apiKey });
  });

  router.post('/api/login', async (req, res) => {
    const { email, password } = parseBody(loginBody, req.body);
    const session = await login(runtime, email, password);
    if (!session) throw new HttpError(401, 'invalid_credentials', 'wrong email or password');
    setSessionCookie(res, runtime, session);
    res.json({ ok: true });
  });

  router.post('/api/logout', async (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await logout(runtime, token);
    clearSessionCookie(res, runtime);
    res.status(204).end();
  });

  // The editor asks this to know whether to show its login screen (401 when nobody is signed in).
  router.get('/api/me', async (_req, res) => {
    const principal = principalOf(res);
    const user = await runtime.store.auth.findUserById(principal.userId);
    if (!user) throw new HttpError(401, 'unauthorized', 'sign in or send an API key (Authorization: Bearer KEY)');
    res.json({ email: user.email, via: principal.via });
  });

  router.get('/api/keys', async (_req, res) => {
    const items = await runtime.store.auth.listApiKeys();
    res.json({ items, total: items.length, nextCursor: null });
  });

  router.post('/api/keys', async (req, res) => {
    const { name, scope } = parseBody(keyBody, req.body);
    const { record, key } = await createApiKey(runtime, principalOf(res).userId, name, scope);
    res.status(201).json({ ...record, key });
  });

  router.delete('/api/keys/:id', async (req, res) => {
    if (!(await runtime.store.auth.deleteApiKey(req.params.id))) throw notFound('API key');
    res.status(204).end();
  });

  return router;
}
