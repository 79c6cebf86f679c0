// One run of author code in QuickJS (compiled to WebAssembly): a fresh runtime and context per
// run, so nothing — globals, prototypes, memory — carries over to the next. Runs inside a sandbox
// worker (worker.ts); the module (the WebAssembly instance) is shared by the runs of one worker,
// which makes each run's realm ahead of its job (newRealm), so that the job does not wait for it.
//
// What crosses the boundary is strings: the context goes in as JSON text and is parsed by the
// prelude; console lines, http() requests, the result and errors come out as text made inside the
// realm. The host never reads a property of a QuickJS object the author could have shaped.
import type {
  JSPromiseStateFulfilled,
  JSPromiseStateRejected,
  QuickJSContext,
  QuickJSDeferredPromise,
  QuickJSHandle,
  QuickJSRuntime,
  QuickJSWASMModule,
} from 'quickjs-emscripten';
import {
  MAX_CONSOLE_LINE_CHARS,
  MAX_CONSOLE_LINES,
  MAX_HTTP_CALLS,
  MAX_RESULT_CHARS,
  MEMORY_GROWTH_FACTOR,
  STACK_LIMIT_BYTES,
} from './limits.js';
import { CODE_FILE, PRELUDE, PRELUDE_FILE } from './prelude.js';
import type { ConsoleLevel, ConsoleLine, SandboxFailure, SandboxJob, SandboxOutcome } from './protocol.js';

/** What the run asks of the host. */
export interface HostBridge {
  /** An http() call: the request as JSON; resolves with the response as JSON, or rejects with a
   *  message the code sees as an Error. */
  http(requestJson: string): Promise<string>;
}

/** Pending jobs (promise reactions) run between two checks of the deadline. */
const JOBS_PER_SLICE = 1_000;
const LEVELS: ReadonlySet<string> = new Set<ConsoleLevel>(['debug', 'info', 'warn', 'error']);

/** Ends a run early with a failure; caught in execute(). */
class RunFailure extends Error {
  constructor(readonly failure: SandboxFailure) {
    super(failure.message);
  }
}

interface Tools {
  settle: QuickJSHandle;
  describe: QuickJSHandle;
}

/** A fresh QuickJS runtime and context with the prelude compiled (not run), for exactly one run. */
export interface Realm {
  runtime: QuickJSRuntime;
  context: QuickJSContext;
  prelude: QuickJSHandle;
  memory: ReturnType<QuickJSWASMModule['getWasmMemory']>;
}

export function newRealm(module: QuickJSWASMModule): Realm {
  const runtime = module.newRuntime();
  runtime.setMaxStackSize(STACK_LIMIT_BYTES);
  const context = runtime.newContext();
  const compiled = context.evalCode(PRELUDE, PRELUDE_FILE, { type: 'global' });
  if (compiled.error) {
    compiled.error.dispose();
    context.dispose();
    runtime.dispose();
    throw new Error('the sandbox prelude does not compile');
  }
  return { runtime, context, prelude: compiled.value, memory: module.getWasmMemory() };
}

export interface RunResult {
  outcome: SandboxOutcome;
  /**
   * Frees the run's runtime (the worker calls it once the outcome is on its way). False when
   * QuickJS could not: it aborts on that after some out-of-memory and interrupted runs, a known
   * fault of quickjs-emscripten 0.32, and the module must then not be used again.
   */
  release(): boolean;
}

/**
 * Runs one job in a realm made for it. Resolves with the outcome (author errors, time-outs and
 * memory exhaustion are outcomes); rejects only when QuickJS itself failed, and the caller should
 * then drop the module.
 */
export async function runInQuickJS(realm: Realm, job: SandboxJob, bridge: HostBridge): Promise<RunResult> {
  const run = new SandboxRun(realm, job, bridge);
  let outcome: SandboxOutcome;
  try {
    outcome = await run.execute();
  } catch (err) {
    try {
      run.dispose();
    } catch {
      // the module is dropped anyway
    }
    throw err;
  }
  const release = () => {
    try {
      run.dispose();
      return true;
    } catch {
      return false;
    }
  };
  return { outcome, release };
}

class SandboxRun {
  private readonly deadline: number;
  /** The backstop for memory QuickJS does not count: see MEMORY_GROWTH_FACTOR. */
  private readonly memoryCeiling: number;
  private memoryExceeded = false;
  private readonly runtime: QuickJSRuntime;
  private readonly context: QuickJSContext;
  /** Every handle this run made, disposed at the end (QuickJS refuses to free a runtime with live ones). */
  private readonly owned: QuickJSHandle[] = [];
  private readonly calls = new Set<QuickJSDeferredPromise>();
  private readonly lines: ConsoleLine[] = [];
  private droppedLines = 0;
  private httpCalls = 0;
  private inFlight = 0;
  private wake: (() => void) | undefined;
  private open = true;

