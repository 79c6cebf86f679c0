// Delivering a webhook call to its workflow: start the execution, answer at once or with what the
// workflow answers, and return the first result to a retried delivery (Idempotency-Key).
import type { WebhookResponse } from '@tern/shared';
import { newId } from '../db/ids.js';
import type { StepRecord } from '../db/store.js';
import { errorBody, internalError, toHttpError } from '../http/errors.js';
import type { Runtime } from '../runtime.js';

/** The execution a response belongs to; kept in stored responses so that a replay names it. */
export const EXECUTION_HEADER = 'x-tern-execution-id';

export interface Delivery {
  workflowId: string;
  version: number;
  nodeId: string;
  /** The normalised webhook path (part of the idempotency scope). */
  path: string;
  respond: 'immediately' | 'when_done';
  payload: unknown;
  idempotencyKey?: string;
}

export interface DeliveryResult {
  executionId: string | null;
  response: WebhookResponse;
}

const tagged = (executionId: string, response: WebhookResponse): WebhookResponse => ({
  ...response,
  headers: { ...response.headers, [EXECUTION_HEADER]: executionId },
});

const accepted = (executionId: string): WebhookResponse =>
  tagged(executionId, { status: 202, headers: {}, body: { executionId } });

const failure = (executionId: string, status: number, code: string, message: string, nodeId?: string) =>
  tagged(executionId, { status, headers: {}, body: errorBody(code, message, [{ executionId, ...(nodeId ? { nodeId } : {}) }]) });

/** The 202 saved right after the start; a `when_done` replay waits on its execution again. */
const isInterim = (r: WebhookResponse) => r.status === 202 && (r.body as { executionId?: unknown } | null)?.executionId === r.headers[EXECUTION_HEADER];

function lastOutput(steps: StepRecord[]): unknown {
  const done = steps.filter((s) => s.status === 'success');
  return done.length > 0 ? done[done.length - 1]!.output : null;
}

/** What a `when_done` webhook answers once the execution has answered, settled or timed out. */
export async function outcome(runtime: Runtime, executionId: string): Promise<WebhookResponse> {
  const { webhookTimeoutMs } = runtime.config;
  const response = await runtime.runner.response(executionId, webhookTimeoutMs);
  if (response) return tagged(executionId, response);
  const state = await runtime.store.executions.load(executionId);
  const execution = state?.execution;
  switch (execution?.status) {
    case 'success':
      return tagged(executionId, { status: 200, headers: {}, body: lastOutput(state!.steps) });
    case 'waiting':
      // The flow paused (a delay, a wait for an event) before answering: it goes on later.
      return accepted(executionId);
    case 'error':
      return failure(executionId, 500, 'execution_failed', execution.error?.message ?? 'the workflow failed', execution.error?.nodeId);
    case 'canceled':
      return failure(executionId, 500, 'execution_canceled', 'the execution was canceled before it answered');
    default:
      return failure(executionId, 504, 'timeout',
        `the workflow did not answer within ${webhookTimeoutMs} ms; execution ${executionId} goes on`);
  }
}

export async function deliver(runtime: Runtime, delivery: Delivery): Promise<DeliveryResult> {
  const { idempotency } = runtime.store;
  const scope = `${delivery.workflowId}:${delivery.path}`;
  const key = delivery.idempotencyKey;
  // The id is chosen here so that the key is claimed for the execution it starts.
  const executionId = newId();
  if (key) {
    const existing = await idempotency.claim(scope, key, executionId);
    if (existing) return replay(runtime, delivery, scope, existing.response);
  }
  const execution = await runtime.runner.start({
    executionId,
    workflowId: delivery.workflowId,
    version: delivery.version,
    triggerNodeId: delivery.nodeId,
    mode: 'webhook',
    payload: delivery.payload,
  }).catch(async (err: unknown) => {
    // A retry gets the same refusal rather than a key stuck "being started".
    const error = toHttpError(err) ?? internalError();
    if (key) await idempotency.saveResponse(scope, key, { status: error.status, headers: {}, body: errorBody(error.code, error.message) });
    throw err;
  });
  if (key) await idempotency.saveResponse(scope, key, accepted(execution.id));
  if (delivery.respond === 'immediately') return { executionId: execution.id, response: accepted(execution.id) };
  return finish(runtime, scope, key, execution.id);
}

async function finish(runtime: Runtime, scope: string, key: string | undefined, executionId: string): Promise<DeliveryResult> {
  const response = await outcome(runtime, executionId);
  // A timeout keeps the 202 stored, so that a retry waits for the same execution again.
  if (key && response.status !== 504) await runtime.store.idempotency.saveResponse(scope, key, response);
  return { executionId, response };
}

async function replay(runtime: Runtime, delivery: Delivery, scope: string, stored: WebhookResponse | null): Promise<DeliveryResult> {
  if (!stored) {
    const message = 'a delivery with this Idempotency-Key is still being started; retry in a moment';
    return { executionId: null, response: { status: 409, headers: {}, body: errorBody('idempotency_in_progress', message) } };
  }
  const executionId = stored.headers[EXECUTION_HEADER] ?? null;
  if (executionId && delivery.respond === 'when_done' && isInterim(stored)) {
    return finish(runtime, scope, delivery.idempotencyKey, executionId);
  }
  return { executionId, response: stored };
}
