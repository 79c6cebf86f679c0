// The interpreter's state transitions, without I/O: given a run state and what a node did, work out
// every change — the step's checkpoint, the steps it makes pending, waits, joins that can fire,
// and the execution's status — apply it to the in-memory state and return it as one delta for
// the store to write in one transaction.
import type { NodeResult, WorkflowEdge } from '@tern/shared';
import type { ExecutionError, RunState, StateDelta, StepRecord, WaitRecord } from '../db/store.js';
import type { CompiledGraph } from './graph.js';
import { isoTime } from './iso-time.js';

/** What a join node receives: one item per delivering edge, in arrival order. */
export interface JoinItem {
  from: string;
  port: string;
  data: unknown;
}

const ACTIVE = new Set(['pending', 'running', 'waiting']);

/** Marks the wait of a retry, so the step is executed afresh rather than resumed. */
export const RETRY_STATE = { __ternRetry: true } as const;

/** Collects the changes of one transition while applying them to the state. */
class Transition {
  private readonly steps = new Map<string, StepRecord>();
  private readonly waits: WaitRecord[] = [];
  private readonly endedWaits = new Set<string>();
  private executionChanged = false;

  constructor(
    readonly graph: CompiledGraph,
    readonly state: RunState,
    readonly now: Date,
  ) {}

  touch(step: StepRecord): StepRecord {
    this.steps.set(step.id, step);
    return step;
  }

  addStep(nodeId: string, fields: Partial<StepRecord>): StepRecord {
    const step = pendingStep(this.state, nodeId, fields);
    this.state.steps.push(step);
    return this.touch(step);
  }

  addWait(wait: WaitRecord): void {
    this.waits.push(wait);
  }

  endWaitOf(stepId: string): void {
    this.endedWaits.add(stepId);
  }

  setExecution(fields: StateDelta['execution']): void {
    Object.assign(this.state.execution, fields);
    this.executionChanged = true;
  }

  delta(): StateDelta {
    const e = this.state.execution;
    return {
      upsertSteps: [...this.steps.values()].map((s) => ({ ...s })),
      addWaits: this.waits,
      removeWaitsForSteps: [...this.endedWaits],
      ...(this.executionChanged
        ? { execution: { status: e.status, error: e.error, response: e.response, finishedAt: e.finishedAt, contactId: e.contactId } }
        : {}),
    };
  }
}

// ---------------------------------------------------------------------------------------------

/** A new step of the execution, next in sequence, pending unless `fields` say otherwise (not yet
 *  added to the state). */
export function pendingStep(state: RunState, nodeId: string, fields: Partial<StepRecord> = {}): StepRecord {
  const last = state.steps[state.steps.length - 1];
  const seq = (last?.seq ?? 0) + 1;
  return {
    id: `${state.execution.id}-${seq}`,
    executionId: state.execution.id,
    nodeId,
    seq,
    status: 'pending',
    input: null,
    output: null,
    port: null,
    error: null,
    attempt: 0,
    resume: null,
    joined: [],
    startedAt: null,
    finishedAt: null,
    ...fields,
  };
}

/** Marks a pending step as started (in memory; the checkpoint comes with its result). A step
 *  re-entered after its wait keeps its attempt number; a retry counts as a new attempt. */
export function markRunning(step: StepRecord, now: Date): void {
  const resumed = step.resume !== null && !isRetry(step.resume.state);
  step.status = 'running';
  if (!resumed) {
    step.attempt += 1;
    step.startedAt = isoTime(now);
  }
}

export function isRetry(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as Record<string, unknown>).__ternRetry === RETRY_STATE.__ternRetry;
}

/** What happens after a node returned a result. */
export function planResult(
  graph: CompiledGraph,
  state: RunState,
  step: StepRecord,
  result: NodeResult,
  now: Date,
  options: { skipped?: boolean } = {},
): StateDelta {
  const t = new Transition(graph, state, now);
  t.touch(step);
  finish(t, step, result, options.skipped);
  return t.delta();
}

/** What happens after a node threw: a durable retry when the node allows one, else the execution fails. */
export function planFailure(graph: CompiledGraph, state: RunState, step: StepRecord, error: ExecutionError, now: Date): StateDelta {
  const t = new Transition(graph, state, now);
  t.touch(step);
  const retry = graph.nodes.get(step.nodeId)?.node.retry;
  if (retry && step.attempt < retry.attempts) {
    step.status = 'waiting';
    step.error = error;
    step.resume = null;
    const delay = retry.delayMs * 2 ** (step.attempt - 1);
    t.addWait(waitRecord(state, step, now, { dueAt: now.getTime() + delay, state: RETRY_STATE }));
    settle(t);
    return t.delta();
  }
  step.status = 'error';
  step.error = error;
  step.finishedAt = isoTime(now);
  endExecution(t, 'error', { ...error, nodeId: step.nodeId });
  return t.delta();
}

/** Cancels every active step and the execution. */
export function planCancel(graph: CompiledGraph, state: RunState, now: Date): StateDelta {
  const t = new Transition(graph, state, now);
  endExecution(t, 'canceled', null);
  return t.delta();
}

/**
 * The execution is given up on outside any step (its queue job stalled past the limit): every
 * active step is canceled and the execution ends in `error` with the reason.
 */
export function planAbandon(graph: CompiledGraph, state: RunState, now: Date, reason: string): StateDelta {
  const t = new Transition(graph, state, now);
  endExecution(t, 'error', { message: reason });
  return t.delta();
}

/**
 * A contact leaves the journey before the next step (a journey exit rule). Met goal: the goal's
 * step is recorded as converted and the execution succeeds; any other reason cancels it, saying
 * why. Every active step is canceled, its waits ended.
 */
