// A canary secret in a credential, used by a node against a service that echoes it back: it must
// not appear in any API answer, execution record, export or log line.
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './http-app.js';

const CANARY = 'canary-7f3b9c1e-secret-token';

describe('credential secrets', () => {
  let echo: Server;
  let echoUrl: string;
  let t: TestApp;
  const logLines: string[] = [];

  beforeAll(async () => {
    // A service that answers with the headers it received, secrets included.
    echo = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: req.headers })));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as { port: number }).port}/echo`;
    const sink = new Writable({ write: (chunk, _enc, done) => { logLines.push(String(chunk)); done(); } });
    t = await createTestApp({ config: { httpAllow: ['127.0.0.1'] }, log: pino({ level: 'debug' }, sink) });
  });

  afterAll(async () => {
    await t?.dispose();
    await new Promise((resolve) => echo.close(resolve));
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
});
