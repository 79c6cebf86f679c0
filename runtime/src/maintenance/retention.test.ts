import { afterEach, describe, expect, it } from 'vitest';
import { createTestRuntime, testClock, saveWorkflow, type TestRuntime } from '../../test/helpers.js';
import { pruneOnce } from './retention.js';

const DAY = 86_400_000;
let runtime: TestRuntime | null = null;
afterEach(async () => {
  await runtime?.dispose();
  runtime = null;
});

const flow = (delayDays?: number) => ({
  name: delayDays ? 'Waits' : 'Quick',
  nodes: [
    { id: 'start', type: 'trigger.manual', version: 1, params: {} },
    delayDays
      ? { id: 'next', type: 'flow.delay', version: 1, params: { mode: 'duration', amount: delayDays, unit: 'days' } }
      : { id: 'next', type: 'data.set', version: 1, params: { values: { ok: true } } },
  ],
  edges: [{ id: 'e', source: 'start', target: 'next' }],
});

describe('retention', () => {
  it('prunes finished executions past their age and keeps recent and waiting ones', async () => {
    const clock = testClock();
    runtime = await createTestRuntime({ clock, config: { executionsMaxAgeDays: 14 } });
    const quick = await saveWorkflow(runtime, flow());
    const slow = await saveWorkflow(runtime, flow(60));
    const old = await runtime.runner.start({ workflowId: quick.id, mode: 'manual', payload: {} });
    const waiting = await runtime.runner.start({ workflowId: slow.id, mode: 'manual', payload: {} });
    await runtime.runner.idle();

    clock.advance(15 * DAY);
    const recent = await runtime.runner.start({ workflowId: quick.id, mode: 'manual', payload: {} });
    await runtime.runner.idle();

    const pruned = await pruneOnce({ store: runtime.store, clock, log: runtime.log, maxAgeDays: 14 });
    expect(pruned).toBe(1);
    expect(await runtime.store.executions.get(old.id)).toBeNull();
    expect((await runtime.store.executions.get(recent.id))?.status).toBe('success');
    expect((await runtime.store.executions.get(waiting.id))?.status).toBe('waiting');
    expect(await runtime.store.executions.waitsOf(waiting.id)).toHaveLength(1);
  });
});
