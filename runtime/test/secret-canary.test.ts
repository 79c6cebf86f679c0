// A canary secret in a credential, used by a node against a service that echoes it back: it must
// not appear in any API answer, execution record, export or log line. Built-in credential types
// and those a custom node package declares alike, "Test credential" included.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './http-app.js';
import { linkSdk, writePackage } from './node-packages.js';

const CANARY = 'canary-7f3b9c1e-secret-token';

const CANARY_PACKAGE = `import { defineCredentialType, defineNode, next, z } from '@tern/node-sdk';
export const canaryApi = defineCredentialType({
  type: 'canary_api', title: 'Canary API',
  fields: z.object({ baseUrl: z.url(), apiKey: z.string().min(1) }), secret: ['apiKey'],
  test: { request: (d) => ({ method: 'GET', url: d.baseUrl, headers: { authorization: 'Key ' + d.apiKey } }) },
});
export const lookup = defineNode({
  type: 'canary.lookup', version: 1, title: 'Lookup', description: 'Calls the canary API.', category: 'http', icon: 'search',
  outputs: ['out'],
  params: z.object({ credential: z.string().meta({ widget: 'credential', credentialTypes: ['canary_api'] }) }),
  async execute(ctx) {
    const { data } = await ctx.services.credentials.get(ctx.params.credential, ['canary_api']);
    const answer = await ctx.services.http.request({ method: 'GET', url: data.baseUrl, headers: { authorization: 'Key ' + data.apiKey } });
    return next({ answer: answer.body });
  },
});
`;

describe('credential secrets', () => {
  let echo: Server;
  let echoUrl: string;
  let t: TestApp;
  const logLines: string[] = [];
  const nodesDir = mkdtempSync(path.join(os.tmpdir(), 'tern-canary-nodes-'));

  beforeAll(async () => {
    // A service that answers with the headers it received, secrets included, and says so.
    echo = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ message: `you sent ${req.headers.authorization}`, received: req.headers })));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as { port: number }).port}/echo`;
    // A custom node package with a credential type of its own, used the same way.
    linkSdk(nodesDir);
    writePackage(nodesDir, 'canary-nodes', { nodes: ['./index.js'], credentialTypes: ['./index.js'] }, { 'index.js': CANARY_PACKAGE });
    const sink = new Writable({ write: (chunk, _enc, done) => { logLines.push(String(chunk)); done(); } });
    t = await createTestApp({ config: { httpAllow: ['127.0.0.1'], nodesDir }, log: pino({ level: 'debug' }, sink) });
  });

  afterAll(async () => {
    await t?.dispose();
    await new Promise((resolve) => echo.close(resolve));
    rmSync(nodesDir, { recursive: true, force: true });
  });

  it('never returns or records the secret', async () => {
    const credential = await t.api('post', '/api/credentials').send({ type: 'http_bearer', name: 'Echo', data: { token: CANARY } }).expect(201);
    const workflow = await t.api('post', '/api/workflows').send({
      name: 'Uses a secret',
      nodes: [
        { id: 'start', type: 'trigger.manual', version: 1, params: {} },
        { id: 'call', type: 'http.request', version: 1, params: { method: 'GET', url: echoUrl, credential: credential.body.id } },
        { id: 'copy', type: 'data.set', version: 1, params: { values: { auth: '{{ steps.call.body.received.authorization }}' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'call' },
        { id: 'e2', source: 'call', target: 'copy' },
      ],
    }).expect(201);
    const run = await t.api('post', `/api/workflows/${workflow.body.id}/run?wait=true`).send({}).expect(200);
    expect(run.body.status).toBe('success');
    // The node did use the secret: the service saw it, and the record shows where it was.
    expect(run.body.steps.find((s: { nodeId: string }) => s.nodeId === 'copy').output).toEqual({ auth: 'Bearer [redacted]' });

    const answers = await Promise.all([
      t.api('get', `/api/executions/${run.body.id}`),
      t.api('get', `/api/executions?workflowId=${workflow.body.id}`),
      t.api('get', `/api/credentials/${credential.body.id}`),
      t.api('get', '/api/credentials'),
      t.api('get', `/api/workflows/${workflow.body.id}`),
      t.api('get', `/api/workflows/${workflow.body.id}/versions/1`),
    ]);
    for (const answer of answers) expect(answer.text).not.toContain(CANARY);
    expect(JSON.stringify(credential.body)).not.toContain(CANARY);
    const state = await t.runtime.store.executions.load(run.body.id);
    expect(JSON.stringify(state)).not.toContain(CANARY);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain(CANARY);
  });

  it("keeps a custom credential type's secret out of every answer, record and log line, and out of 'Test credential'", async () => {
    const types = await t.api('get', '/api/credential-types').expect(200);
    expect(types.body.items.find((i: { type: string }) => i.type === 'canary_api')).toMatchObject({ package: 'canary-nodes', secret: ['apiKey'], testable: true });
    const data = { baseUrl: echoUrl, apiKey: CANARY };
    const credential = await t.api('post', '/api/credentials').send({ type: 'canary_api', name: 'Canary', data }).expect(201);
    expect(credential.body).toMatchObject({ fields: { baseUrl: echoUrl }, secrets: ['apiKey'] });
    // The service repeats the key in its message; the test's summary must not.
    const tests = [
      await t.api('post', '/api/credentials/test').send({ type: 'canary_api', data }).expect(200),
      await t.api('post', `/api/credentials/${credential.body.id}/test`).send({}).expect(200),
      await t.api('post', `/api/credentials/${credential.body.id}/test`).send({ data: { baseUrl: echoUrl } }).expect(200),
    ];
    for (const res of tests) expect(res.body).toEqual({ ok: true, status: 200, message: 'HTTP 200 OK: you sent Key [redacted]' });

    const workflow = await t.api('post', '/api/workflows').send({
      name: 'Uses a custom secret',
      nodes: [
        { id: 'start', type: 'trigger.manual', version: 1, params: {} },
        { id: 'lookup', type: 'canary.lookup', version: 1, params: { credential: credential.body.id } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'lookup' }],
    }).expect(201);
    const run = await t.api('post', `/api/workflows/${workflow.body.id}/run?wait=true`).send({}).expect(200);
    expect(run.body.status).toBe('success');
    // The node did send the key (the service echoed it), and the record shows where it was.
    expect(run.body.steps.find((s: { nodeId: string }) => s.nodeId === 'lookup').output.answer.received.authorization).toBe('Key [redacted]');

    const answers = [
      run, credential, types, ...tests,
      await t.api('get', `/api/executions/${run.body.id}`),
      await t.api('get', `/api/credentials/${credential.body.id}`),
      await t.api('get', '/api/credentials'),
      await t.api('get', `/api/workflows/${workflow.body.id}/versions/1`),
    ];
    for (const answer of answers) expect(answer.text).not.toContain(CANARY);
    expect(JSON.stringify(await t.runtime.store.executions.load(run.body.id))).not.toContain(CANARY);
    expect((await t.runtime.store.credentials.get(credential.body.id))!.encryptedData).not.toContain(CANARY);
    expect(logLines.join('')).not.toContain(CANARY);
  });
});