  constructor(private readonly realm: Realm, private readonly job: SandboxJob, private readonly bridge: HostBridge) {
    this.deadline = Date.now() + job.timeoutMs;
    const { memory } = realm;
    this.memoryCeiling = memory.buffer.byteLength + MEMORY_GROWTH_FACTOR * job.memoryLimitBytes;
    this.runtime = realm.runtime;
    this.context = realm.context;
    this.own(realm.prelude);
    this.runtime.setMemoryLimit(job.memoryLimitBytes);
    // Called by QuickJS every few thousand instructions, in loops and regular expressions too.
    // Once it answers true it keeps doing so, so the run cannot catch its way past it.
    this.runtime.setInterruptHandler(() => {
      if (memory.buffer.byteLength > this.memoryCeiling) this.memoryExceeded = true;
      return this.memoryExceeded || this.expired();
    });
    // No module loader is set, so import() rejects inside the realm.
  }

  async execute(): Promise<SandboxOutcome> {
    try {
      const tools = this.setUp(this.context);
      const fn = this.evaluate(this.context, tools);
      const called = this.context.callFunction(fn, this.context.undefined);
      if (called.error) throw new RunFailure(this.failureOf(tools, this.own(called.error), 'thrown'));
      const state = await this.settled(this.context, tools, this.own(called.value));
      if (state.type === 'rejected') throw new RunFailure(this.failureOf(tools, this.own(state.error), 'thrown'));
      if (this.memoryExceeded) throw new RunFailure(this.outOfMemory());
      if (this.expired()) throw new RunFailure(this.timeout());
      return { ok: true, value: this.copyOut(this.context, tools, state.notAPromise ? state.value : this.own(state.value)), console: this.console() };
    } catch (err) {
      if (err instanceof RunFailure) return { ok: false, failure: err.failure, console: this.console() };
      throw err;
    }
  }

  dispose(): void {
    this.open = false;
    for (const call of this.calls) call.dispose();
    for (const handle of this.owned.reverse()) if (handle.alive) handle.dispose();
    this.context.dispose();
    this.runtime.dispose();
  }

  /** Runs the prelude with the host functions and the context JSON. */
  private setUp(context: QuickJSContext): Tools {
    const args = [
      this.own(this.logFunction(context)),
      this.job.allowHttp ? this.own(this.httpFunction(context)) : context.undefined,
      this.own(context.newString(this.job.contextJson)),
      this.own(context.newNumber(MAX_CONSOLE_LINE_CHARS)),
      this.own(context.newNumber(MAX_RESULT_CHARS)),
    ];
    const made = context.callFunction(this.realm.prelude, context.undefined, args);
    if (made.error) throw new RunFailure(this.setUpFailure(this.own(made.error)));
    const tools = this.own(made.value);
    return { settle: this.own(context.getProp(tools, 'settle')), describe: this.own(context.getProp(tools, 'describe')) };
  }

  /** Compiles the author's code into its async function (nothing of it runs yet). */
  private evaluate(context: QuickJSContext, tools: Tools): QuickJSHandle {
    const result = context.evalCode(this.job.source, CODE_FILE, { type: 'global' });
    if (result.error) throw new RunFailure(this.failureOf(tools, this.own(result.error), 'syntax'));
    const fn = this.own(result.value);
    if (context.typeof(fn) !== 'function') {
      throw new RunFailure({ kind: 'syntax', message: 'the code closes the function it runs in: is there a "}" too many?' });
    }
    return fn;
  }

  /**
   * Runs pending jobs until the code's promise settles. The deadline is checked between slices of
   * jobs (an endless chain of promise reactions never returns to us otherwise) and by the interrupt
   * handler within them; with no job left, only an http() answer can move the promise on.
   */
  private async settled(context: QuickJSContext, tools: Tools, promise: QuickJSHandle): Promise<JSPromiseStateFulfilled | JSPromiseStateRejected> {
    for (;;) {
      const state = context.getPromiseState(promise);
      if (state.type !== 'pending') return state;
      if (this.memoryExceeded) throw new RunFailure(this.outOfMemory());
      if (this.expired()) throw new RunFailure(this.timeout());
      const ran = this.runtime.executePendingJobs(JOBS_PER_SLICE);
      if (ran.error) throw new RunFailure(this.failureOf(tools, this.own(ran.error), 'thrown'));
      if (ran.value > 0) continue;
      if (this.inFlight === 0) {
        throw new RunFailure({ kind: 'never_settles', message: 'the code awaits a promise that nothing is left to settle' });
      }
      await this.hostActivity();
    }
  }

  /** The result as JSON made inside the realm, parsed here. */
  private copyOut(context: QuickJSContext, tools: Tools, value: QuickJSHandle): unknown {
    const result = context.callFunction(tools.settle, context.undefined, value);
    if (result.error) {
      const failure = this.failureOf(tools, this.own(result.error), 'result');
      throw new RunFailure(failure.kind === 'result' ? { ...failure, message: `the code's result cannot be copied out as JSON: ${failure.message}` } : failure);
    }
    const json = this.stringOf(context, this.own(result.value));
    if (json === undefined || json.length > MAX_RESULT_CHARS) throw new RunFailure({ kind: 'result', message: "the code's result cannot be copied out as JSON" });
    return JSON.parse(json);
  }

