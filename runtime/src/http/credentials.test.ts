import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptionKey } from '../security/crypto.js';
import { checkEncryptionKey, createCredentialVault } from '../services/credentials.js';
import { createTestApp, type TestApp } from '../../test/http-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.dispose());

const CANARY = 'canary-7f3a9c-secret';

describe('credentials', () => {
  it('never return a secret value from any credential route', async () => {
    const bodies: string[] = [];
    const keep = <T extends { text: string }>(res: T) => (bodies.push(res.text), res);

    const created = keep(await t.api('post', '/api/credentials').send({
      type: 'smtp', name: 'Mailer', data: { host: 'smtp.example.com', port: 587, secure: false, user: 'mailer', password: CANARY },
    }).expect(201));
    expect(created.body).toMatchObject({
      id: expect.any(String), type: 'smtp', name: 'Mailer',
      fields: { host: 'smtp.example.com', port: 587, secure: false, user: 'mailer' }, secrets: ['password'],
    });
    const { id } = created.body;
    keep(await t.api('post', '/api/credentials').send({ type: 'http_bearer', name: 'API', data: { token: CANARY } }).expect(201));
    keep(await t.api('get', '/api/credentials').expect(200));
    keep(await t.api('get', `/api/credentials/${id}`).expect(200));
    keep(await t.api('put', `/api/credentials/${id}`).send({ name: 'Mailer 2', data: { host: 'mail.example.com', port: 465, secure: true, user: 'mailer' } }).expect(200));
    keep(await t.api('post', '/api/credentials').send({ type: 'smtp', name: 'Broken', data: { host: '', port: 'x', password: CANARY } }).expect(400));

    for (const body of bodies) expect(body).not.toContain(CANARY);
    // The value is stored encrypted, not in the clear.
    expect((await t.runtime.store.credentials.get(id))!.encryptedData).not.toContain(CANARY);
  });

  it('keep a secret that a PUT leaves out, and replace it when given', async () => {
    const { body } = await t.api('post', '/api/credentials')
      .send({ type: 'http_basic', name: 'CRM', data: { username: 'ada', password: 'first-secret' } }).expect(201);
    const updated = await t.api('put', `/api/credentials/${body.id}`).send({ data: { username: 'grace' } }).expect(200);
    expect(updated.body).toMatchObject({ name: 'CRM', fields: { username: 'grace' }, secrets: ['password'] });
    expect(await t.runtime.credentials.get(body.id)).toEqual({ type: 'http_basic', data: { username: 'grace', password: 'first-secret' } });

    await t.api('put', `/api/credentials/${body.id}`).send({ data: { username: 'grace', password: 'second-secret' } }).expect(200);
    expect((await t.runtime.credentials.get(body.id)).data.password).toBe('second-secret');
    await expect(t.runtime.credentials.get(body.id, ['smtp'])).rejects.toThrow(/http_basic/);
  });

  it('refuse an unknown type and bad fields naming each, writing nothing', async () => {
    const before = (await t.runtime.store.credentials.count());
    const unknown = await t.api('post', '/api/credentials').send({ type: 'ftp', name: 'x', data: {} }).expect(400);
    expect(unknown.body.error.details[0].field).toBe('type');
    const bad = await t.api('post', '/api/credentials').send({ type: 'twilio', name: 'SMS', data: { accountSid: 'AC1', baseUrl: 'nope' } }).expect(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['data.authToken', 'data.baseUrl']);
    expect(await t.runtime.store.credentials.count()).toBe(before);
  });

  it('answer 404 for an unknown id and delete a credential', async () => {
    const { body } = await t.api('post', '/api/credentials').send({ type: 'hubspot', name: 'HubSpot', data: { token: 'pat-1' } }).expect(201);
    await t.api('delete', `/api/credentials/${body.id}`).expect(204);
    for (const method of ['get', 'put', 'delete'] as const) {
      const res = await t.api(method, `/api/credentials/${body.id}`).send({ name: 'x' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('refuse to start with a key that cannot decrypt the stored credentials', async () => {
    await t.api('post', '/api/credentials').send({ type: 'http_bearer', name: 'Any', data: { token: 'x' } }).expect(201);
    const wrongKey = new EncryptionKey(randomBytes(32), 'env', null, false);
    await expect(checkEncryptionKey(t.runtime.store, wrongKey)).rejects.toThrow(/cannot decrypt the stored credentials/);
    await expect(createCredentialVault(t.runtime.store, wrongKey).get((await t.runtime.store.credentials.list({ limit: 1 })).items[0]!.id))
      .rejects.toThrow(/another key/);
  });
});
