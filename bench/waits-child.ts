// Run in its own process so its memory is its own: creates N executions waiting on a delay, moves
// the clock past their due time, and measures how fast the scheduler resumes them all and how
// much memory that takes. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../runtime/src/config.js';
import { createRuntime } from '../runtime/src/create-runtime.js';
import { createLogger } from '../runtime/src/logger.js';
import { testClock, saveWorkflow } from '../runtime/test/helpers.js';
import { sampleMemory } from './memory.js';

const count = Number(process.argv[2] ?? 100_000);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tern-bench-waits-'));
const clock = testClock();
const runtime = await createRuntime(loadConfig({}, { dataDir, logLevel: 'error' }), { clock, log: createLogger('error') });
try {
  const workflow = await saveWorkflow(runtime, {
    name: 'Wait a day',
    nodes: [
      { id: 'start', type: 'trigger.manual', version: 1, params: {} },
      { id: 'wait', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: 1, unit: 'days' } },
      { id: 'after', type: 'data.set', version: 1, params: { values: { done: true } } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'wait' },
      { id: 'e2', source: 'wait', target: 'after' },
    ],
  });

  const createStart = performance.now();
  for (let i = 0; i < count; i++) {
    await runtime.runner.start({ workflowId: workflow.id, mode: 'manual', payload: { i } });
    if (runtime.runner.activeCount > 500) await runtime.runner.whenBelow(100);
  }
  await runtime.runner.idle();
  const createSeconds = (performance.now() - createStart) / 1000;

  const memory = sampleMemory();

  clock.advance(86_400_000);
  const resumeStart = performance.now();
  const resumed = await runtime.scheduler.tick();
  await runtime.runner.idle();
  const resumeSeconds = (performance.now() - resumeStart) / 1000;
  const figures = memory.stop();

  const left = await runtime.store.executions.list({ workflowId: workflow.id, status: 'waiting' }, { limit: 1 });
  process.stdout.write(`${JSON.stringify({
    count, resumed, stillWaiting: left.total, createSeconds, resumeSeconds,
    ...figures,
  })}\n`);
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
