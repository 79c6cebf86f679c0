// Every /api route registered on the real app answers 401 without credentials, except the public
// ones: a route added later cannot slip past authentication.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_ROUTES } from './auth.js';
import { listRoutes, type RegisteredRoute } from './route-list.js';
import { createTestApp, type TestApp } from '../../test/http-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.dispose());

/** A concrete URL for a route pattern: `:id` → `x`, `*path` → `a/b`, optional `{…}` parts kept. */
const concrete = (path: string) => path.replace(/[{}]/g, '').replace(/:\w+/g, 'x').replace(/\*\w+/g, 'a/b');

const isPublic = (r: RegisteredRoute) => PUBLIC_ROUTES.has(`${r.method} ${r.path.slice('/api'.length)}`);

function apiRoutes(): RegisteredRoute[] {
  return listRoutes(t.app).filter((r) => r.path === '/api' || r.path.startsWith('/api/'));
}

describe('authentication of every /api route', () => {
  it('finds the routes of every resource (so the walk below is not vacuous)', () => {
    const seen = apiRoutes().map((r) => `${r.method} ${r.path}`);
    for (const route of [
      'GET /api/health', 'POST /api/setup', 'POST /api/login', 'POST /api/logout', 'GET /api/keys', 'DELETE /api/keys/:id',
      'GET /api/workflows', 'PUT /api/workflows/:id', 'POST /api/workflows/:id/run', 'GET /api/executions/:id',
      'POST /api/credentials', 'GET /api/nodes', 'GET /api/setup', 'GET /api/me', 'GET /api/executions/:id/live',
      'GET /api/workflows/:id/live', 'POST /api/executions/:id/rerun',
    ]) expect(seen).toContain(route);
  });

  it('answers 401 without credentials on each route that is not public', async () => {
    const guarded = apiRoutes().filter((r) => !isPublic(r));
    expect(guarded.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const route of guarded) {
      const method = (route.method === 'ALL' ? 'post' : route.method.toLowerCase()) as 'get';
      for (const path of [concrete(route.path), concrete(route.path).toUpperCase(), `${concrete(route.path)}/`]) {
        const res = await request(t.app)[method](path).send({});
        if (res.status !== 401 || res.body.error?.code !== 'unauthorized') failures.push(`${route.method} ${path} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 for an unknown /api path too, rather than telling what exists', async () => {
    await request(t.app).get('/api/no-such-thing').expect(401);
  });

  it('serves the public routes without credentials', async () => {
    await request(t.app).get('/api/health').expect(200);
    await request(t.app).get('/api/setup').expect(200, { needed: false });
    await request(t.app).post('/api/login').send({ email: 'nobody@example.com', password: 'wrong-password' }).expect(401)
      .expect((res) => expect(res.body.error.code).toBe('invalid_credentials'));
    await request(t.app).post('/api/setup').send({ email: 'second@example.com', password: 'long enough' }).expect(409);
  });
});
