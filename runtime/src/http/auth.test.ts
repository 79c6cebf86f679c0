import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestRuntime } from '../../test/helpers.js';
import { createApp } from './app.js';
import { ensureOwnerFromConfig, SESSION_COOKIE } from './auth.js';
import { createTestApp, OWNER, type TestApp } from '../../test/http-app.js';

let t: TestApp;
afterEach(() => t?.dispose());

const sessionCookie = (res: request.Response) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`));

async function loginCookie(app: TestApp['app']): Promise<string> {
  const res = await request(app).post('/api/login').send(OWNER).expect(200);
  return sessionCookie(res)!.split(';')[0]!;
}

describe('setup', () => {
  it('creates the owner once, answers an API key and a session, then refuses with 409', async () => {
    t = await createTestApp({ setup: false });
    const first = await t.anonymous('post', '/api/setup').send(OWNER).expect(201);
    expect(first.body.apiKey).toMatch(/^tern_/);
    expect(sessionCookie(first)).toBeDefined();
    await request(t.app).get('/api/workflows').set('Authorization', `Bearer ${first.body.apiKey}`).expect(200);

    const again = await t.anonymous('post', '/api/setup').send({ email: 'intruder@example.com', password: 'another password' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_set_up');
    await t.anonymous('post', '/api/login').send({ email: 'intruder@example.com', password: 'another password' }).expect(401);
  });

  it('names the fields of a bad setup request and creates no owner', async () => {
    t = await createTestApp({ setup: false });
    const res = await t.anonymous('post', '/api/setup').send({ email: 'not-an-email', password: 'short' }).expect(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'password']);
    expect(await t.runtime.store.auth.hasOwner()).toBe(false);
  });

  it('creates the owner from TERN_OWNER_EMAIL and TERN_OWNER_PASSWORD', async () => {
    const runtime = await createTestRuntime({ config: { ownerEmail: 'Boss@Example.com', ownerPassword: 'unattended-pass' } });
    try {
      expect(await ensureOwnerFromConfig(runtime)).toBe('created');
      expect(await ensureOwnerFromConfig(runtime)).toBe('exists');
      const app = createApp(runtime);
      await request(app).post('/api/login').send({ email: 'boss@example.com', password: 'unattended-pass' }).expect(200);
      await request(app).post('/api/setup').send(OWNER).expect(409);
    } finally {
      await runtime.dispose();
    }
  });
});

describe('login and logout', () => {
  it('sets an httpOnly SameSite=Lax session cookie that authenticates until logout', async () => {
    t = await createTestApp();
    const res = await t.anonymous('post', '/api/login').send(OWNER).expect(200);
    const cookie = sessionCookie(res)!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const pair = cookie.split(';')[0]!;

    await request(t.app).get('/api/workflows').set('Cookie', pair).expect(200);
    const out = await request(t.app).post('/api/logout').set('Cookie', pair).expect(204);
    expect(sessionCookie(out)).toMatch(/Expires=Thu, 01 Jan 1970/);
    const after = await request(t.app).get('/api/workflows').set('Cookie', pair).expect(401);
    expect(after.body.error.code).toBe('unauthorized');
  });

  it('answers the same generic 401 for a wrong password and an unknown email', async () => {
    t = await createTestApp();
    const wrong = await t.anonymous('post', '/api/login').send({ ...OWNER, password: 'wrong password' }).expect(401);
    const unknown = await t.anonymous('post', '/api/login').send({ email: 'nobody@example.com', password: 'whatever1' }).expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.message).not.toMatch(/email .*(unknown|not found)/i);
    expect(sessionCookie(wrong)).toBeUndefined();
  });

  it('refuses a cookie-authenticated change from another origin, and allows our own origin', async () => {
    t = await createTestApp();
    const cookie = await loginCookie(t.app);
    const cross = await request(t.app).post('/api/workflows').set('Cookie', cookie).set('Origin', 'https://evil.example')
      .send({ name: 'x', nodes: [] }).expect(403);
    expect(cross.body.error.code).toBe('cross_origin');
    expect((await t.runtime.store.workflows.list({ limit: 10 })).total).toBe(0);

    // Nor may another site sign a browser in (login CSRF).
    await request(t.app).post('/api/login').set('Origin', 'https://evil.example').send(OWNER).expect(403);

    const host = new URL(t.runtime.config.publicUrl).host;
    await request(t.app).get('/api/workflows').set('Cookie', cookie).set('Origin', 'https://evil.example').expect(200);
    await request(t.app).post('/api/keys').set('Cookie', cookie).set('Origin', `http://${host}`)
      .send({ name: 'same origin' }).expect(201);
  });
});

describe('API keys', () => {
  it('shows a new key once, lists only its prefix, and stops accepting it once deleted', async () => {
    t = await createTestApp();
    const created = await t.api('post', '/api/keys').send({ name: 'Zapier', scope: 'full' }).expect(201);
    expect(created.body).toMatchObject({ name: 'Zapier', scope: 'full', id: expect.any(String), key: expect.stringMatching(/^tern_/) });
    const key = created.body.key as string;

    const list = await t.api('get', '/api/keys').expect(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(listed.prefix).toBe(key.slice(0, listed.prefix.length));
    expect(JSON.stringify(list.body)).not.toContain(key);

    await request(t.app).get('/api/workflows').set('Authorization', `Bearer ${key}`).expect(200);
    await t.api('delete', `/api/keys/${created.body.id}`).expect(204);
    await request(t.app).get('/api/workflows').set('Authorization', `Bearer ${key}`).expect(401);
    await t.api('delete', `/api/keys/${created.body.id}`).expect(404);
  });

  it('lets an ingest key reach only the event routes', async () => {
    t = await createTestApp();
    const { body } = await t.api('post', '/api/keys').send({ name: 'Website', scope: 'ingest' }).expect(201);
    const ingest = (method: 'get' | 'post', path: string) => request(t.app)[method](path).set('Authorization', `Bearer ${body.key}`);

    const refused = await ingest('get', '/api/workflows').expect(403);
    expect(refused.body.error.code).toBe('forbidden');
    await ingest('post', '/api/workflows').send({ name: 'x', nodes: [] }).expect(403);
    await ingest('get', '/api/keys').expect(403);
    await ingest('post', '/api/keys').send({ name: 'escalate', scope: 'full' }).expect(403);
    // The event route itself is let through the scope check (whatever it then answers).
    const events = await ingest('post', '/api/events').send({});
    expect([401, 403]).not.toContain(events.status);
  });

  it('refuses an unknown key and a malformed Authorization header', async () => {
    t = await createTestApp();
    await request(t.app).get('/api/workflows').set('Authorization', 'Bearer tern_not-a-real-key').expect(401);
    await request(t.app).get('/api/workflows').set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`).expect(401);
  });
});
