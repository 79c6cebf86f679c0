// The editor's live views over server-sent events, read by a real HTTP client from a listening
// server while real executions run.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startServer } from '../server.js';
import type { LocalExecutionEvents } from '../services/execution-events.js';
import { createTestApp, manualWorkflow, type TestApp } from '../../test/http-app.js';
import { SseClient, type SseEvent } from '../../test/sse-client.js';
import { liveRoutes } from './routes/live.js';

const DAY = 86_400_000;

let t: TestApp;
let server: Server;
let base: string;
let delayed: string;
let quick: string;

const listen = (app: express.Express) => new Promise<Server>((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
const open = (path: string) => SseClient.open(`${base}${path}`, { authorization: `Bearer ${t.apiKey}` });
const subscribers = () => (t.runtime.executionEvents as LocalExecutionEvents).size;

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  t = await createTestApp();
  server = await listen(t.app);
  base = urlOf(server);
  const a = await t.api('post', '/api/workflows').send({
    name: 'Delayed',
    nodes: [
      { id: 'start', type: 'trigger.manual', version: 1, params: {} },
      { id: 'pause', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: 2, unit: 'days' } },
      { id: 'greet', type: 'data.set', version: 1, params: { values: { greeting: 'Hi {{ trigger.name }}' } } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'out', target: 'pause', targetPort: 'in' },
      { id: 'e2', source: 'pause', sourcePort: 'out', target: 'greet', targetPort: 'in' },
    ],
  }).expect(201);
  delayed = a.body.id;
  quick = (await t.api('post', '/api/workflows').send(manualWorkflow('Quick')).expect(201)).body.id;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await t.dispose();
});

const stepsOf = (events: SseEvent[]) => events.filter((e) => e.event === 'step').map((e) => e.data as { nodeId: string; status: string });

