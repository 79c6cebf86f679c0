import { afterEach, describe, expect, it } from 'vitest';
import { eventually, sleep } from '../../test/server-process.js';
import { createTestRuntime, saveWorkflow, type TestRuntime } from '../../test/helpers.js';
import { deactivateWorkflow } from '../services/workflows.js';

let runtime: TestRuntime | null = null;
afterEach(async () => {
  await runtime?.dispose();
  runtime = null;
});

describe('schedule triggers', () => {
  it('fire while the workflow is active and stop when it is deactivated', async () => {
    runtime = await createTestRuntime();
    const rt = runtime;
    const workflow = await saveWorkflow(rt, {
      name: 'Every second',
      nodes: [
        { id: 'tick', type: 'trigger.schedule', version: 1, params: { cron: '* * * * * *', timezone: 'Europe/Berlin' } },
        { id: 'note', type: 'data.set', version: 1, params: { values: { at: '{{ trigger.firedAt }}' } } },
      ],
      edges: [{ id: 'e', source: 'tick', target: 'note' }],
    }, { activate: true });
    const count = async () => (await rt.store.executions.list({ workflowId: workflow.id }, { limit: 1 })).total;

    await eventually(async () => ((await count()) >= 1 ? true : undefined), 5_000, 'a scheduled run');
    const [first] = (await rt.store.executions.list({ workflowId: workflow.id }, { limit: 1 })).items;
    expect(first?.mode).toBe('schedule');
    await rt.runner.idle();
    const state = await rt.store.executions.load(first!.id);
    expect(state?.steps.find((s) => s.nodeId === 'note')?.output).toEqual({ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    await deactivateWorkflow(rt, workflow.id);
    await rt.runner.idle();
    const after = await count();
    await sleep(2_200);
    expect(await count()).toBe(after);
  });
});