export function planExit(
  graph: CompiledGraph,
  state: RunState,
  now: Date,
  exit: { goalNodeId: string; reason?: undefined } | { goalNodeId?: undefined; reason: string },
): StateDelta {
  const t = new Transition(graph, state, now);
  if (exit.goalNodeId === undefined) {
    endExecution(t, 'canceled', { message: exit.reason });
    return t.delta();
  }
  // The goal's own step, when it is the one about to run, is the one that converts.
  const iso = isoTime(now);
  const goal = { status: 'success' as const, output: { converted: true, exited: true }, port: null, error: null, finishedAt: iso };
  const due = state.steps.find((s) => s.nodeId === exit.goalNodeId && s.status === 'pending');
  if (due) Object.assign(t.touch(due), goal, { attempt: due.attempt + 1, startedAt: iso });
  endExecution(t, 'success', null);
  if (!due) t.addStep(exit.goalNodeId, { ...goal, attempt: 1, startedAt: iso });
  return t.delta();
}

// ---------------------------------------------------------------------------------------------

function finish(t: Transition, step: StepRecord, result: NodeResult, skipped = false): void {
  const iso = isoTime(t.now);
  switch (result.kind) {
    case 'continue': {
      step.status = skipped ? 'skipped' : 'success';
      step.output = result.output;
      step.port = result.port;
      step.error = null;
      step.finishedAt = iso;
      if (result.response && !t.state.execution.response) t.setExecution({ response: result.response });
      const edges = t.graph.nodes.get(step.nodeId)?.outgoing.get(result.port) ?? [];
      for (const edge of edges) deliver(t, edge, result.port, result.output);
      break;
    }
    case 'stop':
      step.status = 'success';
      step.output = result.output ?? null;
      step.port = null;
      step.error = null;
      step.finishedAt = iso;
      break;
    case 'wait': {
      step.status = 'waiting';
      step.resume = null;
      const timeout = result.until ?? result.event?.timeoutAt;
      t.addWait(
        waitRecord(t.state, step, t.now, {
          dueAt: timeout ? timeout.getTime() : null,
          eventType: result.event?.type ?? null,
          eventFilter: result.event?.filter ?? null,
          state: result.output ?? null,
        }),
      );
      break;
    }
  }
  settle(t);
}

function waitRecord(state: RunState, step: StepRecord, now: Date, fields: Partial<WaitRecord>): WaitRecord {
  return {
    executionId: state.execution.id,
    stepId: step.id,
    dueAt: null,
    eventType: null,
    eventFilter: null,
    contactId: state.execution.contactId,
    state: null,
    createdAt: isoTime(now),
    ...fields,
  };
}

/** Moves a token along an edge: a new pending step, or one more input of a join. */
function deliver(t: Transition, edge: WorkflowEdge, port: string, data: unknown): void {
  const target = t.graph.nodes.get(edge.target);
  if (!target) return;
  if (!target.join) {
    t.addStep(edge.target, { input: data });
    return;
  }
  const item: JoinItem = { from: edge.source, port, data };
  const steps = t.state.steps.filter((s) => s.nodeId === edge.target);
  const collecting = steps.find((s) => s.status === 'waiting');
  if (target.join === 'first') {
    const latest = steps[steps.length - 1];
    // A second edge of the same round is recorded but does not fire again; the same edge
    // delivering again means a new round (a loop), which fires anew.
    if (latest && !latest.joined.includes(edge.id)) {
      latest.joined = [...latest.joined, edge.id];
      t.touch(latest);
      return;
    }
    t.addStep(edge.target, { input: [item], joined: [edge.id] });
    return;
  }
  if (collecting) {
    collecting.input = [...((collecting.input as JoinItem[] | null) ?? []), item];
    collecting.joined = [...collecting.joined, edge.id];
    t.touch(collecting);
  } else {
    t.addStep(edge.target, { status: 'waiting', input: [item], joined: [edge.id] });
  }
}

/** Fires joins whose every input has delivered or can no longer deliver, then derives the status. */
function settle(t: Transition): void {
  const { state, graph } = t;
  let fired = true;
  while (fired) {
    fired = false;
    for (const step of state.steps) {
      const node = graph.nodes.get(step.nodeId);
      if (step.status !== 'waiting' || node?.join !== 'all') continue;
      const open = node.incoming.filter((e) => !step.joined.includes(e.id) && canStillDeliver(t, e, step));
      if (open.length === 0) {
        step.status = 'pending';
        t.touch(step);
        fired = true;
      }
    }
  }
  const e = state.execution;
  if (e.status === 'error' || e.status === 'canceled') return;
  const status = state.steps.some((s) => s.status === 'pending' || s.status === 'running')
    ? 'running'
    : state.steps.some((s) => s.status === 'waiting')
      ? 'waiting'
      : 'success';
  if (status !== e.status) {
    t.setExecution({ status, finishedAt: status === 'success' ? isoTime(t.now) : null });
  }
}

/** Whether an edge into a join may still carry a token: its source is active or reachable from an active step. */
function canStillDeliver(t: Transition, edge: WorkflowEdge, join: StepRecord): boolean {
  for (const s of t.state.steps) {
    if (s === join || !ACTIVE.has(s.status)) continue;
    if (s.nodeId === edge.source || t.graph.reachable(s.nodeId).has(edge.source)) return true;
  }
  return false;
}

function endExecution(t: Transition, status: 'error' | 'canceled' | 'success', error: ExecutionError | null): void {
  const iso = isoTime(t.now);
  for (const s of t.state.steps) {
    if (!ACTIVE.has(s.status)) continue;
    if (s.status === 'waiting') t.endWaitOf(s.id);
    s.status = 'canceled';
    s.finishedAt = iso;
    t.touch(s);
  }
  t.setExecution({ status, error, finishedAt: iso });
}