describe('GET /api/executions/:id/live', () => {
  it('sends the snapshot, keeps a waiting execution open, streams its steps and ends with the finished execution', async () => {
    const run = await t.api('post', `/api/workflows/${delayed}/run?wait=true`).send({ name: 'Ada' }).expect(200);
    expect(run.body.status).toBe('waiting');

    const stream = await open(`/api/executions/${run.body.id}/live`);
    expect(stream.status).toBe(200);
    expect(stream.res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.res.headers['cache-control']).toMatch(/^no-cache/);
    expect(stream.res.headers['x-accel-buffering']).toBe('no');

    const snapshot = await stream.next();
    expect(snapshot.event).toBe('snapshot');
    expect(snapshot.data).toMatchObject({ id: run.body.id, status: 'waiting', workflowId: delayed });
    expect((snapshot.data as { steps: Array<{ nodeId: string; status: string }> }).steps.map((s) => [s.nodeId, s.status]))
      .toEqual([['start', 'success'], ['pause', 'waiting']]);
    // The same JSON as GET /api/executions/:id.
    const got = await t.api('get', `/api/executions/${run.body.id}`).expect(200);
    expect(snapshot.data).toEqual(got.body);

    // Waiting: nothing more, and the stream stays open.
    await new Promise((r) => setTimeout(r, 100));
    expect(stream.closed).toBe(false);
    expect(stream.events).toHaveLength(1);

    t.clock.advance(2 * DAY);
    expect(await t.runtime.scheduler.tick()).toBe(1);
    const rest = await stream.until('end');
    const names = rest.map((e) => e.event);
    // Running again, its steps, success, end.
    expect(rest[0]).toMatchObject({ event: 'execution', data: { executionId: run.body.id, status: 'running' } });
    expect(names.at(-1)).toBe('end');
    expect(names.at(-2)).toBe('execution');
    expect(names.slice(1, -2).every((n) => n === 'step')).toBe(true);

    const steps = stepsOf(rest);
    expect(steps.every((s) => (s as unknown as { executionId: string }).executionId === run.body.id)).toBe(true);
    expect(steps.map((s) => `${s.nodeId} ${s.status}`)).toEqual([
      'pause running', 'pause success', 'greet pending', 'greet running', 'greet success',
    ]);
    expect(steps.at(-1)).toMatchObject({ nodeId: 'greet', output: { greeting: 'Hi Ada' }, id: expect.any(String) });
    expect(rest.at(-2)!.data).toMatchObject({ id: run.body.id, executionId: run.body.id, status: 'success' });

    const end = rest.at(-1)!.data as { status: string; steps: Array<{ nodeId: string; status: string }> };
    expect(end.status).toBe('success');
    expect(end.steps.map((s) => [s.nodeId, s.status])).toEqual([['start', 'success'], ['pause', 'success'], ['greet', 'success']]);
    await stream.ended;
    await eventually(() => subscribers() === 0, 'the subscription to end');
  });

  it('sends the snapshot and then end at once for an execution that has finished', async () => {
    const run = await t.api('post', `/api/workflows/${quick}/run?wait=true`).send({ name: 'Grace' }).expect(200);
    expect(run.body.status).toBe('success');
    const stream = await open(`/api/executions/${run.body.id}/live`);
    await stream.ended;
    expect(stream.names()).toEqual(['snapshot', 'end']);
    expect(stream.events[0]!.data).toEqual(stream.events[1]!.data);
    expect(stream.events[1]!.data).toMatchObject({ id: run.body.id, status: 'success' });
    expect(subscribers()).toBe(0);
  });

  it('ends an execution opened just after it was started, whichever way the race between them goes', async () => {
    const started = await t.api('post', `/api/workflows/${quick}/run`).send({ name: 'Race' }).expect(202);
    const stream = await open(`/api/executions/${started.body.executionId}/live`);
    const events = await stream.until('end');
    expect(events[0]!.event).toBe('snapshot');
    expect(events.at(-1)!.data).toMatchObject({ status: 'success', steps: [{ nodeId: 'start' }, { nodeId: 'greet', output: { greeting: 'Hi Race' } }] });
    await stream.ended;
  });

  it('ends a canceled execution', async () => {
    const run = await t.api('post', `/api/workflows/${delayed}/run?wait=true`).send({}).expect(200);
    const stream = await open(`/api/executions/${run.body.id}/live`);
    expect((await stream.next()).event).toBe('snapshot');
    await t.api('post', `/api/executions/${run.body.id}/cancel`).expect(200);
    const rest = await stream.until('end');
    expect(rest.at(-1)!.data).toMatchObject({ status: 'canceled' });
    await stream.ended;
  });

  it('answers 404 JSON for an unknown execution and 401 without credentials, before any stream', async () => {
    const unknown = await open('/api/executions/nope/live');
    expect(unknown.status).toBe(404);
    expect(unknown.res.headers['content-type']).toMatch(/json/);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });

    const anonymous = await SseClient.open(`${base}/api/executions/nope/live`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(subscribers()).toBe(0);
  });

  it('lets go of its subscription and the runner when the client disconnects', async () => {
    const run = await t.api('post', `/api/workflows/${delayed}/run?wait=true`).send({}).expect(200);
    const streams = await Promise.all(Array.from({ length: 25 }, () => open(`/api/executions/${run.body.id}/live`)));
    await Promise.all(streams.map((s) => s.next()));
    expect(subscribers()).toBe(25);
    // One runner listener per event type, however many streams.
    expect(t.runtime.runner.events.listenerCount('step')).toBe(1);
    for (const s of streams) s.close();
    await eventually(() => subscribers() === 0, 'every subscription to close');
    expect(t.runtime.runner.events.listenerCount('step')).toBe(0);
    expect(t.runtime.runner.events.listenerCount('execution')).toBe(0);
    await t.api('post', `/api/executions/${run.body.id}/cancel`).expect(200);
  });

  it('sends a heartbeat comment', async () => {
    const app = express().use(liveRoutes(t.runtime, { heartbeatMs: 20 }));
    const s = await listen(app);
    try {
      const run = await t.api('post', `/api/workflows/${delayed}/run?wait=true`).send({}).expect(200);
      const stream = await SseClient.open(`${urlOf(s)}/api/executions/${run.body.id}/live`);
      await eventually(() => stream.comments.includes('ping'), 'a heartbeat');
      stream.close();
      await t.api('post', `/api/executions/${run.body.id}/cancel`).expect(200);
    } finally {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
});

describe('GET /api/workflows/:id/live', () => {
  it('says ready, then streams the steps and status of every execution of the workflow, each with its executionId', async () => {
    const stream = await open(`/api/workflows/${quick}/live`);
    expect(stream.status).toBe(200);
    const ready = await stream.next();
    expect(ready).toEqual({ event: 'ready', data: { workflowId: quick } });

    const other = await t.api('post', `/api/workflows/${delayed}/run?wait=true`).send({}).expect(200);
    const first = await t.api('post', `/api/workflows/${quick}/run?wait=true`).send({ name: 'A' }).expect(200);
    const second = await t.api('post', `/api/workflows/${quick}/run?wait=true`).send({ name: 'B' }).expect(200);

    const byExecution = async (id: string) => {
      const events: SseEvent[] = [];
      for (;;) {
        const e = await stream.next();
        events.push(e);
        const data = e.data as { executionId: string; status: string };
        expect(data.executionId).not.toBe(other.body.id);
        if (e.event === 'execution' && data.executionId === id && data.status === 'success') return events;
      }
    };
    const one = await byExecution(first.body.id);
    expect(one.every((e) => (e.data as { executionId: string }).executionId === first.body.id)).toBe(true);
    // Created (running), its trigger's steps, then the next node running and done, then success.
    expect(one[0]).toMatchObject({ event: 'execution', data: { executionId: first.body.id, status: 'running', workflowId: quick } });
    expect(stepsOf(one).map((s) => `${s.nodeId} ${s.status}`)).toEqual([
      'start success', 'greet pending', 'greet running', 'greet success',
    ]);
    const two = await byExecution(second.body.id);
    expect(stepsOf(two).map((s) => s.nodeId)).toContain('greet');

    stream.close();
    await eventually(() => subscribers() === 0, 'the subscription to close');
    await t.api('post', `/api/executions/${other.body.id}/cancel`).expect(200);
  });

  it('answers 404 JSON for an unknown workflow', async () => {
    const stream = await open('/api/workflows/nope/live');
    expect(stream.status).toBe(404);
    expect(await stream.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('shutdown', () => {
  it('ends the open live streams, so that closing the server does not wait for their clients', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tern-live-'));
    const running = await startServer(loadConfig({}, { dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent' }));
    try {
      const url = `http://127.0.0.1:${(running.server.address() as AddressInfo).port}`;
      const setup = await fetch(`${url}/api/setup`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'o@example.com', password: 'long enough pw' }),
      });
      const { apiKey } = (await setup.json()) as { apiKey: string };
      const created = await fetch(`${url}/api/workflows`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify(manualWorkflow()),
      });
      const { id } = (await created.json()) as { id: string };
      const stream = await SseClient.open(`${url}/api/workflows/${id}/live`, { authorization: `Bearer ${apiKey}` });
      expect((await stream.next()).event).toBe('ready');

      const started = Date.now();
      await running.close();
      await stream.ended;
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
