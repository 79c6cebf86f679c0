// What the editor asks first: whether the owner must still be created, and who is signed in.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './auth.js';
import { createTestApp, OWNER, type TestApp } from '../../test/http-app.js';

let t: TestApp;
afterEach(() => t?.dispose());

describe('GET /api/setup', () => {
  it('says setup is needed until the owner exists, without credentials', async () => {
    t = await createTestApp({ setup: false });
    expect((await t.anonymous('get', '/api/setup').expect(200)).body).toEqual({ needed: true });
    await t.anonymous('post', '/api/setup').send(OWNER).expect(201);
    expect((await t.anonymous('get', '/api/setup').expect(200)).body).toEqual({ needed: false });
  });
});

describe('GET /api/me', () => {
  it('names the signed-in user and how they signed in: API key or session cookie', async () => {
    t = await createTestApp();
    expect((await t.api('get', '/api/me').expect(200)).body).toEqual({ email: OWNER.email, via: 'key' });

    const login = await t.anonymous('post', '/api/login').send({ ...OWNER, email: ' Owner@Example.com ' }).expect(200);
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    const me = await request(t.app).get('/api/me').set('Cookie', cookie.split(';')[0]!).expect(200);
    expect(me.body).toEqual({ email: OWNER.email, via: 'session' });
  });

  it('answers 401 when nobody is signed in, or the session has ended', async () => {
    t = await createTestApp();
    const anonymous = await t.anonymous('get', '/api/me').expect(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
    await request(t.app).get('/api/me').set('Cookie', `${SESSION_COOKIE}=stale`).expect(401);
    await request(t.app).get('/api/me').set('Authorization', 'Bearer tern_wrong').expect(401);
  });
});
