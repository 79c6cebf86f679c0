// Store suite: executions and their steps — create, load, apply, list and prune.
import { beforeEach, describe, expect, test } from 'vitest';
import type { ExecutionRecord, WorkflowRecord } from '../store.js';
import type { SuiteContext } from '../store-suite.js';
import { collectPages, execution, seedWaiting, seedWorkflow, step, wait } from './fixtures.js';

/** Plain code-unit order, as the database compares keys (localeCompare would ignore the dashes). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const noChange = { upsertSteps: [], addWaits: [], removeWaitsForSteps: [] };

export function describeExecutions(ctx: SuiteContext): void {
  describe('executions', () => {
    let wf: WorkflowRecord;
    beforeEach(async () => {
      wf = await seedWorkflow(ctx.store);
    });

    test('create and load: the execution with its steps in order, every value as it was written', async () => {
      const exec = execution(wf.id, { contactId: 'contact-1', mode: 'event' });
      const joinStep = step(exec.id, 3, { joined: ['e1', 'e2'], output: undefined, port: null, status: 'pending' });
      await ctx.store.executions.create(exec, [step(exec.id, 2, { input: 'text', output: [null, { deep: { a: 1 } }] }), step(exec.id, 1), joinStep]);

      const loaded = await ctx.store.executions.load(exec.id);
      expect(loaded?.execution).toEqual(exec);
      expect(loaded?.steps.map((s) => s.seq)).toEqual([1, 2, 3]);
      expect(loaded?.steps[1]).toEqual(step(exec.id, 2, { input: 'text', output: [null, { deep: { a: 1 } }] }));
      expect(loaded?.steps[2]).toEqual(joinStep);
      expect(await ctx.store.executions.get(exec.id)).toEqual(exec);
    });

    test('loadMany reads several executions, each with its own steps in order, and leaves out unknown ids', async () => {
      const [a, b, empty] = [execution(wf.id), execution(wf.id, { status: 'waiting' }), execution(wf.id)];
      await ctx.store.executions.create(a, [step(a.id, 2), step(a.id, 1)]);
      await ctx.store.executions.create(b, [step(b.id, 1), step(b.id, 3), step(b.id, 2)]);
      await ctx.store.executions.create(empty, []);

      const states = await ctx.store.executions.loadMany([b.id, 'nope', a.id, empty.id]);
      const byId = new Map(states.map((s) => [s.execution.id, s]));
      expect([...byId.keys()].sort()).toEqual([a.id, b.id, empty.id].sort());
      expect(byId.get(a.id)).toEqual({ execution: a, steps: [step(a.id, 1), step(a.id, 2)] });
      expect(byId.get(b.id)).toEqual({ execution: b, steps: [1, 2, 3].map((seq) => step(b.id, seq)) });
      expect(byId.get(empty.id)?.steps).toEqual([]);
      expect(await ctx.store.executions.loadMany([])).toEqual([]);
    });

    test('an unknown execution reads as null', async () => {
      expect(await ctx.store.executions.get('nope')).toBeNull();
      expect(await ctx.store.executions.load('nope')).toBeNull();
      expect(await ctx.store.executions.waitsOf('nope')).toEqual([]);
    });

    test('apply checkpoints steps, adds and ends waits, and changes only the execution fields given', async () => {
      const exec = execution(wf.id, { contactId: 'contact-1' });
      const first = step(exec.id, 1, { status: 'running', output: null, finishedAt: null });
      await ctx.store.executions.create(exec, [first]);

      const done = { ...first, status: 'success' as const, output: { sent: true }, finishedAt: '2026-01-05T09:00:02.000Z' };
      const sleeping = step(exec.id, 2, { status: 'waiting', output: null });
      const timer = wait(sleeping, {
        eventType: 'email.opened', eventFilter: { match: 'all', rules: [{ field: 'event.data.campaign', op: 'eq', value: 'welcome' }] },
        contactId: 'contact-1', state: { attempt: 2 },
      });
      await ctx.store.executions.apply(exec.id, { upsertSteps: [done, sleeping], addWaits: [timer], removeWaitsForSteps: [], execution: { status: 'waiting' } });

      let state = await ctx.store.executions.load(exec.id);
      expect(state?.steps).toEqual([done, sleeping]);
      expect(state?.execution).toEqual({ ...exec, status: 'waiting' });
      expect(await ctx.store.executions.waitsOf(exec.id)).toEqual([timer]);

      const response = { status: 201, headers: { 'x-tern': '1' }, body: { ok: true } };
      const finished = '2026-01-05T10:00:00.000Z';
      await ctx.store.executions.apply(exec.id, {
        upsertSteps: [{ ...sleeping, status: 'success', finishedAt: finished }], addWaits: [], removeWaitsForSteps: [sleeping.id],
        execution: { status: 'success', finishedAt: finished, response },
      });
      state = await ctx.store.executions.load(exec.id);
      expect(state?.execution).toEqual({ ...exec, status: 'success', finishedAt: finished, response });
      expect(state?.steps[1]?.status).toBe('success');
      expect(await ctx.store.executions.waitsOf(exec.id)).toEqual([]);

      await ctx.store.executions.apply(exec.id, { ...noChange, execution: { error: { message: 'boom', nodeId: 'n' }, contactId: null } });
      expect(await ctx.store.executions.get(exec.id)).toEqual({
        ...exec, status: 'success', finishedAt: finished, response, error: { message: 'boom', nodeId: 'n' }, contactId: null,
      });
    });

    test('a finished execution keeps its status whatever a late checkpoint says (never running again)', async () => {
      const exec = execution(wf.id, { status: 'canceled', finishedAt: '2026-01-05T09:00:01.000Z' });
      await ctx.store.executions.create(exec, [step(exec.id, 1)]);
      await ctx.store.executions.apply(exec.id, { ...noChange, execution: { status: 'running' } });
      await ctx.store.executions.apply(exec.id, { ...noChange, execution: { status: 'success' } });
      expect((await ctx.store.executions.get(exec.id))?.status).toBe('canceled');
      expect(await ctx.store.executions.listRunning()).not.toContain(exec.id);
    });

    test('a step that resumes and waits again in one change keeps its new wait', async () => {
      const { execution: exec, step: sleeping } = await seedWaiting(ctx.store, wf.id);
      const again = wait(sleeping, { dueAt: Date.parse('2026-01-08T09:00:00.000Z') });
      await ctx.store.executions.apply(exec.id, { upsertSteps: [], addWaits: [again], removeWaitsForSteps: [sleeping.id] });
      expect(await ctx.store.executions.waitsOf(exec.id)).toEqual([again]);
    });

    test('apply writes nothing when any part of the change fails', async () => {
      const exec = execution(wf.id);
      const first = step(exec.id, 1, { status: 'running' });
      await ctx.store.executions.create(exec, [first]);
      const stray = step('another-execution', 1);
      await expect(ctx.store.executions.apply(exec.id, {
        upsertSteps: [{ ...first, status: 'success' }, stray], addWaits: [], removeWaitsForSteps: [], execution: { status: 'success' },
      })).rejects.toThrow();
      expect(await ctx.store.executions.load(exec.id)).toEqual({ execution: exec, steps: [first] });
    });

    test('writes made at the same moment stand or fall each on its own', async () => {
      const exec = execution(wf.id);
      const first = step(exec.id, 1, { status: 'running' });
      await ctx.store.executions.create(exec, [first]);
      const other = execution(wf.id);

      const [good, bad, created] = await Promise.allSettled([
        ctx.store.executions.apply(exec.id, { ...noChange, upsertSteps: [{ ...first, status: 'success' }] }),
        ctx.store.executions.apply(exec.id, { ...noChange, upsertSteps: [step(exec.id, 2), step('another-execution', 1)] }),
        ctx.store.executions.create(other, [step(other.id, 1)]),
      ]);
      expect([good.status, bad.status, created.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await ctx.store.executions.load(exec.id))?.steps).toEqual([{ ...first, status: 'success' }]);
      expect((await ctx.store.executions.load(other.id))?.steps).toHaveLength(1);
    });

    test('list pages newest first, with the total, filtered by workflow and by status', async () => {
      const other = await seedWorkflow(ctx.store, 'Other');
      const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T09:00:00.000Z`;
      const made: ExecutionRecord[] = [
        execution(wf.id, { startedAt: at(1), status: 'success' }),
        execution(wf.id, { startedAt: at(3), status: 'error' }),
        execution(other.id, { startedAt: at(2), status: 'success' }),
        execution(wf.id, { startedAt: at(3), status: 'success' }), // same start: the id breaks the tie
        execution(other.id, { startedAt: at(5), status: 'waiting' }),
      ];
      for (const e of made) await ctx.store.executions.create(e, []);
      const newestFirst = [...made].sort((a, b) => byText(b.startedAt, a.startedAt) || byText(b.id, a.id));

      const pages = await collectPages((cursor) => ctx.store.executions.list({}, { limit: 2, cursor }));
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((e) => e.id)).toEqual(newestFirst.map((e) => e.id));
      expect((await ctx.store.executions.list({}, { limit: 2 })).total).toBe(5);

      const ofWorkflow = await ctx.store.executions.list({ workflowId: wf.id }, { limit: 10 });
      expect(ofWorkflow).toMatchObject({ total: 3, nextCursor: null });
      expect(ofWorkflow.items.map((e) => e.id)).toEqual(newestFirst.filter((e) => e.workflowId === wf.id).map((e) => e.id));
      const successes = await collectPages((cursor) => ctx.store.executions.list({ status: 'success' }, { limit: 1, cursor }));
      expect(successes.flat().map((e) => e.id)).toEqual(newestFirst.filter((e) => e.status === 'success').map((e) => e.id));
      const both = await ctx.store.executions.list({ workflowId: other.id, status: 'waiting' }, { limit: 10 });
      expect(both.items).toEqual([made[4]]);
      expect(both.total).toBe(1);
    });

    test('listRunning names the executions left running', async () => {
      const running = execution(wf.id, { status: 'running' });
      await ctx.store.executions.create(running, []);
      await ctx.store.executions.create(execution(wf.id, { status: 'waiting' }), []);
      await ctx.store.executions.create(execution(wf.id, { status: 'success' }), []);
      expect(await ctx.store.executions.listRunning()).toEqual([running.id]);
    });

    test('pruneFinished deletes old finished executions with their steps, never waiting or running ones', async () => {
      const old = { startedAt: '2025-12-01T00:00:00.000Z', finishedAt: '2025-12-01T00:00:05.000Z' };
      const pruned = (['success', 'error', 'canceled'] as const).map((status) => execution(wf.id, { ...old, status }));
      // A running execution with a finish time (say, retried after it failed) still runs.
      const oldRunning = execution(wf.id, { ...old, status: 'running' });
      const recent = execution(wf.id, { status: 'success', finishedAt: '2026-01-05T09:00:05.000Z' });
      for (const e of [...pruned, oldRunning, recent]) await ctx.store.executions.create(e, [step(e.id, 1)]);
      const { execution: oldWaiting } = await seedWaiting(ctx.store, wf.id, {}, { ...old });

      expect(await ctx.store.executions.pruneFinished('2026-01-01T00:00:00.000Z', 100)).toBe(3);
      for (const e of pruned) expect(await ctx.store.executions.load(e.id)).toBeNull();
      for (const e of [oldRunning, recent]) expect((await ctx.store.executions.load(e.id))?.steps).toHaveLength(1);
      expect((await ctx.store.executions.load(oldWaiting.id))?.steps).toHaveLength(2);
      expect(await ctx.store.executions.waitsOf(oldWaiting.id)).toHaveLength(1);
      expect(await ctx.store.executions.pruneFinished('2026-01-01T00:00:00.000Z', 100)).toBe(0);
    });

    test('pruneFinished deletes at most `limit` executions, the longest finished first', async () => {
      const finished = [5, 1, 4, 2, 3].map((day) => execution(wf.id, { status: 'success', finishedAt: `2025-12-0${day}T00:00:00.000Z` }));
      for (const e of finished) await ctx.store.executions.create(e, []);
      expect(await ctx.store.executions.pruneFinished('2026-01-01T00:00:00.000Z', 2)).toBe(2);
      const left = await ctx.store.executions.list({}, { limit: 10 });
      expect(left.items.map((e) => e.finishedAt?.slice(0, 10)).sort()).toEqual(['2025-12-03', '2025-12-04', '2025-12-05']);
    });
  });
}
