// A tiny catalogue and a driver for engine tests: runs a workflow through the planner alone, in
// memory, so tests see exactly what the interpreter decides without storage or the clock.
import { z } from 'zod';
import {
  defineNode,
  NodeCatalogue,
  type NodeResult,
  next,
  stop,
  validateWorkflow,
  type WorkflowInput,
  waitUntil,
} from '@tern/shared';
import type { RunState, StepRecord } from '../src/db/store.js';
import { type CompiledGraph, compileGraph } from '../src/engine/graph.js';
import { markRunning, pendingStep, planFailure, planResult } from '../src/engine/planner.js';

export const testCatalogue = new NodeCatalogue([
  defineNode({
    type: 'test.start', version: 1, title: 'Start', description: 'starts', category: 'trigger', icon: 'play',
    trigger: 'manual', outputs: ['out'], params: z.object({}), execute: (ctx) => next(ctx.input),
  }),
  defineNode({
    type: 'test.branch', version: 1, title: 'Branch', description: 'yes/no on input.ok', category: 'logic', icon: 'split',
    outputs: ['yes', 'no'], params: z.object({}),
    execute: (ctx) => next(ctx.input, (ctx.input as { ok?: boolean }).ok ? 'yes' : 'no'),
  }),
  defineNode({
    type: 'test.pass', version: 1, title: 'Pass', description: 'passes', category: 'data', icon: 'pencil',
    outputs: ['out'], params: z.object({}), execute: (ctx) => next(ctx.input),
  }),
  defineNode({
    type: 'test.sleep', version: 1, title: 'Sleep', description: 'waits a minute', category: 'flow', icon: 'timer',
    outputs: ['out'], params: z.object({}), waits: true,
    execute: (ctx) => (ctx.resume ? next(ctx.input) : waitUntil(new Date(ctx.now().getTime() + 60_000))),
  }),
  defineNode({
    type: 'test.join', version: 1, title: 'Join', description: 'joins', category: 'logic', icon: 'merge',
    outputs: ['out'], params: z.object({ mode: z.enum(['all', 'first']).default('all') }),
    join: (p) => p.mode, execute: (ctx) => next(ctx.input),
  }),
  defineNode({
    type: 'test.end', version: 1, title: 'End', description: 'ends', category: 'flow', icon: 'flag',
    outputs: [], params: z.object({}), execute: () => stop({ done: true }),
  }),
]);

export function compileTest(input: WorkflowInput): CompiledGraph {
  const result = validateWorkflow(input, testCatalogue);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return compileGraph(result.workflow, testCatalogue);
}

export function newState(id = 'x'): RunState {
  return {
    execution: {
      id, workflowId: 'wf', workflowVersion: 1, status: 'running', mode: 'manual', trigger: {}, contactId: null,
      error: null, response: null, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: null,
    },
    steps: [],
  };
}

/** Executes the node of a pending step the way the runner would, minus storage. */
export async function runStep(graph: CompiledGraph, state: RunState, step: StepRecord, now: Date, result?: NodeResult) {
  markRunning(step, now);
  const compiled = graph.nodes.get(step.nodeId)!;
  const outcome =
    result ??
    (await compiled.definition.execute({
      params: compiled.node.params, input: step.input, data: {} as never, contact: null,
      ...(step.resume ? { resume: step.resume } : {}),
      services: {} as never, idempotencyKey: step.id, log: console, now: () => now, node: compiled.node, timezone: 'UTC',
    }));
  return planResult(graph, state, step, outcome, now);
}

export function fail(graph: CompiledGraph, state: RunState, step: StepRecord, message: string, now: Date) {
  markRunning(step, now);
  return planFailure(graph, state, step, { message }, now);
}

/** Runs every pending step until none is left; returns the node ids in the order they ran. */
export async function drain(graph: CompiledGraph, state: RunState, now: Date): Promise<string[]> {
  const ran: string[] = [];
  for (let step = pending(state); step; step = pending(state)) {
    ran.push(step.nodeId);
    await runStep(graph, state, step, now);
  }
  return ran;
}

export function pending(state: RunState): StepRecord | undefined {
  return state.steps.find((s) => s.status === 'pending');
}

export function startAt(state: RunState, nodeId: string, input: unknown): StepRecord {
  const step = pendingStep(state, nodeId, { input });
  state.steps.push(step);
  return step;
}
