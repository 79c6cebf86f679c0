// The cost of a data.code step next to a data.set step, both through the runNode() harness (params
// resolved, execute(ctx) called, result checked, as the runtime's step execution does). The code
// node's run goes to a sandbox worker: a fresh QuickJS runtime and context (made by the worker
// while it waits for the job), the context copied in as JSON, the result copied out as JSON. For
// comparison, the same job is also run in QuickJS on the calling thread, realm made in line.
import { performance } from 'node:perf_hooks';
import { codeNode } from '../nodes/src/data/code.js';
import { closeSandbox, wrap } from '../nodes/src/data/code-sandbox/index.js';
import { newRealm, runInQuickJS } from '../nodes/src/data/code-sandbox/quickjs-run.js';
import { setNode } from '../nodes/src/data/set.js';
import { runNode, type RunNodeOptions } from '../nodes/src/testing/index.js';
import { newQuickJSWASMModule } from 'quickjs-emscripten';

const INPUT = { items: [{ sku: 'tent', price: 120, qty: 1 }, { sku: 'mat', price: 25, qty: 2 }, { sku: 'lamp', price: 18, qty: 3 }] };
const CODE = 'return { total: input.items.reduce((sum, item) => sum + item.price * item.qty, 0), count: input.items.length };';
const TYPESCRIPT = 'type Item = { price: number; qty: number };\nconst items: Item[] = input.items;\nreturn { total: items.reduce((sum: number, item: Item) => sum + item.price * item.qty, 0), count: items.length };';
const SET = { values: { status: '{{ steps.lookup.status }}', count: 3 } };

export interface Rate {
  runsPerSecond: number;
  /** Mean wall time of one run, one at a time. */
  meanUs: number;
  /** Time the calling (server) thread was busy per run. */
  callerUs: number;
}

export interface CodeNodeFigures {
  set: Rate;
  code: Rate;
  typescript: Rate;
  inThread: Rate;
  /** Mean time of a code step arriving at an idle worker (runs 5 ms apart): its realm is ready. */
  idleUs: number;
  /** Runs per second with CONCURRENCY runs in flight (the pool's workers in parallel). */
  concurrent: number;
  concurrency: number;
  overheadUs: number;
  seconds: number;
}

const CONCURRENCY = 8;

export async function benchCodeNode(seconds: number): Promise<CodeNodeFigures> {
  try {
    const set = await sequential(seconds, () => runNode(setNode, { ...options(''), params: SET }));
    const code = await sequential(seconds, () => runNode(codeNode, options(CODE)));
    const typescript = await sequential(seconds, () => runNode(codeNode, options(TYPESCRIPT, 'typescript')));
    const module = await newQuickJSWASMModule();
    const job = { source: wrap(CODE), contextJson: JSON.stringify({ input: INPUT }), timeoutMs: 1000, memoryLimitBytes: 32 * 2 ** 20, allowHttp: false };
    const inThread = await sequential(seconds, async () => (await runInQuickJS(newRealm(module), job, { http: () => Promise.reject(new Error('no')) })).release());
    const idleUs = await spaced(Math.round(seconds * 100), 5, () => runNode(codeNode, options(CODE)));
    const concurrent = await parallel(seconds, CONCURRENCY, () => runNode(codeNode, options(CODE)));
    return { set, code, typescript, inThread, idleUs, concurrent, concurrency: CONCURRENCY, overheadUs: code.meanUs - set.meanUs, seconds };
  } finally {
    await closeSandbox();
  }
}

function options(code: string, language = 'javascript'): RunNodeOptions {
  return { params: { code, language }, input: INPUT, trigger: { body: { email: 'ada@example.com' } }, steps: { lookup: { status: 200, body: INPUT } } };
}

/** One run at a time for `seconds`, after a warm-up. */
async function sequential(seconds: number, once: () => Promise<unknown>): Promise<Rate> {
  for (let i = 0; i < 200; i++) await once();
  let runs = 0;
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    await once();
    runs++;
  }
  const elapsed = performance.now() - start;
  const busy = performance.eventLoopUtilization(elu);
  return { runsPerSecond: runs / (elapsed / 1000), meanUs: (elapsed * 1000) / runs, callerUs: (busy.active * 1000) / runs };
}

/** Mean µs of `count` runs with a pause of `pauseMs` before each (not counted). */
async function spaced(count: number, pauseMs: number, once: () => Promise<unknown>): Promise<number> {
  let total = 0;
  for (let i = 0; i < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const start = performance.now();
    await once();
    total += performance.now() - start;
  }
  return (total * 1000) / count;
}

/** `concurrency` runs in flight for `seconds`; returns runs per second. */
async function parallel(seconds: number, concurrency: number, once: () => Promise<unknown>): Promise<number> {
  await Promise.all(Array.from({ length: concurrency * 20 }, once));
  let runs = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      await once();
      runs++;
    }
  }));
  return runs / ((performance.now() - start) / 1000);
}