  /** What an error handle means, described inside the realm (by the prelude) as JSON. */
  private failureOf(tools: Tools, error: QuickJSHandle, kind: 'syntax' | 'thrown' | 'result'): SandboxFailure {
    if (this.memoryExceeded) return this.outOfMemory();
    if (this.expired()) return this.timeout();
    const context = this.context;
    const described = context.callFunction(tools.describe, context.undefined, error);
    // The prelude's describe() catches everything, so only an exhausted runtime fails it.
    if (described.error) {
      described.error.dispose();
      return this.expired() ? this.timeout() : this.outOfMemory();
    }
    const json = this.stringOf(context, this.own(described.value));
    const info = (json === undefined ? {} : JSON.parse(json)) as { name?: string; message?: string; line?: number; value?: string };
    if (info.name === 'InternalError' && info.message === 'out of memory') return this.outOfMemory();
    if (info.name === 'InternalError' && info.message === 'interrupted') return this.timeout();
    const message = info.name === undefined ? `the code threw ${info.value ?? 'a value'}` : `${info.name}: ${info.message}`;
    return {
      kind: kind === 'syntax' && info.name !== 'SyntaxError' ? 'thrown' : kind,
      message,
      ...(typeof info.line === 'number' ? { line: info.line } : {}),
    };
  }

  /** The prelude or the context JSON did not fit: nothing of the author's has run yet. */
  private setUpFailure(error: QuickJSHandle): SandboxFailure {
    error.dispose();
    if (this.expired() && !this.memoryExceeded) return this.timeout();
    return { kind: 'memory', message: `the code's context (input, trigger, steps…) does not fit in its memory limit of ${this.memoryMb()} MB` };
  }

  private logFunction(context: QuickJSContext): QuickJSHandle {
    return context.newFunction('log', (level?: QuickJSHandle, text?: QuickJSHandle) => {
      if (this.lines.length >= MAX_CONSOLE_LINES) {
        this.droppedLines++;
        return;
      }
      const levelName = level && this.stringOf(context, level);
      this.lines.push({
        level: levelName && LEVELS.has(levelName) ? (levelName as ConsoleLevel) : 'info',
        text: ((text && this.stringOf(context, text)) ?? '').slice(0, MAX_CONSOLE_LINE_CHARS),
      });
    });
  }

  /** `http(json)`: a promise settled when the host answers (see settleCall). */
  private httpFunction(context: QuickJSContext): QuickJSHandle {
    return context.newFunction('http', (request?: QuickJSHandle) => {
      const json = request && this.stringOf(context, request);
      // Thrown synchronously; the prelude's async http() turns it into a rejection.
      if (json === undefined) return { error: context.newError({ name: 'TypeError', message: 'http() takes a request object' }) };
      if (this.httpCalls >= MAX_HTTP_CALLS) {
        return { error: context.newError({ name: 'Error', message: `http() may be called at most ${MAX_HTTP_CALLS} times per run` }) };
      }
      this.httpCalls++;
      this.inFlight++;
      const call = context.newPromise();
      this.calls.add(call);
      this.bridge.http(json).then(
        (response) => this.settleCall(call, true, response),
        (err: unknown) => this.settleCall(call, false, err instanceof Error ? err.message : String(err)),
      );
      return call.handle;
    });
  }

  private settleCall(call: QuickJSDeferredPromise, ok: boolean, text: string): void {
    this.inFlight--;
    // A late answer for a run that has ended: its context is gone, and so is `call`.
    if (!this.open) return;
    const context = this.context;
    try {
      const value = ok ? context.newString(text) : context.newError({ name: 'Error', message: text });
      try {
        if (ok) call.resolve(value);
        else call.reject(value);
      } finally {
        value.dispose();
      }
    } catch {
      // Out of memory or past the deadline: the run's loop reports that.
    } finally {
      call.dispose();
      this.calls.delete(call);
      this.wake?.();
    }
  }

  /** Waits for an http() answer or the deadline. */
  private hostActivity(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, this.deadline - Date.now()) + 1);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private console(): ConsoleLine[] {
    if (this.droppedLines === 0) return this.lines;
    return [...this.lines, { level: 'warn', text: `${this.droppedLines} more console lines were dropped (at most ${MAX_CONSOLE_LINES} are kept per run)` }];
  }

  /** A string handle's text; undefined for anything else (never reads an object's properties). */
  private stringOf(context: QuickJSContext, handle: QuickJSHandle): string | undefined {
    return context.typeof(handle) === 'string' ? context.getString(handle) : undefined;
  }

  private own(handle: QuickJSHandle): QuickJSHandle {
    this.owned.push(handle);
    return handle;
  }

  private expired(): boolean {
    return Date.now() > this.deadline;
  }

  private timeout(): SandboxFailure {
    return { kind: 'timeout', message: `the code ran longer than its time limit of ${this.job.timeoutMs} ms` };
  }

  private outOfMemory(): SandboxFailure {
    return { kind: 'memory', message: `the code needed more memory than its limit of ${this.memoryMb()} MB` };
  }

  private memoryMb(): number {
    return Math.round(this.job.memoryLimitBytes / 2 ** 20);
  }
}
