// Store suite: workflows, their immutable versions and the webhook routes of active ones.
import { describe, expect, test } from 'vitest';
import type { SuiteContext } from '../store-suite.js';
import { collectPages, definition, execution, seedWaiting, seedWorkflow, step } from './fixtures.js';

const route = (path: string, method = 'POST', nodeId = 'signup') => ({ path, method, nodeId });

export function describeWorkflows(ctx: SuiteContext): void {
  describe('workflows', () => {
    test('create saves version 1, inactive, readable by id and as version 1', async () => {
      const created = await ctx.store.workflows.create(definition('Welcome series'));
      expect(created).toMatchObject({ name: 'Welcome series', active: false, version: 1, activeVersion: null });
      expect(created.createdAt).toBe(created.updatedAt);
      expect(await ctx.store.workflows.get(created.id)).toEqual(created);
      const v1 = await ctx.store.workflows.getVersion(created.id, 1);
      expect(v1).toEqual({ workflowId: created.id, version: 1, definition: definition('Welcome series'), createdAt: created.createdAt });
    });

    test('update saves a new version and leaves the earlier ones as they were', async () => {
      const created = await seedWorkflow(ctx.store, 'Draft');
      const edited = { ...definition('Welcome series'), description: 'now with a second email' };
      const updated = await ctx.store.workflows.update(created.id, edited);
      await ctx.store.workflows.update(created.id, definition('Welcome series v3'));

      expect(updated).toMatchObject({ id: created.id, name: 'Welcome series', version: 2, definition: edited });
      expect((await ctx.store.workflows.get(created.id))?.version).toBe(3);
      expect((await ctx.store.workflows.getVersion(created.id, 1))?.definition).toEqual(definition('Draft'));
      expect((await ctx.store.workflows.getVersion(created.id, 2))?.definition).toEqual(edited);
      expect(await ctx.store.workflows.getVersion(created.id, 4)).toBeNull();
      const versions = await ctx.store.workflows.listVersions(created.id);
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
      expect(versions[0]).toEqual({ workflowId: created.id, version: 1, createdAt: created.createdAt });
    });

    test('an unknown workflow reads as null and cannot be updated, deactivated or deleted', async () => {
      expect(await ctx.store.workflows.get('nope')).toBeNull();
      expect(await ctx.store.workflows.update('nope', definition())).toBeNull();
      expect(await ctx.store.workflows.deactivate('nope')).toBeNull();
      expect(await ctx.store.workflows.delete('nope')).toBe(false);
      expect(await ctx.store.workflows.listVersions('nope')).toEqual([]);
    });

    test('list pages through every workflow newest first, with the total, and filters by active', async () => {
      const names = ['one', 'two', 'three', 'four', 'five'];
      const created = [];
      for (const name of names) created.push(await seedWorkflow(ctx.store, name));
      await ctx.store.workflows.activate(created[1]!.id, []);
      await ctx.store.workflows.activate(created[3]!.id, []);

      const first = await ctx.store.workflows.list({ limit: 2 });
      expect(first.total).toBe(5);
      expect(first.items.map((w) => w.name)).toEqual(['five', 'four']);
      const pages = await collectPages((cursor) => ctx.store.workflows.list({ limit: 2, cursor }));
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((w) => w.name)).toEqual([...names].reverse());

      const active = await ctx.store.workflows.list({ limit: 10, active: true });
      expect(active).toMatchObject({ total: 2, nextCursor: null });
      expect(active.items.map((w) => w.name)).toEqual(['four', 'two']);
      expect((await ctx.store.workflows.list({ limit: 10, active: false })).total).toBe(3);
      expect((await ctx.store.workflows.listActive()).map((w) => w.name).sort()).toEqual(['four', 'two']);
    });

    test('list refuses a cursor it did not hand out', async () => {
      await seedWorkflow(ctx.store);
      await expect(ctx.store.workflows.list({ limit: 1, cursor: 'not-a-cursor' })).rejects.toThrow(/invalid cursor/);
    });

    test('activate pins the latest version and claims its webhook routes', async () => {
      const wf = await seedWorkflow(ctx.store);
      await ctx.store.workflows.update(wf.id, definition('Welcome series v2'));
      const result = await ctx.store.workflows.activate(wf.id, [route('signup')]);

      expect(result).toMatchObject({ ok: true, workflow: { id: wf.id, active: true, version: 2, activeVersion: 2 } });
      const claimed = { path: 'signup', method: 'POST', workflowId: wf.id, version: 2, nodeId: 'signup' };
      expect(await ctx.store.workflows.findWebhook('signup', 'POST')).toEqual(claimed);
      expect(await ctx.store.workflows.findWebhook('/signup/', 'post')).toEqual(claimed);
      expect(await ctx.store.workflows.findWebhook('signup', 'GET')).toBeNull();
      expect(await ctx.store.workflows.findWebhook('other', 'POST')).toBeNull();
    });

    test('a route claimed with method ANY answers every method', async () => {
      const wf = await seedWorkflow(ctx.store);
      await ctx.store.workflows.activate(wf.id, [route('inbox', 'ANY')]);
      for (const method of ['GET', 'POST', 'DELETE']) {
        expect(await ctx.store.workflows.findWebhook('inbox', method)).toMatchObject({ workflowId: wf.id, method: 'ANY' });
      }
    });

    test('activating onto a route another active workflow holds changes nothing and names the holder', async () => {
      const holder = await seedWorkflow(ctx.store, 'Holder');
      await ctx.store.workflows.activate(holder.id, [route('signup')]);
      const late = await seedWorkflow(ctx.store, 'Latecomer');

      const result = await ctx.store.workflows.activate(late.id, [route('newsletter', 'POST', 'a'), route('signup', 'POST', 'b')]);
      expect(result).toEqual({
        ok: false,
        conflict: { path: 'signup', method: 'POST', workflowId: holder.id, version: 1, nodeId: 'signup' },
      });
      expect(await ctx.store.workflows.get(late.id)).toMatchObject({ active: false, activeVersion: null });
      expect(await ctx.store.workflows.findWebhook('newsletter', 'POST')).toBeNull();
      expect(await ctx.store.workflows.findWebhook('signup', 'POST')).toMatchObject({ workflowId: holder.id });

      // ANY overlaps every method, in either direction.
      const any = await ctx.store.workflows.activate(late.id, [route('signup', 'ANY')]);
      expect(any).toMatchObject({ ok: false, conflict: { workflowId: holder.id } });
    });

    test('two routes of one workflow that answer the same request conflict with each other', async () => {
      const wf = await seedWorkflow(ctx.store);
      const result = await ctx.store.workflows.activate(wf.id, [route('signup', 'POST', 'a'), route('signup', 'ANY', 'b')]);
      expect(result).toMatchObject({ ok: false, conflict: { path: 'signup', workflowId: wf.id, nodeId: 'a' } });
      expect(await ctx.store.workflows.get(wf.id)).toMatchObject({ active: false });
      expect(await ctx.store.workflows.findWebhook('signup', 'POST')).toBeNull();
    });

    test('an edit of an active workflow runs only once it is activated again', async () => {
      const wf = await seedWorkflow(ctx.store);
      await ctx.store.workflows.activate(wf.id, [route('signup')]);
      const edited = await ctx.store.workflows.update(wf.id, definition('Welcome series', 'join'));
      expect(edited).toMatchObject({ active: true, version: 2, activeVersion: 1 });
      expect(await ctx.store.workflows.findWebhook('signup', 'POST')).toMatchObject({ version: 1 });

      const again = await ctx.store.workflows.activate(wf.id, [route('join')]);
      expect(again).toMatchObject({ ok: true, workflow: { activeVersion: 2 } });
      expect(await ctx.store.workflows.findWebhook('signup', 'POST')).toBeNull();
      expect(await ctx.store.workflows.findWebhook('join', 'POST')).toMatchObject({ workflowId: wf.id, version: 2 });
    });

    test('deactivate releases the routes, and another workflow may then claim them', async () => {
      const first = await seedWorkflow(ctx.store, 'First');
      const second = await seedWorkflow(ctx.store, 'Second');
      await ctx.store.workflows.activate(first.id, [route('signup')]);

      expect(await ctx.store.workflows.deactivate(first.id)).toMatchObject({ active: false, activeVersion: null, version: 1 });
      expect(await ctx.store.workflows.findWebhook('signup', 'POST')).toBeNull();
      expect(await ctx.store.workflows.listActive()).toEqual([]);
      expect(await ctx.store.workflows.activate(second.id, [route('signup')])).toMatchObject({ ok: true });
      expect(await ctx.store.workflows.findWebhook('signup', 'POST')).toMatchObject({ workflowId: second.id });
    });

    test('delete removes the workflow with its versions, routes, executions, steps and waits', async () => {
      const wf = await seedWorkflow(ctx.store);
      const kept = await seedWorkflow(ctx.store, 'Kept');
      await ctx.store.workflows.update(wf.id, definition('v2'));
      await ctx.store.workflows.activate(wf.id, [route('signup')]);
      const { execution: waiting } = await seedWaiting(ctx.store, wf.id);
      const other = execution(kept.id);
      await ctx.store.executions.create(other, [step(other.id, 1)]);

      expect(await ctx.store.workflows.delete(wf.id)).toBe(true);
      expect(await ctx.store.workflows.get(wf.id)).toBeNull();
      expect(await ctx.store.workflows.getVersion(wf.id, 1)).toBeNull();
      expect(await ctx.store.workflows.findWebhook('signup', 'POST')).toBeNull();
      expect(await ctx.store.executions.load(waiting.id)).toBeNull();
      expect(await ctx.store.executions.waitsOf(waiting.id)).toEqual([]);
      expect(await ctx.store.executions.nextDueAt()).toBeNull();
      expect((await ctx.store.executions.load(other.id))?.steps).toHaveLength(1);
      expect(await ctx.store.workflows.delete(wf.id)).toBe(false);
    });
  });
}
