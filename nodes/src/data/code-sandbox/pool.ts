// The host side of the sandbox: a few worker threads, each running one job at a time, started
// when first needed. The server's thread only posts jobs and answers http() calls, so author code
// never blocks it. A worker that does not answer by its job's time limit (plus a grace) is
// terminated and replaced: the interrupt handler stops QuickJS long before, this is the backstop.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { WATCHDOG_GRACE_MS, WORKER_STACK_MB } from './limits.js';
import type { HostMessage, SandboxFailure, SandboxJob, SandboxOutcome, WorkerMessage } from './protocol.js';

/** What a job may ask of the server while it runs. */
export interface SandboxHost {
  /** Answers an http() call: request JSON in, response JSON out; a rejection's message reaches the code. */
  http?(requestJson: string, remainingMs: number): Promise<string>;
}

/** Worker threads at most: enough for runs waiting on http() not to hold every other run up. */
const POOL_SIZE = Math.min(4, Math.max(2, os.availableParallelism()));
/** Heap of a worker's own JavaScript (QuickJS's memory is WebAssembly memory, limited per run). */
const WORKER_HEAP_MB = 256;

let workerSource: Promise<string> | undefined;

/** The worker's code: worker.ts and its neighbours bundled into one CommonJS script. */
function bundleWorker(): Promise<string> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // By absolute path: an eval worker resolves bare names from the working directory.
  const quickjs = createRequire(import.meta.url).resolve('quickjs-emscripten');
  return build({
    entryPoints: [path.join(here, 'worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    plugins: [{ name: 'quickjs-by-path', setup: (b) => void b.onResolve({ filter: /^quickjs-emscripten$/ }, () => ({ path: quickjs, external: true })) }],
  }).then((result) => result.outputFiles[0]!.text);
}

const crashed = (message: string): SandboxOutcome => ({ ok: false, failure: { kind: 'crashed', message }, console: [] });

interface Running {
  job: SandboxJob;
  host: SandboxHost;
  startedAt: number;
  watchdog: NodeJS.Timeout;
  finish(outcome: SandboxOutcome): void;
}

class SandboxWorker {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private running: Running | undefined;
  private failed: Error | undefined;
  dead = false;

  constructor(source: string, private readonly onDeath: (worker: SandboxWorker) => void) {
    this.worker = new Worker(source, {
      eval: true,
      // Nothing of the server's environment, even for code that got out of QuickJS.
      env: {},
      resourceLimits: { stackSizeMb: WORKER_STACK_MB, maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: WorkerMessage) => (message.type === 'ready' ? resolve() : this.onMessage(message)));
      this.worker.once('exit', () => reject(new Error('the sandbox worker stopped while starting')));
    });
    this.ready.catch(() => undefined); // run() reports it
    this.worker.on('error', (error) => {
      this.failed = error;
    });
    this.worker.on('exit', () => {
      this.dead = true;
      const reason = (this.failed as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY' ? ' (its worker ran out of memory)' : '';
      this.end(crashed(`the code sandbox stopped unexpectedly${reason}`));
      this.onDeath(this);
    });
  }

  async run(job: SandboxJob, host: SandboxHost): Promise<SandboxOutcome> {
    try {
      await this.ready;
    } catch {
      return crashed('the code sandbox could not start');
    }
    if (this.dead) return crashed('the code sandbox stopped unexpectedly');
    return new Promise((resolve) => {
      this.running = {
        job,
        host,
        startedAt: Date.now(),
        watchdog: setTimeout(() => this.kill(), job.timeoutMs + WATCHDOG_GRACE_MS),
        finish: resolve,
      };
      this.post({ type: 'run', job });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private onMessage(message: WorkerMessage): void {
    const running = this.running;
    if (!running) return;
    if (message.type === 'done') this.end(message.outcome);
    else if (message.type === 'http') void this.answerHttp(running, message.callId, message.request);
  }

  private async answerHttp(running: Running, callId: number, request: string): Promise<void> {
    const remainingMs = running.startedAt + running.job.timeoutMs - Date.now();
    let answer: HostMessage;
    try {
      if (!running.host.http) throw new Error('http() is not allowed');
      answer = { type: 'http_result', callId, ok: true, response: await running.host.http(request, remainingMs) };
    } catch (err) {
      answer = { type: 'http_result', callId, ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    if (this.running === running) this.post(answer);
  }

  /** The backstop: QuickJS did not stop at its deadline. */
  private kill(): void {
    const running = this.running;
    if (!running) return;
    const failure: SandboxFailure = { kind: 'timeout', message: `the code ran longer than its time limit of ${running.job.timeoutMs} ms` };
    this.end({ ok: false, failure, console: [] });
    this.dead = true;
    void this.worker.terminate();
  }

  private end(outcome: SandboxOutcome): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    clearTimeout(running.watchdog);
    running.finish(outcome);
  }

  private post(message: HostMessage): void {
    this.worker.postMessage(message);
  }
}

/** Runs jobs on up to POOL_SIZE workers, queueing the rest in order. */
export class SandboxPool {
  private readonly idle: SandboxWorker[] = [];
  private readonly workers = new Set<SandboxWorker>();
  private readonly queue: Array<() => void> = [];

  constructor(private readonly size = POOL_SIZE) {}

  async run(job: SandboxJob, host: SandboxHost = {}): Promise<SandboxOutcome> {
    const worker = await this.acquire();
    if (!worker) return crashed('the code sandbox could not start');
    try {
      return await worker.run(job, host);
    } finally {
      this.release(worker);
    }
  }

  /** Stops every worker (for tests and benchmarks; the workers never keep a process alive). */
  async close(): Promise<void> {
    const workers = [...this.workers].filter((w) => w instanceof SandboxWorker);
    this.workers.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private async acquire(): Promise<SandboxWorker | undefined> {
    for (;;) {
      // The worker idle the longest: it has had the most time to make its next realm.
      const idle = this.idle.shift();
      if (idle && !idle.dead) return idle;
      if (idle) continue;
      if (this.workers.size < this.size) return this.spawn();
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
  }

  private release(worker: SandboxWorker): void {
    if (!worker.dead && this.workers.has(worker)) this.idle.push(worker);
    this.queue.shift()?.();
  }

  private async spawn(): Promise<SandboxWorker | undefined> {
    const placeholder = {} as SandboxWorker; // holds the slot while the source is bundled
    this.workers.add(placeholder);
    try {
      workerSource ??= bundleWorker();
      const source = await workerSource.catch((error: unknown) => {
        workerSource = undefined;
        throw error;
      });
      const worker = new SandboxWorker(source, (dead) => {
        this.workers.delete(dead);
        this.queue.shift()?.();
      });
      this.workers.add(worker);
      return worker;
    } catch {
      this.queue.shift()?.(); // the slot is free again
      return undefined;
    } finally {
      this.workers.delete(placeholder);
    }
  }
}
