// Executions as the API shows them (the record with its steps and what it waits for), manual runs
// of a workflow, re-runs and cancellation.
import type { ExecutionRecord, ExecutionStatus, StepRecord, WaitRecord } from '../db/store.js';
import { HttpError, notFound } from '../http/errors.js';
import type { Runtime } from '../runtime.js';
import { getWorkflow } from './workflows.js';

/** The statuses an execution never leaves. */
export const FINAL_STATUSES: ReadonlySet<ExecutionStatus> = new Set(['success', 'error', 'canceled']);

/** A step as the API shows it; `id` tells apart the steps of a node that ran more than once. */
export const stepView = (s: StepRecord) => ({
  id: s.id,
  nodeId: s.nodeId,
  status: s.status,
  input: s.input,
  output: s.output,
  error: s.error,
  attempt: s.attempt,
  startedAt: s.startedAt,
  finishedAt: s.finishedAt,
  port: s.port,
});

const waitView = (w: WaitRecord, steps: StepRecord[]) => ({
  nodeId: steps.find((s) => s.id === w.stepId)?.nodeId ?? null,
  dueAt: w.dueAt === null ? null : new Date(w.dueAt).toISOString(),
  eventType: w.eventType,
  createdAt: w.createdAt,
});

export type ExecutionView = ExecutionRecord & {
  steps: ReturnType<typeof stepView>[];
  waits: ReturnType<typeof waitView>[];
};

export async function executionView(runtime: Runtime, id: string): Promise<ExecutionView> {
  const state = await runtime.store.executions.load(id);
  if (!state) throw notFound('execution');
  const waits = await runtime.store.executions.waitsOf(id);
  return {
    ...state.execution,
    steps: state.steps.map(stepView),
    waits: waits.map((w) => waitView(w, state.steps)),
  };
}

export async function cancelExecution(runtime: Runtime, id: string): Promise<ExecutionView> {
  if (!(await runtime.store.executions.get(id))) throw notFound('execution');
  await runtime.runner.cancel(id);
  return executionView(runtime, id);
}

/** Which version a manual run takes: the active one (else the latest) unless told. */
export type RunVersion = 'latest' | number;

export interface RunOptions {
  /** Wait for the execution to settle (up to the webhook timeout) and resolve with its view. */
  wait: boolean;
  version?: RunVersion;
  /** The trigger node that receives the payload; default: the workflow's manual trigger, else its first. */
  triggerNodeId?: string;
}

export interface RunResult {
  executionId: string;
  view?: ExecutionView;
}

/** Starts a manual run of a workflow, of the version asked for or else its active (or latest) one. */
export async function runWorkflow(runtime: Runtime, workflowId: string, payload: unknown, options: RunOptions): Promise<RunResult> {
  const workflow = await getWorkflow(runtime, workflowId);
  const version = options.version === undefined ? workflow.activeVersion ?? workflow.version
    : options.version === 'latest' ? workflow.version
      : options.version;
  if (version !== workflow.version && !(await runtime.store.workflows.getVersion(workflowId, version))) {
    throw notFound('workflow version');
  }
  if (options.triggerNodeId !== undefined) await assertTrigger(runtime, workflowId, version, options.triggerNodeId);
  return start(runtime, { workflowId, version, payload, triggerNodeId: options.triggerNodeId }, options.wait);
}

/** Runs an execution's workflow version again, with the same trigger payload, trigger node and contact. */
export async function rerunExecution(runtime: Runtime, executionId: string, wait: boolean): Promise<RunResult> {
  const original = await runtime.store.executions.load(executionId);
  if (!original) throw notFound('execution');
  const { workflowId, workflowVersion, trigger, contactId } = original.execution;
  // The trigger step is the first step of every execution (the record does not name its node).
  const triggerNodeId = original.steps[0]?.nodeId;
  return start(runtime, { workflowId, version: workflowVersion, payload: trigger, contactId, triggerNodeId }, wait);
}

async function start(
  runtime: Runtime,
  request: { workflowId: string; version: number; payload: unknown; triggerNodeId?: string | undefined; contactId?: string | null },
  wait: boolean,
): Promise<RunResult> {
  const execution = await runtime.runner.start({ ...request, mode: 'manual' });
  if (!wait) return { executionId: execution.id };
  await runtime.runner.settled(execution.id, runtime.config.webhookTimeoutMs);
  return { executionId: execution.id, view: await executionView(runtime, execution.id) };
}

async function assertTrigger(runtime: Runtime, workflowId: string, version: number, nodeId: string): Promise<void> {
  const graph = await runtime.runner.graphOf(workflowId, version);
  const node = graph.nodes.get(nodeId);
  if (node?.definition.trigger) return;
  const message = node ? `node "${nodeId}" is not a trigger` : `version ${version} of this workflow has no node "${nodeId}"`;
  throw new HttpError(400, 'invalid_request', `invalid request query: trigger: ${message}`, [{ field: 'trigger', message }]);
}
