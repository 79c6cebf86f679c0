// Credential types as the editor reads them, and "Test credential" against a fake HubSpot that
// checks the token the way HubSpot does (a bearer token on a contacts read).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../adapters/test-server.js';
import { createTestApp, type TestApp } from '../../test/http-app.js';

const TOKEN = 'pat-na1-5c3b0e2f-good-token';
const WRONG = 'pat-na1-0000-wrong-token-77';

let hubspot: TestServer;
let t: TestApp;
beforeAll(async () => {
  hubspot = await startServer((req, res) => {
    const ok = req.method === 'GET' && req.url === '/crm/v3/objects/contacts?limit=1' && req.headers.authorization === `Bearer ${TOKEN}`;
    const presented = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    // A service that repeats what it was sent: the answer must not carry the secret back out.
    const body = ok ? { results: [] } : { status: 'error', message: `The token ${presented} is not valid`, category: 'INVALID_AUTHENTICATION' };
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  t = await createTestApp({ config: { httpAllow: ['127.0.0.1'] } });
});
afterAll(async () => {
  await t?.dispose();
  await hubspot?.close();
});

const hubspotData = (token: string) => ({ token, baseUrl: hubspot.origin });

describe('GET /api/credential-types', () => {
  it('describes each type: fields as JSON Schema, secret fields, title and whether it can be tested', async () => {
    const { body } = await t.api('get', '/api/credential-types').expect(200);
    const byType = Object.fromEntries(body.items.map((i: { type: string }) => [i.type, i]));
    expect(Object.keys(byType)).toEqual(['smtp', 'twilio', 'hubspot', 'http_header', 'http_basic', 'http_bearer']);
    expect(byType.hubspot).toMatchObject({ title: 'HubSpot', secret: ['token'], testable: true, fields: { type: 'object', required: ['token'] } });
    expect(byType.smtp).toMatchObject({ title: 'SMTP (email)', secret: ['password'], testable: false });
  });
});

describe('POST /api/credentials/test (before saving)', () => {
  it('answers ok with the status when the service takes the credential', async () => {
    const { body } = await t.api('post', '/api/credentials/test').send({ type: 'hubspot', data: hubspotData(TOKEN) }).expect(200);
    expect(body).toEqual({ ok: true, status: 200, message: 'HTTP 200 OK' });
  });

  it('sums up a refusal in a line, with the secret cut out of what the service said', async () => {
    const res = await t.api('post', '/api/credentials/test').send({ type: 'hubspot', data: hubspotData(WRONG) }).expect(200);
    expect(res.body).toEqual({ ok: false, status: 401, message: 'HTTP 401 Unauthorized: The token [redacted] is not valid' });
    expect(res.text).not.toContain(WRONG);
  });

  it('goes through the SSRF guard: an address not allowed is refused without a request', async () => {
    const before = hubspot.received.length;
    const other = `http://127.0.0.2:${hubspot.port}`;
    const { body } = await t.api('post', '/api/credentials/test').send({ type: 'hubspot', data: { token: TOKEN, baseUrl: other } }).expect(200);
    expect(body).toMatchObject({ ok: false, status: null, message: expect.stringMatching(/127\.0\.0\.2/) });
    expect(hubspot.received.length).toBe(before);
  });

  it('refuses an unknown type, bad data and a type without a test, naming the field', async () => {
    const unknown = await t.api('post', '/api/credentials/test').send({ type: 'ftp', data: {} }).expect(400);
    expect(unknown.body.error.details[0].field).toBe('type');
    const bad = await t.api('post', '/api/credentials/test').send({ type: 'hubspot', data: { baseUrl: 'nope' } }).expect(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['data.baseUrl', 'data.token']);
    const untestable = await t.api('post', '/api/credentials/test').send({ type: 'smtp', data: { host: 'smtp.example.com', port: 587 } }).expect(400);
    expect(untestable.body.error).toMatchObject({ code: 'not_testable', details: [{ field: 'type' }] });
    await t.api('post', '/api/credentials/test').send({ data: {} }).expect(400);
  });
});

describe('POST /api/credentials/:id/test', () => {
  it('tests a saved credential, or the edit of it a PUT would save, without saving it', async () => {
    const { body: saved } = await t.api('post', '/api/credentials').send({ type: 'hubspot', name: 'CRM', data: hubspotData(TOKEN) }).expect(201);
    const test = (body: object = {}) => t.api('post', `/api/credentials/${saved.id}/test`).send(body).expect(200);
    expect((await test()).body).toEqual({ ok: true, status: 200, message: 'HTTP 200 OK' });
    // The secret left out of the edit keeps its stored value, as a PUT would.
    expect((await test({ data: { baseUrl: hubspot.origin } })).body.ok).toBe(true);
    const edited = await test({ data: hubspotData(WRONG) });
    expect(edited.body).toMatchObject({ ok: false, status: 401 });
    expect(edited.text).not.toContain(WRONG);
    // Nothing was saved by testing.
    expect((await test()).body.ok).toBe(true);
    expect(await t.runtime.credentials.get(saved.id)).toEqual({ type: 'hubspot', data: hubspotData(TOKEN) });
    await t.api('post', '/api/credentials/no-such-id/test').send({}).expect(404);
  });
});
