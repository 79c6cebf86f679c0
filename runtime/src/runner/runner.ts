// Starts and continues executions. Each execution is driven by one loop in this process: every
// pending step runs at once (so a slow or waiting branch never holds another), and each result is
// checkpointed in its own transaction before anything that follows it is started.
import { EventEmitter } from 'node:events';
import type { HttpService, NodeCatalogue, NodeLogger, NodeServices, WebhookResponse } from '@tern/shared';
import type { Logger } from 'pino';
import { newId } from '../db/ids.js';
import type { ExecutionRecord, RunState, StateDelta, StepRecord, Store } from '../db/store.js';
import { executeStep, type StepEnvironment, type StepOutcome } from '../engine/execute-step.js';
import { type CompiledGraph, compileGraph } from '../engine/graph.js';
import { markRunning, pendingStep, planCancel, planFailure, planResult } from '../engine/planner.js';
import type { Clock, CredentialVault } from '../runtime.js';
import { sanitizeDelta } from './step-data.js';
import { RunError, type Runner, type RunnerEvents, type StartRequest } from './types.js';

export interface RunnerOptions {
  store: Store;
  catalogue: NodeCatalogue;
  clock: Clock;
  log: Logger;
  http: HttpService;
  vault: CredentialVault;
  stepDataMaxBytes: number;
  stepTimeoutMs?: number;
}

/** One execution being driven by this process. */
interface ActiveRun {
  /** Set when a wait of this execution fell due while it was being driven: load it again after. */
  reload: boolean;
  canceled: boolean;
  state: RunState | null;
  /** Checkpoints are written in order, one after the other. */
  persist: Promise<void>;
  /** The execution as last committed (what waiting callers may be told). */
  committed: ExecutionRecord | null;
  done: Promise<void>;
}

const GRAPH_CACHE_SIZE = 500;
const TERMINAL = new Set(['success', 'error', 'canceled']);

