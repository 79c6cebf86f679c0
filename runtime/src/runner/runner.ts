// Starts and continues executions. Each execution is driven by one loop in this process: every
// pending step runs at once (so a slow or waiting branch never holds another), and each result is
// checkpointed in its own transaction before anything that follows it is started.
import { EventEmitter } from 'node:events';
import type { HttpService, NodeCatalogue, NodeLogger, NodeServices, WebhookResponse } from '@tern/shared';
import type { Logger } from 'pino';
import { newId } from '../db/ids.js';
import type { ExecutionRecord, RunState, StateDelta, StepRecord, Store } from '../db/store.js';
import { contextData, executeStep, type StepEnvironment, type StepOutcome } from '../engine/execute-step.js';
import { type CompiledGraph, compileGraph } from '../engine/graph.js';
import { isoTime } from '../engine/iso-time.js';
import { markRunning, pendingStep, planCancel, planExit, planFailure, planResult } from '../engine/planner.js';
import type { RunObserver } from '../metrics/metrics.js';
import type { Clock, CredentialVault } from '../runtime.js';
import { contactContext, contactWithSegments } from '../services/contacts-view.js';
import { checkExit, entryRuleOf, type ExitRules, exitRulesOf } from './journey-rules.js';
import { sanitizeDelta } from './step-data.js';
import { RunError, type Runner, type RunnerEvents, type StartRequest } from './types.js';

