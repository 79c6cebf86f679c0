// A stand-in for Tern's HTTP API in the screens' component tests: `fetch` is stubbed with a small
// router whose handlers check method, path and body the way the server does and answer in its
// shapes (errors as `{ error: { code, message, details } }`). Every request is recorded.
import { workflowSchema } from '@tern/shared';
import { vi } from 'vitest';
import type { ExecutionRecord, WorkflowView } from '../src/api/types.js';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  params: Record<string, string>;
}

export interface FakeResponse {
  status?: number;
  body?: unknown;
}

type Handler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** An error answer as the server writes it. */
export const apiError = (status: number, code: string, message: string, details: unknown[] = []): FakeResponse => ({
  status,
  body: { error: { code, message, details } },
});

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  private readonly routes: { method: string; pattern: RegExp; keys: string[]; handler: Handler }[] = [];

  /** Routes `METHOD /api/things/:id` to the handler. */
  on(method: string, path: string, handler: Handler): this {
    const keys: string[] = [];
    const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_m, key: string) => (keys.push(key), '([^/]+)'))}$`);
    this.routes.push({ method, pattern, keys, handler });
    return this;
  }

  /** The requests made to `METHOD path` (path without the query). */
  calls(method: string, path: string): FakeRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  install(): this {
    vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => this.handle(input, init));
    return this;
  }

  private async handle(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = new URL(String(input instanceof Request ? input.url : input), 'http://tern.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const text = typeof init.body === 'string' ? init.body : undefined;
    if (text !== undefined && !/json/.test(new Headers(init.headers).get('content-type') ?? '')) {
      return reply(apiError(415, 'unsupported_media_type', 'send JSON with content-type: application/json'));
    }
    const req: FakeRequest = { method, path: url.pathname, query: url.searchParams, body: text === undefined ? undefined : JSON.parse(text), params: {} };
    this.requests.push(req);
    for (const route of this.routes) {
      const match = route.method === method ? route.pattern.exec(url.pathname) : null;
      if (!match) continue;
      route.keys.forEach((key, i) => (req.params[key] = decodeURIComponent(match[i + 1]!)));
      return reply(await route.handler(req));
    }
    return reply(apiError(404, 'not_found', `no route for ${method} ${url.pathname}`));
  }
}

function reply({ status = 200, body }: FakeResponse): Response {
  if (status === 204 || body === undefined) return new Response(null, { status: status === 200 ? 204 : status });
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

// ---------------------------------------------------------------------------------------------
// Workflows, as the server keeps them

export function workflowView(id: string, name: string, extra: Partial<WorkflowView> = {}): WorkflowView {
  return {
    id,
    name,
    nodes: [{ id: 'signup', type: 'trigger.webhook', version: 1, position: { x: 0, y: 0 }, params: { path: id } }],
    edges: [],
    settings: { timezone: 'UTC' },
    active: false,
    version: 1,
    activeVersion: null,
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-02T10:00:00.000Z',
    ...extra,
  };
}

/** Problems the server would find in a workflow body: its structure, and a trigger to start it. */
export function workflowProblems(body: unknown): { field: string; message: string; code: string; nodeId?: string }[] {
  const parsed = workflowSchema.safeParse(body);
  if (!parsed.success) return parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message, code: 'invalid' }));
  if (!parsed.data.nodes.some((n) => n.type.startsWith('trigger.'))) {
    return [{ field: 'nodes', code: 'no_trigger', message: 'a workflow needs a trigger node to start it' }];
  }
  return [];
}

/** Routes for /api/workflows and the last execution of each, over an in-memory list. */
export function serveWorkflows(server: FakeServer, initial: WorkflowView[], runs: Record<string, ExecutionRecord> = {}) {
  const store = new Map(initial.map((w) => [w.id, w]));
  let next = 1;
  const invalid = (body: unknown) => {
    const problems = workflowProblems(body);
    return problems.length ? apiError(400, 'invalid_workflow', `the workflow is invalid: ${problems.map((p) => p.message).join('; ')}`, problems) : null;
  };
  server
    .on('GET', '/api/workflows', (req) => {
      const items = [...store.values()];
      const limit = Number(req.query.get('limit') ?? 50);
      const start = Number(req.query.get('cursor') ?? 0);
      const page = items.slice(start, start + limit);
      return { body: { items: page, total: items.length, nextCursor: start + limit < items.length ? String(start + limit) : null } };
    })
    .on('POST', '/api/workflows', (req) => {
      const refused = invalid(req.body);
      if (refused) return refused;
      const w = workflowView(`new${next++}`, '', { ...(workflowSchema.parse(req.body) as object) });
      store.set(w.id, w);
      return { status: 201, body: w };
    })
    .on('GET', '/api/workflows/:id', (req) => {
      const w = store.get(req.params.id!);
      return w ? { body: w } : apiError(404, 'not_found', 'workflow not found');
    })
    .on('PUT', '/api/workflows/:id', (req) => {
      const w = store.get(req.params.id!);
      if (!w) return apiError(404, 'not_found', 'workflow not found');
      const refused = invalid(req.body);
      if (refused) return refused;
      const updated = { ...w, ...(workflowSchema.parse(req.body) as object), version: w.version + 1 };
      store.set(w.id, updated);
      return { body: updated };
    })
    .on('DELETE', '/api/workflows/:id', (req) => (store.delete(req.params.id!) ? { status: 204 } : apiError(404, 'not_found', 'workflow not found')))
    .on('GET', '/api/executions', (req) => {
      const run = runs[req.query.get('workflowId') ?? ''];
      return { body: { items: run ? [run] : [], total: run ? 1 : 0, nextCursor: null } };
    });
  return store;
}
