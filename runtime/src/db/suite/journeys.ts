// Store suite: journeys — the re-entry rule checked as an execution is created (also by two
// stores at once), and the stats of a workflow.
import { beforeEach, describe, expect, test } from 'vitest';
import type { ExecutionRecord, WorkflowRecord } from '../store.js';
import type { SuiteContext } from '../store-suite.js';
import { contact } from './contacts.js';
import { execution, seedWorkflow, step } from './fixtures.js';

export function describeJourneys(ctx: SuiteContext): void {
  describe('journeys', () => {
    let wf: WorkflowRecord;
    let contactId: string;
    const entering = (fields: Partial<ExecutionRecord> = {}) => execution(wf.id, { contactId, mode: 'event', ...fields });
    beforeEach(async () => {
      wf = await seedWorkflow(ctx.store);
      const ada = contact();
      await ctx.store.contacts.create(ada);
      contactId = ada.id;
    });

    test('`once` admits a contact a single time, also after the first run ended; without a rule every run enters', async () => {
      const first = entering({ status: 'success' });
      expect(await ctx.store.executions.create(first, [step(first.id, 1)], 'once')).toBe(true);
      const second = entering();
      expect(await ctx.store.executions.create(second, [step(second.id, 1)], 'once')).toBe(false);
      expect(await ctx.store.executions.get(second.id)).toBeNull();
      const free = entering();
      expect(await ctx.store.executions.create(free, [])).toBe(true);
    });

    test('`once_at_a_time` admits a contact again once their run has finished', async () => {
      const first = entering({ status: 'waiting' });
      expect(await ctx.store.executions.create(first, [], 'once_at_a_time')).toBe(true);
      const meanwhile = entering();
      expect(await ctx.store.executions.create(meanwhile, [], 'once_at_a_time')).toBe(false);
      await ctx.store.executions.apply(first.id, { upsertSteps: [], addWaits: [], removeWaitsForSteps: [], execution: { status: 'success' } });
      const after = entering();
      expect(await ctx.store.executions.create(after, [], 'once_at_a_time')).toBe(true);
    });

    if (ctx.openSibling) {
      const openSibling = ctx.openSibling;
      test('creations at once under a rule, through two stores: one enters', async () => {
        const sibling = await openSibling();
        const runs = Array.from({ length: 10 }, () => entering());
        const admitted = await Promise.all(runs.map((run, i) =>
          (i % 2 === 0 ? ctx.store : sibling).executions.create(run, [], 'once_at_a_time')));
        expect(admitted.filter(Boolean)).toHaveLength(1);
      });
    }

    test('stats count executions by status, conversions, and each node\'s steps by status and port', async () => {
      const won = entering({ status: 'success' });
      await ctx.store.executions.create(won, [
        step(won.id, 1, { nodeId: 'cart', port: 'out' }),
        step(won.id, 2, { nodeId: 'wait', port: 'event' }),
        step(won.id, 3, { nodeId: 'goal', port: null, output: { converted: true } }),
      ]);
      const waiting = entering({ status: 'waiting' });
      await ctx.store.executions.create(waiting, [
        step(waiting.id, 1, { nodeId: 'cart', port: 'out' }),
        step(waiting.id, 2, { nodeId: 'wait', status: 'waiting', port: null, output: null }),
      ]);
      const failed = entering({ status: 'error' });
      await ctx.store.executions.create(failed, [
        step(failed.id, 1, { nodeId: 'cart', port: 'out' }),
        step(failed.id, 2, { nodeId: 'wait', status: 'error', port: null }),
      ]);
      const otherWorkflow = await seedWorkflow(ctx.store, 'Other');
      const elsewhere = execution(otherWorkflow.id);
      await ctx.store.executions.create(elsewhere, [step(elsewhere.id, 1, { nodeId: 'cart' })]);

      expect(await ctx.store.journeys.stats(wf.id)).toEqual({
        workflow: { started: 3, running: 0, waiting: 1, succeeded: 1, errored: 1, converted: 1 },
        nodes: {
          cart: { entered: 3, waiting: 0, passed: { out: 3 }, errored: 0 },
          wait: { entered: 3, waiting: 1, passed: { event: 1 }, errored: 1 },
          goal: { entered: 1, waiting: 0, passed: {}, errored: 0 },
        },
      });
      expect(await ctx.store.journeys.stats('nope')).toEqual({
        workflow: { started: 0, running: 0, waiting: 0, succeeded: 0, errored: 0, converted: 0 }, nodes: {},
      });
    });
  });
}
