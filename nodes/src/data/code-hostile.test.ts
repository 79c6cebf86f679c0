// The data.code node against hostile programs (issue 5, must-hold 3): each run ends with a clear
// error or a harmless value, never reaches the host, and leaves nothing for the next run to find.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { codeNode } from './code.js';

const CANARY = `canary-${randomUUID()}`;

type Outcome = { output: unknown } | { error: string };

async function outcomeOf(code: string, params: Record<string, unknown> = {}): Promise<Outcome & { logs: string }> {
  try {
    const { result, logs } = await runNode(codeNode, { params: { code, ...params }, input: { order: 1 } });
    return { output: (result as { output: unknown }).output, logs: JSON.stringify(logs) };
  } catch (err) {
    return { error: (err as Error).message, logs: '' };
  }
}

// What a fresh realm looks like from inside; every run after a hostile one must see the same.
const PROBE = `return {
  objectPrototype: Object.getOwnPropertyNames(Object.prototype).sort(),
  arrayPrototype: Object.getOwnPropertyNames(Array.prototype).sort(),
  globals: Object.getOwnPropertyNames(globalThis).sort(),
  polluted: ({}).polluted ?? null,
  map: [1, 2].map((n) => n * 2),
  json: JSON.stringify({ a: [1] }),
  then: typeof Promise.prototype.then,
  input,
};`;

const TIME = { timeoutMs: 300 };
const timedOut = /^the code ran longer than its time limit of \d+ ms$/;
const outOfMemory = /^the code needed more memory than its limit of \d+ MB$/;

