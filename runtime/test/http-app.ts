// Test fixture for the HTTP tests: the real app over a real runtime (temp SQLite, fake clock), set
// up with an owner, and a request helper that sends the owner's API key.
import type { Express } from 'express';
import request from 'supertest';
import { createTestRuntime, type FakeClock, testClock, type TestRuntime, type TestRuntimeOptions } from './helpers.js';
import { createApp } from '../src/http/app.js';

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface TestApp {
  runtime: TestRuntime;
  clock: FakeClock;
  app: Express;
  /** The owner's full-scope API key (from setup). */
  apiKey: string;
  /** A request with the owner's API key. */
  api(method: Method, path: string): request.Test;
  /** A request without credentials. */
  anonymous(method: Method, path: string): request.Test;
  dispose(): Promise<void>;
}

export async function createTestApp(options: TestRuntimeOptions & { setup?: boolean } = {}): Promise<TestApp> {
  const clock = testClock(new Date());
  const runtime = await createTestRuntime({ clock, ...options });
  const app = createApp(runtime);
  let apiKey = '';
  if (options.setup !== false) {
    const res = await request(app).post('/api/setup').send(OWNER).expect(201);
    apiKey = res.body.apiKey as string;
  }
  return {
    runtime,
    clock,
    app,
    apiKey,
    api: (method, path) => request(app)[method](path).set('Authorization', `Bearer ${apiKey}`),
    anonymous: (method, path) => request(app)[method](path),
    dispose: () => runtime.dispose(),
  };
}

/** A workflow started by `POST /webhook/<path>` that answers (when done) through an http.respond node. */
export function webhookWorkflow(path: string, params: Record<string, unknown> = {}) {
  return {
    name: `Webhook ${path}`,
    nodes: [
      { id: 'hook', type: 'trigger.webhook', version: 1, params: { path, method: 'POST', respond: 'when_done', ...params } },
      { id: 'reply', type: 'http.respond', version: 1,
        params: { status: 201, headers: { 'x-greeting': 'hi', 'set-cookie': 'evil=1' }, body: { hello: '{{ trigger.body.name }}' } } },
    ],
    edges: [{ id: 'e1', source: 'hook', sourcePort: 'out', target: 'reply', targetPort: 'in' }],
  };
}

/** A manual workflow: trigger, then a data.set node. */
export function manualWorkflow(name = 'Manual') {
  return {
    name,
    nodes: [
      { id: 'start', type: 'trigger.manual', version: 1, params: {} },
      { id: 'greet', type: 'data.set', version: 1, params: { values: { greeting: 'Hi {{ trigger.name }}' } } },
    ],
    edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'greet', targetPort: 'in' }],
  };
}