export interface RunnerOptions {
  store: Store;
  catalogue: NodeCatalogue;
  clock: Clock;
  log: Logger;
  http: HttpService;
  vault: CredentialVault;
  /** Email, SMS and tracking links for nodes (`ctx.services`); absent ones make those nodes fail clearly. */
  messaging?: Pick<NodeServices, 'email' | 'sms' | 'tracking' | 'messages'>;
  /** The contact database for crm.contact, crm.tag and crm.score (`ctx.services.contacts`). */
  contacts?: NodeServices['contacts'];
  stepDataMaxBytes: number;
  stepTimeoutMs?: number;
  /** Told of every execution created and step executed (the metrics). */
  observer?: RunObserver;
  /**
   * Queue mode: executions are handed to this (a queue job naming the execution) instead of
   * being driven here; a worker drives them with `driveHere()`. Callers waiting on an
   * execution then poll the store, since another process commits its changes.
   */
  handOff?: (executionId: string) => Promise<void>;
  /** Queue mode: tells the workers of a cancel written here, so the one driving it stops. */
  announceCancel?: (executionId: string) => Promise<void>;
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

/** One pass of driving an execution: what its steps run with, and the steps running now. */
interface Drive {
  run: ActiveRun;
  state: RunState;
  graph: CompiledGraph;
  /** Secret values the steps read, redacted from what is recorded. */
  secrets: Set<string>;
  env: StepEnvironment;
  inFlight: Map<string, Promise<void>>;
  failure: unknown;
}

const GRAPH_CACHE_SIZE = 500;
/** Nodes that change the run's contact: the steps after them read the contact anew. */
const CONTACT_NODES = new Set(['crm.contact', 'crm.tag', 'crm.score']);
const TERMINAL = new Set(['success', 'error', 'canceled']);
/** How often a caller waiting on an execution driven by another process reads it again. */
const POLL_MS = 100;

export class ExecutionRunner implements Runner {
  readonly events = new EventEmitter<RunnerEvents>();
  private readonly graphs = new Map<string, CompiledGraph>();
  private readonly active = new Map<string, ActiveRun>();
  /** Callers waiting on an execution's next committed change, by execution id. */
  private readonly watchers = new Map<string, Set<(e: ExecutionRecord) => void>>();
  /** Callers of driveHere(), woken when this process lets go of the execution. */
  private readonly releaseWaiters = new Map<string, Array<() => void>>();
  /** Callers of whenBelow(), woken as executions finish (idle() is whenBelow(1)). */
  private roomWaiters: Array<{ below: number; wake: () => void }> = [];
  /** The executions to be read in the next batch (loadSoon). */
  private loading: { ids: string[]; states: Promise<Map<string, RunState>> } | null = null;
  /** Set by stopStarting(): no step starts any more; runs end once their steps in flight are checkpointed. */
  private stopping = false;

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
      startedAt: isoTime(now),
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
      const env = { ...this.environment(state, graph, secrets), contact: execution.contactId === null ? null : await contactOf(store, execution.contactId) };
      const outcome = await this.execute(env, step);
      const clean = this.checkpoint(graph, state, step, outcome, secrets);
      const entry = entryRuleOf(graph, execution.mode, execution.contactId);
      if (!(await store.executions.create({ ...state.execution }, clean.upsertSteps, entry))) {
        throw new RunError('conflict', `the contact ${execution.contactId} is in this journey already (re-entry: ${entry})`);
      }
      this.options.observer?.started(execution.mode);
      run.committed = { ...state.execution };
      if (!clean.execution && this.events.listenerCount('execution') > 0) this.events.emit('execution', run.committed);
      if (clean.addWaits.length > 0) await store.executions.apply(execution.id, { ...clean, upsertSteps: [] });
      this.announce(state, clean);
    })();
    const { handOff } = this.options;
    if (handOff) {
      try {
        await created;
      } finally {
        this.release(execution.id);
      }
      // Not awaited: with Redis away the execution is committed, and the reconciler enqueues it later.
      if (state.execution.status === 'running') this.resume(execution.id);
      return { ...state.execution };
    }
    // The caller learns of a failed start from the awaited promise below; `done` only tracks it.
    this.drain(execution.id, run, created);
    await created;
    return { ...state.execution };
  }

  resume(executionId: string): void {
    const { handOff } = this.options;
    if (handOff) {
      handOff(executionId).catch((err: unknown) => this.options.log.error({ err, executionId }, 'enqueueing an execution failed; the reconciler will enqueue it'));
      return;
    }
    this.driveHere(executionId);
  }

  /**
   * Drives the execution in this process (what resume() does outside queue mode); resolves once
   * this process lets go of it, whatever its state then (the caller reads the store).
   */
  driveHere(executionId: string): Promise<void> {
    const run = this.active.get(executionId);
    if (run) {
      run.reload = true;
      return this.released(executionId);
    }
    this.drain(executionId, this.register(executionId, null), Promise.resolve());
    return this.released(executionId);
  }

  /** No step starts any more (a worker shutting down): runs end once their steps in flight are checkpointed. */
  stopStarting(): void {
    this.stopping = true;
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
    this.options.announceCancel?.(executionId).catch((err: unknown) => this.options.log.warn({ err, executionId }, 'telling the workers of a cancel failed'));
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
    return this.whenBelow(1);
  }

  whenBelow(count: number): Promise<void> {
    if (this.active.size < count) return Promise.resolve();
    return new Promise((wake) => this.roomWaiters.push({ below: count, wake }));
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
        if (run.reload && !run.canceled && !this.stopping) {
          run.state = null;
          this.drain(executionId, run, Promise.resolve());
        } else {
          this.release(executionId);
        }
      });
  }

  private released(executionId: string): Promise<void> {
    return new Promise((wake) => {
      const waiting = this.releaseWaiters.get(executionId) ?? [];
      waiting.push(wake);
      this.releaseWaiters.set(executionId, waiting);
    });
  }

  private release(executionId: string): void {
    this.active.delete(executionId);
    const drivers = this.releaseWaiters.get(executionId);
    if (drivers) {
      this.releaseWaiters.delete(executionId);
      for (const wake of drivers) wake();
    }
    if (this.roomWaiters.length === 0) return;
    const size = this.active.size;
    const waiting = this.roomWaiters;
    this.roomWaiters = waiting.filter((w) => w.below <= size);
    for (const w of waiting) if (w.below > size) w.wake();
  }

  /** Drives the execution until nothing is pending; loads it again if a wait fell due meanwhile. */
  private async loop(executionId: string, run: ActiveRun): Promise<void> {
    try {
      for (;;) {
        run.reload = false;
        if (!run.state) {
          run.state = await this.loadSoon(executionId);
          // Taken up again (a wait fell due, or recovery): it is `running` once more.
          if (run.state && !TERMINAL.has(run.state.execution.status) && this.events.listenerCount('execution') > 0) {
            this.events.emit('execution', { ...run.state.execution });
          }
        }
        if (!run.state) return;
        await this.drive(run, run.state);
        if (!run.reload || run.canceled) return;
        run.state = null;
      }
    } catch (err) {
      // The execution stays `running` in the store and is picked up again by recovery.
      this.options.log.error({ err, executionId }, 'execution interrupted');
    }
  }

  /**
   * Loads an execution together with every other one asked for in the same turn of the event loop:
   * the scheduler resumes a batch of executions at once, and one query then reads them all.
   */
  private loadSoon(executionId: string): Promise<RunState | null> {
    if (!this.loading) {
      const ids: string[] = [];
      // Runs after the loops started in this turn have each added their id.
      const states = Promise.resolve().then(() => {
        this.loading = null;
        return this.options.store.executions.loadMany(ids);
      }).then((list) => new Map(list.map((state) => [state.execution.id, state])));
      this.loading = { ids, states };
    }
    this.loading.ids.push(executionId);
    return this.loading.states.then((states) => states.get(executionId) ?? null);
  }

  private async drive(run: ActiveRun, state: RunState): Promise<void> {
    const { execution } = state;
    if (TERMINAL.has(execution.status)) return;
    const graph = await this.graphOf(execution.workflowId, execution.workflowVersion);
    const secrets = new Set<string>();
    const env = { ...this.environment(state, graph, secrets), contact: execution.contactId === null ? null : await contactOf(this.options.store, execution.contactId) };
    const drive: Drive = { run, state, graph, secrets, env, inFlight: new Map(), failure: null };
    const { inFlight } = drive;
    const exitRules = execution.contactId === null ? null : exitRulesOf(graph);
    while (!run.canceled && !this.stopping && drive.failure === null) {
      if (exitRules && hasStepToStart(state, inFlight) && (await this.leavesJourney(drive, exitRules))) break;
      for (const step of state.steps) {
        if (step.status !== 'pending' || inFlight.has(step.id)) continue;
        markRunning(step, this.options.clock.now());
        if (this.events.listenerCount('step') > 0) this.events.emit('step', execution.id, { ...step }, execution.workflowId);
        inFlight.set(step.id, this.runStep(drive, step));
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
    }
    await Promise.all(inFlight.values());
    if (drive.failure !== null) throw drive.failure;
    await run.persist;
  }

  /**
   * Checks the journey's exit rules before steps start; when the contact leaves, the run stops
   * as a cancel does (steps in flight are not checkpointed) and its end is written.
   */
  private async leavesJourney(drive: Drive, rules: ExitRules): Promise<boolean> {
    const { run, state, graph, env } = drive;
    const { store, log } = this.options;
    const { exit, contact } = await checkExit({
      store, log,
      contact: () => contactOf(store, state.execution.contactId!),
      data: (fresh) => contextData({ ...env, contact: fresh }),
    }, rules, state);
    env.contact = contact;
    if (!exit || run.canceled) return false;
    run.canceled = true;
    await Promise.all(drive.inFlight.values());
    const delta = planExit(graph, state, this.options.clock.now(), exit);
    run.persist = run.persist.then(() => store.executions.apply(state.execution.id, delta));
    await run.persist;
    this.announce(state, delta);
    return true;
  }

  /** Executes one step and checkpoints its outcome; a failure is left in `drive.failure`. */
  private async runStep(drive: Drive, step: StepRecord): Promise<void> {
    const { run, state } = drive;
    try {
      const outcome = await this.execute(drive.env, step);
      if (run.canceled) return;
      const clean = this.checkpoint(drive.graph, state, step, outcome, drive.secrets);
      run.persist = run.persist.then(() => this.options.store.executions.apply(state.execution.id, clean));
      await run.persist;
      this.announce(state, clean);
      const { contactId } = state.execution;
      if (contactId !== null && CONTACT_NODES.has(drive.graph.nodes.get(step.nodeId)?.node.type ?? '')) {
        drive.env.contact = await contactOf(this.options.store, contactId);
      }
    } catch (err) {
      drive.failure ??= err;
    } finally {
      drive.inFlight.delete(step.id);
    }
  }

  /** Executes a step, telling the observer (metrics) how long it took when there is one. */
  private async execute(env: StepEnvironment, step: StepRecord): Promise<StepOutcome> {
    const { observer } = this.options;
    if (!observer) return executeStep(env, step);
    const started = performance.now();
    const outcome = await executeStep(env, step);
    observer.step(env.graph.nodes.get(step.nodeId)?.node.type ?? 'unknown', (performance.now() - started) / 1000, outcome.ok);
    return outcome;
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
      ...this.options.messaging,
      ...(this.options.contacts ? { contacts: this.options.contacts } : {}),
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
      log: nodeLogger(log, state.execution.id),
      now() {
        return clock.now();
      },
      timeoutMs: this.options.stepTimeoutMs ?? 300_000,
    };
  }

  /** Tells listeners what a checkpoint changed. */
  private announce(state: RunState, delta: StateDelta): void {
    const { id, workflowId } = state.execution;
    if (this.events.listenerCount('step') > 0) for (const step of delta.upsertSteps) this.events.emit('step', id, step, workflowId);
    for (const wait of delta.addWaits) if (wait.dueAt !== null) this.events.emit('waitScheduled', wait.dueAt);
    if (delta.execution) {
      const { status } = delta.execution;
      if (status !== undefined && TERMINAL.has(status)) this.options.observer?.finished(status);
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
        clearInterval(poll);
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
        clearInterval(poll);
        Promise.resolve(current()).then(finish, reject);
      }, timeoutMs);
      // Queue mode: a worker commits the changes, so the store is read again until done.
      const poll = this.options.handOff
        ? setInterval(() => {
          this.options.store.executions.get(executionId).then((e) => {
            if (e && done(e)) {
              clearInterval(poll);
              finish(e);
            }
          }, () => undefined);
        }, POLL_MS)
        : undefined;
      Promise.resolve(current()).then((e) => {
        if (!e) finish(null);
        else if (done(e)) finish(e);
      }, reject);
    });
  }
}

