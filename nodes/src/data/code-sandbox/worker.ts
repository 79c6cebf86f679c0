// The sandbox worker: a thread of its own that loads QuickJS once and runs one job at a time, so
// that author code never holds the server's event loop, whatever it does until its deadline.
// pool.ts bundles this file with esbuild and starts it as an eval worker (it runs outside the
// TypeScript loader); it may import only Node built-ins, quickjs-emscripten and its neighbours.
import { parentPort } from 'node:worker_threads';
import {
  type CustomizeVariantOptions,
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSWASMModule,
  RELEASE_SYNC,
} from 'quickjs-emscripten';
import { MODULE_MEMORY_MAX_BYTES, MODULE_RECYCLE_BYTES } from './limits.js';
import type { HostMessage, SandboxJob, SandboxOutcome, WorkerMessage } from './protocol.js';
import { type HostBridge, newRealm, type Realm, runInQuickJS } from './quickjs-run.js';

const PAGE = 65_536;

const port = parentPort!;
const send = (message: WorkerMessage) => port.postMessage(message);

/** http() calls waiting for the host's answer, by call id. */
const calls = new Map<number, { resolve(json: string): void; reject(error: Error): void }>();
let nextCallId = 0;

const bridge: HostBridge = {
  http(request) {
    const callId = ++nextCallId;
    return new Promise((resolve, reject) => {
      calls.set(callId, { resolve, reject });
      send({ type: 'http', callId, request });
    });
  },
};

// The WebAssembly global is not in the ES library this package compiles against.
const { Memory } = (globalThis as unknown as {
  WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => ReturnType<QuickJSWASMModule['getWasmMemory']> };
}).WebAssembly;

// Emscripten prints QuickJS's aborts through printErr (missing from the loader's types); the
// worker handles an abort by replacing the module, so the line would only be noise in the logs.
const quiet = { printErr: () => undefined } as Record<string, unknown> as NonNullable<CustomizeVariantOptions['emscriptenModule']>;

/** A QuickJS instance whose memory cannot grow past MODULE_MEMORY_MAX_BYTES. */
function newModule(): Promise<QuickJSWASMModule> {
  const wasmMemory = new Memory({ initial: 256, maximum: MODULE_MEMORY_MAX_BYTES / PAGE });
  return newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory, emscriptenModule: quiet }));
}

async function main(): Promise<void> {
  let module = await newModule();
  // The next run's realm, made while the worker waits for a job.
  let spare: Realm | undefined = newRealm(module);

  async function run(job: SandboxJob): Promise<void> {
    const realm = spare ?? newRealm(module);
    spare = undefined;
    let outcome: SandboxOutcome;
    let release = () => false;
    try {
      ({ outcome, release } = await runInQuickJS(realm, job, bridge));
    } catch {
      // QuickJS itself failed (an abort inside the WebAssembly): its state cannot be trusted.
      outcome = { ok: false, failure: { kind: 'crashed', message: 'the code sandbox failed and was restarted' }, console: [] };
    }
    calls.clear();
    send({ type: 'done', outcome });
    // The rest happens while the host carries on.
    if (!release() || module.getWasmMemory().buffer.byteLength > MODULE_RECYCLE_BYTES) module = await newModule();
    spare = newRealm(module);
  }

  // One job at a time, in order: the next waits for a replaced module.
  let queue = Promise.resolve();
  port.on('message', (message: HostMessage) => {
    if (message.type === 'run') {
      // A module that cannot even be made again ends the worker; the pool starts another.
      queue = queue.then(() => run(message.job)).catch(() => process.exit(1));
      return;
    }
    const call = calls.get(message.callId);
    if (!call) return; // the run that asked has ended
    calls.delete(message.callId);
    if (message.ok) call.resolve(message.response);
    else call.reject(new Error(message.message));
  });
  send({ type: 'ready' });
}

void main();