export class ExecutionRunner implements Runner {
  readonly events = new EventEmitter<RunnerEvents>();
  private readonly graphs = new Map<string, CompiledGraph>();
  private readonly active = new Map<string, ActiveRun>();
  /** Callers waiting on an execution's next committed change, by execution id. */
  private readonly watchers = new Map<string, Set<(e: ExecutionRecord) => void>>();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: RunnerOptions) {
    this.events.setMaxListeners(0);
  }

  get activeCount(): number {
    return this.active.size;
  }

  async start(request: StartRequest): Promise<ExecutionRecord> {
    const { store, clock } = this.options;
    let version = request.version;
    if (version === undefined) {
      const workflow = await store.workflows.get(request.workflowId);
      if (!workflow) throw new RunError('not_found', `workflow ${request.workflowId} does not exist`);
      version = workflow.activeVersion ?? workflow.version;
    }
    const graph = await this.graphOf(request.workflowId, version);
    const triggerId = pickTrigger(graph, request);
    const now = clock.now();
    const execution: ExecutionRecord = {
      id: request.executionId ?? newId(),
      workflowId: request.workflowId,
      workflowVersion: version,
      status: 'running',
      mode: request.mode,
      trigger: request.payload ?? {},
      contactId: request.contactId ?? null,
      error: null,
      response: null,
      startedAt: now.toISOString(),
      finishedAt: null,
    };
    const state: RunState = { execution, steps: [] };
    // Registered before the first write, so a recovery sweep never drives it a second time.
    const run = this.register(execution.id, state);
    const created = (async () => {
      const step = pendingStep(state, triggerId, { input: execution.trigger });
      state.steps.push(step);
      markRunning(step, now);
      const secrets = new Set<string>();
      const outcome = await executeStep(this.environment(state, graph, secrets), step);
      const clean = this.checkpoint(graph, state, step, outcome, secrets);
      await store.executions.create({ ...state.execution }, clean.upsertSteps);
      run.committed = { ...state.execution };
      if (!clean.execution && this.events.listenerCount('execution') > 0) this.events.emit('execution', run.committed);
      if (clean.addWaits.length > 0) await store.executions.apply(execution.id, { ...clean, upsertSteps: [] });
      this.announce(state, clean);
    })();
    // The caller learns of a failed start from the awaited promise below; `done` only tracks it.
    this.drain(execution.id, run, created);
    await created;
    return { ...state.execution };
  }

  resume(executionId: string): void {
    const run = this.active.get(executionId);
    if (run) {
      run.reload = true;
      return;
    }
    this.drain(executionId, this.register(executionId, null), Promise.resolve());
  }

  async cancel(executionId: string): Promise<ExecutionRecord | null> {
    const run = this.active.get(executionId);
    if (run) run.canceled = true;
    const state = run?.state ?? (await this.options.store.executions.load(executionId));
    if (!state) return null;
    if (TERMINAL.has(state.execution.status)) return { ...state.execution };
    const graph = await this.graphOf(state.execution.workflowId, state.execution.workflowVersion);
    const delta = planCancel(graph, state, this.options.clock.now());
    const write = () => this.options.store.executions.apply(executionId, delta);
    if (run) {
      run.persist = run.persist.then(write);
      await run.persist;
    } else {
      await write();
    }
    this.announce(state, delta);
    return { ...state.execution };
  }

  async settled(executionId: string, timeoutMs: number): Promise<ExecutionRecord | null> {
    return this.until(executionId, timeoutMs, (e) => e.status !== 'running', (e) => e);
  }

  async response(executionId: string, timeoutMs: number): Promise<WebhookResponse | null> {
    const settledOrResponded = (e: ExecutionRecord) => e.response !== null || e.status !== 'running';
    return this.until(executionId, timeoutMs, settledOrResponded, (e) => e.response);
  }

  idle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async whenBelow(count: number): Promise<void> {
    while (this.active.size >= count) {
      await Promise.race([...this.active.values()].map((r) => r.done.catch(() => undefined)));
    }
  }

  // -------------------------------------------------------------------------------------------

  private register(executionId: string, state: RunState | null): ActiveRun {
    const run: ActiveRun = {
      reload: false, canceled: false, state, persist: Promise.resolve(), committed: null, done: Promise.resolve(),
    };
    this.active.set(executionId, run);
    return run;
  }

  /** Drives the execution once `before` is done; a resume that arrives as the loop ends starts it again. */
  private drain(executionId: string, run: ActiveRun, before: Promise<void>): void {
    run.done = before
      .then(() => this.loop(executionId, run), () => undefined)
      .finally(() => {
        if (run.reload && !run.canceled) {
          run.state = null;
          this.drain(executionId, run, Promise.resolve());
        } else {
          this.release(executionId);
        }
      });
  }

  private release(executionId: string): void {
    this.active.delete(executionId);
    if (this.active.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Drives the execution until nothing is pending; loads it again if a wait fell due meanwhile. */
  private async loop(executionId: string, run: ActiveRun): Promise<void> {
    try {
      let loaded = run.state !== null;
      do {
        run.reload = false;
        if (!loaded) {
          run.state = await this.options.store.executions.load(executionId);
          // Taken up again (a wait fell due, or recovery): it is `running` once more.
          if (run.state && !TERMINAL.has(run.state.execution.status) && this.events.listenerCount('execution') > 0) {
            this.events.emit('execution', { ...run.state.execution });
          }
        }
        loaded = false;
        if (!run.state) return;
        await this.drive(run, run.state);
      } while (run.reload && !run.canceled);
    } catch (err) {
      // The execution stays `running` in the store and is picked up again by recovery.
      this.options.log.error({ err, executionId }, 'execution interrupted');
    }
  }

  private async drive(run: ActiveRun, state: RunState): Promise<void> {
    const { execution } = state;
    if (TERMINAL.has(execution.status)) return;
    const graph = await this.graphOf(execution.workflowId, execution.workflowVersion);
    const secrets = new Set<string>();
    const env = this.environment(state, graph, secrets);
    const inFlight = new Map<string, Promise<void>>();
    let failure: unknown = null;
    while (!run.canceled && failure === null) {
      for (const step of state.steps) {
        if (step.status !== 'pending' || inFlight.has(step.id)) continue;
        markRunning(step, this.options.clock.now());
        if (this.events.listenerCount('step') > 0) this.events.emit('step', execution.id, { ...step }, execution.workflowId);
        const task = executeStep(env, step)
          .then((outcome) => {
            if (run.canceled) return;
            const clean = this.checkpoint(graph, state, step, outcome, secrets);
            run.persist = run.persist.then(() => this.options.store.executions.apply(execution.id, clean));
            return run.persist.then(() => this.announce(state, clean));
          })
          .catch((err: unknown) => {
            failure ??= err;
          })
          .finally(() => inFlight.delete(step.id));
        inFlight.set(step.id, task);
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
    }
    await Promise.all(inFlight.values());
    if (failure !== null) throw failure;
    await run.persist;
  }

  /** What a step's outcome changes, as it is to be written: secrets redacted, large data capped. */
  private checkpoint(
    graph: CompiledGraph, state: RunState, step: StepRecord, outcome: StepOutcome, secrets: ReadonlySet<string>,
  ): StateDelta {
    const now = this.options.clock.now();
    const delta = outcome.ok
      ? planResult(graph, state, step, outcome.result, now, { skipped: outcome.skipped })
      : planFailure(graph, state, step, outcome.error, now);
    return sanitizeDelta(delta, { maxBytes: this.options.stepDataMaxBytes, secrets });
  }

  private environment(state: RunState, graph: CompiledGraph, secrets: Set<string>): StepEnvironment {
    const { vault, http, clock, log } = this.options;
    const services: NodeServices = {
      http,
      credentials: {
        async get(id, acceptedTypes) {
          const credential = await vault.get(id, acceptedTypes);
          for (const value of vault.secretValues(credential.type, credential.data)) secrets.add(value);
          return credential;
        },
      },
    };
    return {
      graph,
      state,
      workflowVersion: state.execution.workflowVersion,
      services,
      log: nodeLogger(() => log.child({ executionId: state.execution.id })),
      now: () => clock.now(),
      timeoutMs: this.options.stepTimeoutMs ?? 300_000,
    };
  }

  /** Tells listeners what a checkpoint changed. */
  private announce(state: RunState, delta: StateDelta): void {
    const { id, workflowId } = state.execution;
    if (this.events.listenerCount('step') > 0) for (const step of delta.upsertSteps) this.events.emit('step', id, step, workflowId);
    for (const wait of delta.addWaits) if (wait.dueAt !== null) this.events.emit('waitScheduled', wait.dueAt);
    if (delta.execution) {
      const committed = { ...state.execution };
      const run = this.active.get(id);
      if (run) run.committed = committed;
      this.events.emit('execution', committed);
      for (const watcher of this.watchers.get(id) ?? []) watcher(committed);
    }
  }

  async graphOf(workflowId: string, version: number): Promise<CompiledGraph> {
    const key = `${workflowId}@${version}`;
    let graph = this.graphs.get(key);
    if (!graph) {
      const record = await this.options.store.workflows.getVersion(workflowId, version);
      if (!record) throw new RunError('not_found', `workflow ${workflowId} has no version ${version}`);
      graph = compileGraph(record.definition, this.options.catalogue);
      if (this.graphs.size >= GRAPH_CACHE_SIZE) this.graphs.delete(this.graphs.keys().next().value!);
      this.graphs.set(key, graph);
    }
    return graph;
  }

  /** Waits until the execution's committed state satisfies `done`, or the timeout; then maps it. */
  private async until<T>(
    executionId: string,
    timeoutMs: number,
    done: (e: ExecutionRecord) => boolean,
    pick: (e: ExecutionRecord) => T,
  ): Promise<T | null> {
    return new Promise<T | null>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const watchers = this.watchers.get(executionId) ?? new Set();
      this.watchers.set(executionId, watchers);
      const finish = (e: ExecutionRecord | null) => {
        clearTimeout(timer);
        watchers.delete(watch);
        if (watchers.size === 0 && this.watchers.get(executionId) === watchers) this.watchers.delete(executionId);
        resolve(e ? pick(e) : null);
      };
      const watch = (e: ExecutionRecord) => {
        if (done(e)) finish(e);
      };
      watchers.add(watch);
      const current = () => this.active.get(executionId)?.committed ?? this.options.store.executions.get(executionId);
      timer = setTimeout(() => {
        Promise.resolve(current()).then(finish, reject);
      }, timeoutMs);
      Promise.resolve(current()).then((e) => {
        if (!e) finish(null);
        else if (done(e)) finish(e);
      }, reject);
    });
  }
}

function pickTrigger(graph: CompiledGraph, request: StartRequest): string {
  if (request.triggerNodeId) {
    const node = graph.nodes.get(request.triggerNodeId);
    if (!node?.definition.trigger) throw new RunError('invalid', `"${request.triggerNodeId}" is not a trigger of this workflow`);
    return node.node.id;
  }
  const wanted = request.mode === 'cli' ? 'manual' : request.mode;
  const trigger = graph.triggers.find((t) => t.definition.trigger === wanted) ?? graph.triggers[0];
  if (!trigger) throw new RunError('invalid', 'this workflow has no trigger');
  return trigger.node.id;
}

/** The logger nodes get; its child logger is made on the first line a node logs. */
function nodeLogger(make: () => Logger): NodeLogger {
  let log: Logger | null = null;
  const get = () => (log ??= make());
  return {
    debug: (msg, data) => get().debug(data ?? {}, msg),
    info: (msg, data) => get().info(data ?? {}, msg),
    warn: (msg, data) => get().warn(data ?? {}, msg),
    error: (msg, data) => get().error(data ?? {}, msg),
  };
}
