import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/http-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.dispose());

describe('health and catalogue', () => {
  it('reports health with the version, without credentials', async () => {
    const res = await t.anonymous('get', '/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('describes every catalogue node with its ports and params as JSON Schema', async () => {
    const res = await t.api('get', '/api/nodes').expect(200);
    expect(res.body.items).toHaveLength(t.runtime.catalogue.list().length);
    const webhook = res.body.items.find((n: { type: string }) => n.type === 'trigger.webhook');
    expect(webhook).toMatchObject({ version: 1, category: 'trigger', trigger: 'webhook', inputs: [], outputs: ['out'] });
    expect(webhook.params).toMatchObject({ type: 'object', properties: { path: expect.any(Object), method: expect.any(Object) } });
  });
});

describe('home page', () => {
  it('tells a new user how to create the owner, then stops once one exists', async () => {
    const fresh = await createTestApp({ setup: false });
    try {
      const before = await fresh.anonymous('get', '/').expect(200).expect('content-type', /html/);
      expect(before.text).toContain('/api/setup');
      await fresh.anonymous('post', '/api/setup').send({ email: 'o@example.com', password: 'long enough pw' }).expect(201);
      const after = await fresh.anonymous('get', '/').expect(200);
      expect(after.text).not.toContain('/api/setup');
      expect(after.text).toContain('owner account exists');
    } finally {
      await fresh.dispose();
    }
  });
});