/** The execution's contact as templates read it, read once per drive and after a contact node (null once deleted). */
async function contactOf(store: Store, contactId: string): Promise<Record<string, unknown> | null> {
  const contact = await store.contacts.get(contactId);
  return contact ? contactWithSegments(store, contact) : null;
}

function hasStepToStart(state: RunState, inFlight: ReadonlyMap<string, unknown>): boolean {
  return state.steps.some((s) => s.status === 'pending' && !inFlight.has(s.id));
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

/**
 * The logger nodes get; its child logger is made on the first line a node logs. Object methods
 * rather than arrow functions or inner functions: tsx (esbuild's keepNames) names each of those
 * with a defineProperty call every time one is created, and this is created for every run.
 */
export function nodeLogger(parent: Logger, executionId: string): NodeLogger {
  const lazy = {
    made: null as Logger | null,
    get log(): Logger {
      return (this.made ??= parent.child({ executionId }));
    },
  };
  return {
    debug(msg, data) {
      lazy.log.debug(data ?? {}, msg);
    },
    info(msg, data) {
      lazy.log.info(data ?? {}, msg);
    },
    warn(msg, data) {
      lazy.log.warn(data ?? {}, msg);
    },
    error(msg, data) {
      lazy.log.error(data ?? {}, msg);
    },
  };
}
