// Kills the real server with SIGKILL in the middle of a step and in the middle of a delay, restarts
// it on the same database, and proves every step ran exactly once (an interrupted step again,
// with the same idempotency key).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EffectSink, edge, node } from './effect-sink.js';
import { eventually, ServerProcess } from './server-process.js';

describe('crash recovery (SIGKILL)', () => {
  const recorder = new EffectSink();
  // The slow call hangs until the test lets it answer (after the crash).
  let hang = true;
  recorder.hold = (name) => name.endsWith('/slow') && hang;
  let server: ServerProcess;
  let key: string;

  beforeAll(async () => {
    await recorder.start();
    server = await ServerProcess.create({ TERN_HTTP_ALLOW: '127.0.0.1', TERN_SWEEP_INTERVAL_MS: '200' });
    await server.start();
    const setup = await server.api('POST', '/api/setup', { email: 'owner@example.com', password: 'correct horse battery' });
    expect(setup.status).toBe(201);
    key = setup.body.apiKey;
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
    await recorder.stop();
  });

  async function deploy(name: string, path: string, middle: ReturnType<typeof node>): Promise<string> {
    const created = await server.api('POST', '/api/workflows', {
      name,
      nodes: [
        node('hook', 'trigger.webhook', { path, method: 'POST', respond: 'immediately' }),
        node('first', 'http.request', { method: 'POST', url: `${recorder.url}/${path}/first` }),
        middle,
        node('last', 'http.request', { method: 'POST', url: `${recorder.url}/${path}/last` }),
      ],
      edges: [edge('hook', 'first'), edge('first', middle.id), edge(middle.id, 'last')],
    }, key);
    expect(created.status).toBe(201);
    expect((await server.api('POST', `/api/workflows/${created.body.id}/activate`, undefined, key)).status).toBe(200);
    return created.body.id;
  }

  async function trigger(path: string): Promise<string> {
    const res = await fetch(`${server.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(202);
    return ((await res.json()) as { executionId: string }).executionId;
  }

  async function finished(executionId: string) {
    return eventually(async () => {
      const res = await server.api('GET', `/api/executions/${executionId}`, undefined, key);
      return res.body?.status === 'success' ? res.body : undefined;
    }, 30_000, `execution ${executionId} to succeed`);
  }

  it('continues an execution killed in the middle of a step', async () => {
    await deploy('Crash in a step', 'step', node('slow', 'http.request', { method: 'POST', url: `${recorder.url}/step/slow`, timeoutMs: 60_000 }));
    const executionId = await trigger('step');
    await eventually(async () => (recorder.count('step/slow') === 1 ? true : undefined), 20_000, 'the slow call');

    await server.kill();
    hang = false;
    await server.start();

    const execution = await finished(executionId);
    expect(recorder.count('step/first')).toBe(1);
    expect(recorder.count('step/last')).toBe(1);
    // The interrupted step ran again, with the same idempotency key so the service can tell.
    const slow = recorder.hits.filter((h) => h.name === 'step/slow');
    expect(slow).toHaveLength(2);
    expect(slow[0]!.key).not.toBe('undefined');
    expect(slow[1]!.key).toBe(slow[0]!.key);
    expect(execution.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['hook', 'first', 'slow', 'last']);
  }, 90_000);

  it('continues an execution killed during a delay, each step once', async () => {
    await deploy('Crash in a delay', 'delay', node('pause', 'flow.delay', { mode: 'duration', amount: 2, unit: 'seconds' }));
    const executionId = await trigger('delay');
    await eventually(async () => (recorder.count('delay/first') === 1 ? true : undefined), 20_000, 'the first call');
    const waiting = await eventually(async () => {
      const res = await server.api('GET', `/api/executions/${executionId}`, undefined, key);
      return res.body?.status === 'waiting' ? res.body : undefined;
    });
    expect(waiting.waits).toHaveLength(1);

    await server.kill();
    await new Promise((r) => setTimeout(r, 2_500));
    await server.start();

    const execution = await finished(executionId);
    expect(recorder.count('delay/first')).toBe(1);
    expect(recorder.count('delay/last')).toBe(1);
    expect(execution.steps.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
      ['hook', 'success'], ['first', 'success'], ['pause', 'success'], ['last', 'success'],
    ]);
  }, 90_000);
});
