// Store suite: durable waits — when the next one falls due, and resuming due waits exactly once.
import { beforeEach, describe, expect, test } from 'vitest';
import type { WorkflowRecord } from '../store.js';
import type { SuiteContext } from '../store-suite.js';
import { execution, seedWaiting, seedWorkflow, step, wait } from './fixtures.js';

const T0 = Date.parse('2026-01-06T09:00:00.000Z');
const MINUTE = 60_000;

export function describeWaits(ctx: SuiteContext): void {
  describe('waits', () => {
    let wf: WorkflowRecord;
    beforeEach(async () => {
      wf = await seedWorkflow(ctx.store);
    });

    test('nextDueAt is the earliest due time; an event wait without a timeout never falls due', async () => {
      expect(await ctx.store.executions.nextDueAt()).toBeNull();
      await seedWaiting(ctx.store, wf.id, { dueAt: null, eventType: 'email.opened' });
      expect(await ctx.store.executions.nextDueAt()).toBeNull();
      await seedWaiting(ctx.store, wf.id, { dueAt: T0 + 5 * MINUTE });
      await seedWaiting(ctx.store, wf.id, { dueAt: T0 });
      expect(await ctx.store.executions.nextDueAt()).toBe(T0);
      expect(await ctx.store.executions.resumeDue(T0 + 10 * MINUTE, 10)).toHaveLength(2);
      expect(await ctx.store.executions.nextDueAt()).toBeNull();
    });

    test('resumeDue wakes the due waits: steps pending with why and since when, executions running', async () => {
      const timer = await seedWaiting(ctx.store, wf.id, { dueAt: T0, state: { window: 'mon 09:00' }, createdAt: '2026-01-05T09:00:00.000Z' });
      const timeout = await seedWaiting(ctx.store, wf.id, { dueAt: T0 + MINUTE, eventType: 'order.completed', contactId: 'c1' });
      const later = await seedWaiting(ctx.store, wf.id, { dueAt: T0 + 2 * MINUTE });

      const woken = await ctx.store.executions.resumeDue(T0 + MINUTE, 100);
      expect(woken.sort()).toEqual([timer.execution.id, timeout.execution.id].sort());

      const timed = await ctx.store.executions.load(timer.execution.id);
      expect(timed?.execution.status).toBe('running');
      expect(timed?.steps[1]).toMatchObject({ id: timer.step.id, status: 'pending' });
      expect(timed?.steps[1]?.resume).toEqual({ reason: 'time', waitedSince: new Date('2026-01-05T09:00:00.000Z'), state: { window: 'mon 09:00' } });
      expect(timed?.steps[0]?.status).toBe('success');
      const timedOut = await ctx.store.executions.load(timeout.execution.id);
      expect(timedOut?.steps[1]?.resume).toMatchObject({ reason: 'timeout', waitedSince: new Date(timeout.wait.createdAt) });
      expect(await ctx.store.executions.waitsOf(timer.execution.id)).toEqual([]);

      expect(await ctx.store.executions.get(later.execution.id)).toMatchObject({ status: 'waiting' });
      expect(await ctx.store.executions.waitsOf(later.execution.id)).toEqual([later.wait]);
      expect(await ctx.store.executions.resumeDue(T0 + MINUTE, 100)).toEqual([]);
    });

    test('resumeDue takes the earliest waits first, up to the limit', async () => {
      const seeded = [];
      for (const offset of [4, 0, 3, 1, 2]) seeded.push(await seedWaiting(ctx.store, wf.id, { dueAt: T0 + offset * MINUTE }));
      const byDue = [...seeded].sort((a, b) => a.wait.dueAt! - b.wait.dueAt!).map((s) => s.execution.id);

      const first = await ctx.store.executions.resumeDue(T0 + 10 * MINUTE, 2);
      const second = await ctx.store.executions.resumeDue(T0 + 10 * MINUTE, 2);
      const third = await ctx.store.executions.resumeDue(T0 + 10 * MINUTE, 2);
      expect(first.sort()).toEqual(byDue.slice(0, 2).sort());
      expect(second.sort()).toEqual(byDue.slice(2, 4).sort());
      expect(third).toEqual(byDue.slice(4));
    });

    test('resumeDue names an execution once however many of its waits fall due', async () => {
      const exec = execution(wf.id, { status: 'waiting' });
      const branches = [step(exec.id, 2, { status: 'waiting' }), step(exec.id, 3, { status: 'waiting' })];
      await ctx.store.executions.create(exec, [step(exec.id, 1), ...branches]);
      await ctx.store.executions.apply(exec.id, {
        upsertSteps: [], addWaits: branches.map((b) => wait(b, { dueAt: T0 })), removeWaitsForSteps: [],
      });

      expect(await ctx.store.executions.resumeDue(T0, 10)).toEqual([exec.id]);
      const state = await ctx.store.executions.load(exec.id);
      expect(state?.steps.map((s) => s.status)).toEqual(['success', 'pending', 'pending']);
    });

    test('resumeDue drops a wait left behind by a finished execution without waking it', async () => {
      const { execution: exec } = await seedWaiting(ctx.store, wf.id, { dueAt: T0 });
      await ctx.store.executions.apply(exec.id, { upsertSteps: [], addWaits: [], removeWaitsForSteps: [], execution: { status: 'canceled' } });

      expect(await ctx.store.executions.resumeDue(T0, 10)).toEqual([]);
      expect(await ctx.store.executions.get(exec.id)).toMatchObject({ status: 'canceled' });
      expect(await ctx.store.executions.waitsOf(exec.id)).toEqual([]);
    });

    if (ctx.openSibling) {
      const openSibling = ctx.openSibling;
      test('two stores on one database never resume the same wait twice', async () => {
        const seeded = [];
        for (let i = 0; i < 60; i++) seeded.push(await seedWaiting(ctx.store, wf.id, { dueAt: T0 + i }));
        const sibling = await openSibling();

        const taken: string[] = [];
        for (;;) {
          // Both ask at once; each takes a batch in its own transaction.
          const [a, b] = await Promise.all([ctx.store.executions.resumeDue(T0 + 60, 7), sibling.executions.resumeDue(T0 + 60, 7)]);
          taken.push(...a, ...b);
          if (a.length === 0 && b.length === 0) break;
        }
        expect(taken).toHaveLength(60);
        expect(new Set(taken).size).toBe(60);
        expect(await sibling.executions.nextDueAt()).toBeNull();
      });
    }
  });
}
