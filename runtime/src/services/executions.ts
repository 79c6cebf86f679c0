// Executions as the API shows them: the record with its steps and what it waits for.
import type { ExecutionRecord, StepRecord, WaitRecord } from '../db/store.js';
import { notFound } from '../http/errors.js';
import type { Runtime } from '../runtime.js';
import { getWorkflow } from './workflows.js';

const stepView = (s: StepRecord) => ({
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

/** Starts a manual run; with `wait`, resolves with the execution once it settles (or times out). */
export async function runWorkflow(
  runtime: Runtime,
  workflowId: string,
  payload: unknown,
  wait: boolean,
): Promise<{ executionId: string; view?: ExecutionView }> {
  await getWorkflow(runtime, workflowId);
  const execution = await runtime.runner.start({ workflowId, mode: 'manual', payload });
  if (!wait) return { executionId: execution.id };
  await runtime.runner.settled(execution.id, runtime.config.webhookTimeoutMs);
  return { executionId: execution.id, view: await executionView(runtime, execution.id) };
}
