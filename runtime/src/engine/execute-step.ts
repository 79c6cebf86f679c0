// Runs one node for one step: builds its context (rendered params, input, resume info, services,
// idempotency key) and turns whatever it does — return or throw — into a result or an error.
import {
  type ExecutionContextData,
  type NodeContext,
  type NodeLogger,
  type NodeResult,
  type NodeServices,
  ParamError,
  next,
  outputsOf,
  resolveParams,
} from '@tern/shared';
import type { ExecutionError, RunState, StepRecord } from '../db/store.js';
import type { CompiledGraph } from './graph.js';
import { isRetry } from './planner.js';

export interface StepEnvironment {
  graph: CompiledGraph;
  state: RunState;
  workflowVersion: number;
  services: NodeServices;
  log: NodeLogger;
  now(): Date;
  timeoutMs: number;
  /** The execution's contact as templates and rules read it (`contact.first_name`, `contact.plan`). */
  contact?: Record<string, unknown> | null;
}

export type StepOutcome =
  | { ok: true; result: NodeResult; skipped: boolean }
  | { ok: false; error: ExecutionError };

export async function executeStep(env: StepEnvironment, step: StepRecord): Promise<StepOutcome> {
  const compiled = env.graph.nodes.get(step.nodeId);
  if (!compiled) return { ok: false, error: { message: `node "${step.nodeId}" is not in this workflow version`, nodeId: step.nodeId } };
  const { node, definition } = compiled;
  const data = contextData(env);
  try {
    if (node.disabled) {
      const port = outputsOf(definition, node.params)[0] ?? 'out';
      return { ok: true, result: next(step.input, port), skipped: true };
    }
    const params = resolveParams(definition, node.params, data);
    const retry = isRetry(step.resume?.state);
    const ctx: NodeContext<unknown> = {
      params,
      input: step.input,
      data,
      contact: data.contact,
      ...(step.resume && !retry ? { resume: step.resume } : {}),
      services: env.services,
      idempotencyKey: step.id,
      log: env.log,
      now: env.now,
      node: { id: node.id, type: node.type, version: node.version, ...(node.name ? { name: node.name } : {}) },
      timezone: String(env.graph.workflow.settings.timezone ?? 'UTC'),
    };
    const returned = definition.execute(ctx);
    // Most nodes answer synchronously; only a promise needs a timer to bound it.
    const result = isPromise(returned) ? await withTimeout(returned, env.timeoutMs, node.id) : returned;
    return { ok: true, result: checkResult(result, outputsOf(definition, params), node.id), skipped: false };
  } catch (err) {
    return { ok: false, error: { message: describeError(err), nodeId: node.id } };
  }
}

/** What templates and rules read: the trigger's output, each node's latest output, and metadata. */
export function contextData(env: Pick<StepEnvironment, 'graph' | 'state' | 'workflowVersion' | 'contact'>): ExecutionContextData {
  const { state, graph } = env;
  const steps: Record<string, unknown> = {};
  let trigger: unknown = null;
  for (const s of state.steps) {
    if (s.status !== 'success' && s.status !== 'skipped') continue;
    steps[s.nodeId] = s.output;
    if (trigger === null && graph.nodes.get(s.nodeId)?.definition.trigger) trigger = s.output;
  }
  const e = state.execution;
  return {
    trigger,
    contact: env.contact ?? null,
    steps,
    workflow: { id: e.workflowId, name: graph.workflow.name, version: env.workflowVersion, settings: graph.workflow.settings },
    execution: { id: e.id, mode: e.mode, startedAt: e.startedAt },
  };
}

function checkResult(result: NodeResult, ports: string[], nodeId: string): NodeResult {
  if (!result || typeof result !== 'object' || !('kind' in result)) {
    throw new Error(`node "${nodeId}" returned no result`);
  }
  if (result.kind === 'continue' && !ports.includes(result.port)) {
    throw new Error(`node "${nodeId}" chose port "${result.port}", which it does not have (${ports.join(', ')})`);
  }
  if (result.kind === 'wait' && !result.until && !result.event) {
    throw new Error(`node "${nodeId}" asked to wait without a time or an event`);
  }
  return result;
}

function describeError(err: unknown): string {
  if (err instanceof ParamError) return err.message;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | null)?.then === 'function';
}

async function withTimeout<T>(promise: Promise<T>, ms: number, nodeId: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`node "${nodeId}" did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