const corpus: Array<[name: string, code: string, expected: { output: unknown } | { error: RegExp }, params?: Record<string, unknown>]> = [
  // Reaching the host's Function, process, require
  ['this.constructor.constructor', "return this.constructor.constructor('return process')();", { error: /^ReferenceError: 'process' is not defined \(line 1\)$/ }],
  ['this.constructor.constructor for the environment', "return this.constructor.constructor('return process.env.TERN_CANARY')();", { error: /'process' is not defined/ }],
  ['Function via class extension', "class X extends Function {}\nreturn new X('return typeof process + typeof require')();", { output: 'undefinedundefined' }],
  ['Function via destructuring', "const { constructor: { constructor: F } } = {};\nreturn F('return [typeof process, typeof require, typeof module]')();", { output: ['undefined', 'undefined', 'undefined'] }],
  ['AsyncFunction via destructuring', "const { constructor: AsyncFunction } = async () => {};\nreturn await new AsyncFunction('return typeof process')();", { output: 'undefined' }],
  ['Function inside with', "with (this) { return constructor.constructor('return typeof process')(); }", { output: 'undefined' }],
  ['indirect eval', "return (0, eval)('[typeof process, typeof require, typeof globalThis.Buffer]');", { output: ['undefined', 'undefined', 'undefined'] }],
  ['Error.prepareStackTrace handing out frames', "Error.prepareStackTrace = (e, frames) => frames.map((f) => f.getThis && f.getThis());\nreturn typeof new Error('x').stack;", { output: 'string' }],
  ['Error.prepareStackTrace that throws', "Error.prepareStackTrace = () => { throw new Error('from prepareStackTrace'); };\nthrow new Error('boom');", { error: /^Error: boom \(line 2\)$/ }],
  ['Error.captureStackTrace', 'const o = {};\nError.captureStackTrace(o);\nreturn o.stack;', { error: /^TypeError: .*\(line 2\)$/ }],
  ['require', "return require('fs').readFileSync('/etc/passwd', 'utf8');", { error: /^ReferenceError: 'require' is not defined \(line 1\)$/ }],
  ['import()', "const fs = await import('fs');\nreturn fs.readFileSync('/etc/passwd', 'utf8');", { error: /could not load module 'fs'/ }],
  ['a static import', "import fs from 'fs';\nreturn 1;", { error: /^params\.code: SyntaxError: / }],
  ['process.binding', "return process.binding('spawn_sync');", { error: /^ReferenceError: 'process' is not defined/ }],
  ['globalThis.process and other host globals', 'return [globalThis.process, globalThis.Buffer, globalThis.setTimeout, globalThis.fetch, globalThis.WebAssembly, globalThis.require].map((g) => typeof g);',
    { output: ['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined'] }],
  ['Atomics.wait to block the thread', 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);\nreturn 1;', { error: /Atomics/ }],
  // Pollution meant for the next run (the probe after each payload checks it is gone)
  ['prototype pollution and sabotaged built-ins',
    "Object.prototype.polluted = 'yes'; Array.prototype.map = () => 'hijacked'; JSON.stringify = () => '\"hijacked\"';\nPromise.prototype.then = function () {}; globalThis.input = 'leaked'; globalThis.leak = true;\nreturn { fine: true };",
    { output: { fine: true } }],
  // Time
  ['an infinite loop', 'while (true) {}', { error: timedOut }, TIME],
  ['an infinite loop that catches its interruption', 'for (;;) { try { while (true) {} } catch (e) {} }', { error: timedOut }, TIME],
  ['an endless microtask loop', 'const f = () => Promise.resolve().then(f);\nf();\nawait new Promise(() => {});', { error: timedOut }, TIME],
  ['an endless await loop', 'for (;;) await null;', { error: timedOut }, TIME],
  ['catastrophic regular-expression backtracking', "return /(a+)+$/.test('a'.repeat(40) + 'b');", { error: timedOut }, TIME],
  ['a never-settling promise', 'await new Promise(() => {});', { error: /^the code awaits a promise that nothing is left to settle$/ }],
  // Memory and stack
  ['a huge string', "return 'x'.repeat(1e9);", { error: outOfMemory }],
  ['growing arrays', 'const a = [];\nfor (;;) a.push(new Array(1e5).fill(1));', { error: outOfMemory }, { timeoutMs: 10_000 }],
  ['one huge array', 'return new Array(2.5e8).fill(0).length;', { error: outOfMemory }, { timeoutMs: 10_000 }],
  ['objects allocated in a promise job', "await null;\nconst a = [];\nfor (;;) a.push({ k: 'v' });", { error: outOfMemory }, { timeoutMs: 10_000 }],
  ['deep recursion', 'const f = (n) => f(n + 1) + 1;\nreturn f(0);', { error: /^InternalError: stack overflow \(line 1\)$/ }],
  ['deep recursion through the host (console.log)', 'const f = (n) => { console.log(n); return f(n + 1); };\nreturn f(0);', { error: /stack overflow/ }],
  ['a result too large to copy', "return 'x'.repeat(6 * 1024 * 1024);", { error: /^the code's result cannot be copied out as JSON: RangeError: it is \d+ characters of JSON/ }],
  // Results that try to run code on the way out
  ['a getter', "return { get total() { return 6 * 7; } };", { output: { total: 42 } }],
  ['a getter that throws', "return { get total() { throw new Error('getter says no'); } };", { error: /getter says no/ }],
  ['a getter that never returns', 'return { get total() { for (;;) {} } };', { error: timedOut }, TIME],
  ['toJSON', 'return { secret: 1, toJSON() { return { replaced: true }; } };', { output: { replaced: true } }],
  ['toJSON handing out a function', 'return { toJSON() { return () => 1; } };', { error: /a function as the result is not JSON/ }],
  ['then (a thenable)', "return { then(resolve) { resolve({ via: 'then' }); } };", { output: { via: 'then' } }],
  ['then that never resolves', 'return { then() {} };', { error: /nothing is left to settle/ }],
  ['a Proxy', "return new Proxy({ a: 1, b: 2 }, { get: (target, key) => (key === 'toJSON' ? undefined : 'trapped') });", { output: { a: 'trapped', b: 'trapped' } }],
  ['a Proxy whose traps throw', "return new Proxy({}, { ownKeys() { throw new Error('trap'); } });", { error: /Error: trap/ }],
  ['a revoked Proxy', 'const { proxy, revoke } = Proxy.revocable({}, {});\nrevoke();\nreturn proxy;', { error: /revoked proxy/ }],
  // Errors that try to run code on the way out
  ['an error whose message never ends', "const e = new Error('x');\nObject.defineProperty(e, 'message', { get() { for (;;) {} } });\nthrow e;", { error: timedOut }, TIME],
  ['a thrown Proxy', 'throw new Proxy({}, { get() { throw 1; } });', { error: /^the code threw \[value that cannot be shown\]$/ }],
  ['an error that lies about its line', "const e = new Error('x');\ne.stack = 'at evil (code.js:999999)';\nthrow e;", { error: /^Error: x/ }],
];

describe('data.code against hostile programs', () => {
  let clean: unknown;
  let hostPrototype: string[];

  beforeAll(async () => {
    process.env.TERN_CANARY = CANARY;
    hostPrototype = Object.getOwnPropertyNames(Object.prototype);
    clean = await outcomeOf(PROBE);
    expect(clean).toMatchObject({ output: { polluted: null, map: [2, 4], json: '{"a":[1]}', then: 'function', input: { order: 1 } } });
  });

  afterAll(() => {
    delete process.env.TERN_CANARY;
  });

  it.each(corpus)('%s: ends clearly, leaks nothing, and the next run starts clean', async (_, code, expected, params) => {
    const outcome = await outcomeOf(code, params);
    if ('error' in expected) expect(outcome).toMatchObject({ error: expect.stringMatching(expected.error) });
    else expect(outcome).toMatchObject({ output: expected.output });
    expect(JSON.stringify(outcome)).not.toContain(CANARY);

    expect(await outcomeOf(PROBE)).toEqual(clean);
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(hostPrototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("holds a huge allocation to a bounded share of the server's memory", async () => {
    await outcomeOf('return 1;');
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    try {
      for (const code of ['return new Array(2.5e8).fill(0).length;', 'const a = [];\nfor (;;) a.push(new Array(1e5).fill(1));']) {
        await expect(outcomeOf(code, { timeoutMs: 10_000 })).resolves.toMatchObject({ error: expect.stringMatching(outOfMemory) });
      }
    } finally {
      clearInterval(sampler);
    }
    // QuickJS alone would let these grow its memory to 2 GB (see MEMORY_GROWTH_FACTOR).
    expect(peak - before).toBeLessThan(512 * 2 ** 20);
  });

  it('keeps the server serving while a run loops: host timers fire and other runs finish meanwhile', async () => {
    let loopEnded = false;
    const loop = outcomeOf('while (true) {}', { timeoutMs: 2_000 }).finally(() => {
      loopEnded = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(loopEnded).toBe(false);
    await expect(outcomeOf('return input.order + 1;')).resolves.toMatchObject({ output: 2 });
    expect(loopEnded).toBe(false);
    await expect(loop).resolves.toMatchObject({ error: expect.stringMatching(timedOut) });
    await expect(new Promise((resolve) => setTimeout(() => resolve('fired'), 1))).resolves.toBe('fired');
  });
});
