// Records for the store suite: small builders with the fields a test does not care about filled in.
import type { Workflow } from '@tern/shared';
import type { ExecutionRecord, StepRecord, Store, WaitRecord, WorkflowRecord } from '../store.js';

export function definition(name = 'Welcome series', webhookPath = 'signup'): Workflow {
  return {
    name,
    nodes: [
      { id: 'signup', type: 'trigger.webhook', version: 1, position: { x: 0, y: 0 }, params: { path: webhookPath, method: 'POST' } },
      { id: 'welcome', type: 'email.send', version: 1, position: { x: 240, y: 0 }, params: { subject: 'Hi {{ contact.first_name }}' } },
    ],
    edges: [{ id: 'e1', source: 'signup', sourcePort: 'out', target: 'welcome', targetPort: 'in' }],
    settings: { timezone: 'Europe/Berlin' },
  };
}

export function seedWorkflow(store: Store, name?: string): Promise<WorkflowRecord> {
  return store.workflows.create(definition(name));
}

let executionCount = 0;

export function execution(workflowId: string, fields: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    id: `exec-${++executionCount}-${Math.random().toString(36).slice(2, 8)}`,
    workflowId,
    workflowVersion: 1,
    status: 'running',
    mode: 'webhook',
    trigger: { body: { email: 'ada@example.com', score: 72 }, headers: { 'content-type': 'application/json' } },
    contactId: null,
    error: null,
    response: null,
    startedAt: '2026-01-05T09:00:00.000Z',
    finishedAt: null,
    ...fields,
  };
}

export function step(executionId: string, seq: number, fields: Partial<StepRecord> = {}): StepRecord {
  return {
    id: `${executionId}-${seq}`,
    executionId,
    nodeId: `node-${seq}`,
    seq,
    status: 'success',
    input: { n: seq },
    output: { ok: true, items: [1, 2, 3] },
    port: 'out',
    error: null,
    attempt: 1,
    resume: null,
    joined: [],
    startedAt: '2026-01-05T09:00:00.000Z',
    finishedAt: '2026-01-05T09:00:01.000Z',
    ...fields,
  };
}

export function wait(of: StepRecord, fields: Partial<WaitRecord> = {}): WaitRecord {
  return {
    executionId: of.executionId,
    stepId: of.id,
    dueAt: Date.parse('2026-01-06T09:00:00.000Z'),
    eventType: null,
    eventFilter: null,
    contactId: null,
    state: null,
    createdAt: '2026-01-05T09:00:01.000Z',
    ...fields,
  };
}

/** An execution suspended on one step with a time wait; returns its parts. */
export async function seedWaiting(
  store: Store,
  workflowId: string,
  waitFields: Partial<WaitRecord> = {},
  executionFields: Partial<ExecutionRecord> = {},
) {
  const exec = execution(workflowId, { status: 'waiting', ...executionFields });
  const waiting = step(exec.id, 2, { status: 'waiting', output: null, port: null, finishedAt: null });
  const w = wait(waiting, waitFields);
  await store.executions.create(exec, [step(exec.id, 1), waiting]);
  await store.executions.apply(exec.id, { upsertSteps: [], addWaits: [w], removeWaitsForSteps: [] });
  return { execution: exec, step: waiting, wait: w };
}

/** Every item of a paginated list, following nextCursor. */
export async function collectPages<T>(
  fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 1000);
  return pages;
}
