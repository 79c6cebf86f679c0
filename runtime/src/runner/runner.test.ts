import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowInput } from '@tern/shared';
import { createTestRuntime, testClock, saveWorkflow, type TestRuntime } from '../../test/helpers.js';

const DAY = 86_400_000;
const open: TestRuntime[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.dispose()));
});

async function runtimeWith(clock = testClock(), dataDir?: string) {
  const runtime = await createTestRuntime({ clock, ...(dataDir ? { dataDir } : {}) });
  open.push(runtime);
  return runtime;
}

const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, version: 1, position: { x: 0, y: 0 }, params });
const edge = (source: string, target: string, sourcePort = 'out') => ({ id: `${source}-${target}-${sourcePort}`, source, sourcePort, target, targetPort: 'in' });

const scoreFlow: WorkflowInput = {
  name: 'Score check',
  nodes: [
    node('hook', 'trigger.webhook', { path: 'signup', method: 'POST', respond: 'when_done' }),
    node('hot', 'logic.condition', { match: 'all', rules: [{ field: 'trigger.body.score', op: 'gt', value: 50 }] }),
    node('tag', 'data.set', { values: { segment: 'hot', name: '{{ trigger.body.name }}' } }),
    node('cold', 'data.set', { values: { segment: 'cold' } }),
    node('reply', 'http.respond', { status: 200, body: { segment: '{{ steps.tag.segment }}', hello: '{{ trigger.body.name }}' } }),
  ],
  edges: [edge('hook', 'hot'), edge('hot', 'tag', 'true'), edge('hot', 'cold', 'false'), edge('tag', 'reply')],
};

const delayFlow = (days: number, label = 'after'): WorkflowInput => ({
  name: 'Delay',
  nodes: [
    node('start', 'trigger.manual'),
    node('wait', 'flow.delay', { mode: 'duration', amount: days, unit: 'days' }),
    node('after', 'data.set', { values: { label } }),
  ],
  edges: [edge('start', 'wait'), edge('wait', 'after')],
});

describe('runner', () => {
  it('runs a flow and records every step with its input, output, port and timing', async () => {
    const rt = await runtimeWith();
    const wf = await saveWorkflow(rt, scoreFlow);
    const started = await rt.runner.start({ workflowId: wf.id, mode: 'webhook', payload: { body: { score: 80, name: 'Ada' } } });
    const done = await rt.runner.settled(started.id, 5_000);
    expect(done?.status).toBe('success');
    expect(done?.response).toEqual({ status: 200, headers: {}, body: { segment: 'hot', hello: 'Ada' } });
    const state = await rt.store.executions.load(started.id);
    expect(state!.steps.map((s) => [s.nodeId, s.status, s.port])).toEqual([
      ['hook', 'success', 'out'],
      ['hot', 'success', 'true'],
      ['tag', 'success', 'out'],
      ['reply', 'success', 'out'],
    ]);
    const tag = state!.steps[2]!;
    expect(tag.output).toEqual({ segment: 'hot', name: 'Ada' });
    expect(tag.input).toEqual(state!.steps[1]!.output);
    expect(tag.attempt).toBe(1);
    expect(tag.startedAt).not.toBeNull();
    expect(tag.finishedAt).not.toBeNull();
  });

  it('records a node error on the step and the execution', async () => {
    const rt = await runtimeWith();
    const wf = await saveWorkflow(rt, {
      name: 'Bad template value',
      nodes: [node('start', 'trigger.manual'), node('wait', 'flow.delay', { mode: 'duration', amount: '{{ trigger.days }}', unit: 'days' })],
      edges: [edge('start', 'wait')],
    });
    const started = await rt.runner.start({ workflowId: wf.id, mode: 'manual', payload: { days: 'soon' } });
    const done = await rt.runner.settled(started.id, 5_000);
    expect(done?.status).toBe('error');
    expect(done?.error?.nodeId).toBe('wait');
    expect(done?.error?.message).toMatch(/params\.amount/);
  });

  it('waits days on a fake clock and resumes exactly when due', async () => {
    const clock = testClock();
    const rt = await runtimeWith(clock);
    const wf = await saveWorkflow(rt, delayFlow(3));
    const started = await rt.runner.start({ workflowId: wf.id, mode: 'manual', payload: {} });
    expect((await rt.runner.settled(started.id, 5_000))?.status).toBe('waiting');

    clock.advance(3 * DAY - 60_000);
    expect(await rt.scheduler.tick()).toBe(0);
    expect((await rt.store.executions.get(started.id))?.status).toBe('waiting');

    clock.advance(60_000);
    expect(await rt.scheduler.tick()).toBe(1);
    await rt.runner.idle();
    const state = await rt.store.executions.load(started.id);
    expect(state!.execution.status).toBe('success');
    expect(state!.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ['start', 'success'],
      ['wait', 'success'],
      ['after', 'success'],
    ]);
    // A second tick finds nothing: a wait is resumed once.
    expect(await rt.scheduler.tick()).toBe(0);
    expect(await rt.store.executions.waitsOf(started.id)).toEqual([]);
  });

  it('lets a branch finish while another waits, then joins them', async () => {
    const clock = testClock();
    const rt = await runtimeWith(clock);
    const wf = await saveWorkflow(rt, {
      name: 'Branches',
      nodes: [
        node('start', 'trigger.manual'),
        node('wait', 'flow.delay', { mode: 'duration', amount: 1, unit: 'hours' }),
        node('now', 'data.set', { values: { at: 'now' } }),
        node('join', 'logic.merge', { mode: 'all' }),
        node('end', 'data.set', { values: { both: '{{ steps.now.at }}' } }),
      ],
      edges: [edge('start', 'wait'), edge('start', 'now'), edge('wait', 'join'), edge('now', 'join'), edge('join', 'end')],
    });
    const started = await rt.runner.start({ workflowId: wf.id, mode: 'manual', payload: {} });
    await rt.runner.settled(started.id, 5_000);
    let state = await rt.store.executions.load(started.id);
    expect(state!.execution.status).toBe('waiting');
    expect(state!.steps.find((s) => s.nodeId === 'now')?.status).toBe('success');
    expect(state!.steps.some((s) => s.nodeId === 'end')).toBe(false);

    clock.advance(3_600_000);
    await rt.scheduler.tick();
    await rt.runner.idle();
    state = await rt.store.executions.load(started.id);
    expect(state!.execution.status).toBe('success');
    expect(state!.steps.find((s) => s.nodeId === 'end')?.output).toEqual({ both: 'now' });
  });

  it('keeps a waiting execution on the version it started with', async () => {
    const clock = testClock();
    const rt = await runtimeWith(clock);
    const wf = await saveWorkflow(rt, delayFlow(2, 'version one'));
    const started = await rt.runner.start({ workflowId: wf.id, mode: 'manual', payload: {} });
    await rt.runner.settled(started.id, 5_000);
    const edited = await rt.store.workflows.update(wf.id, { ...wf.definition, nodes: wf.definition.nodes.map((n) =>
      n.id === 'after' ? { ...n, params: { values: { label: 'version two' } } } : n) });
    expect(edited?.version).toBe(2);

    clock.advance(2 * DAY);
    await rt.scheduler.tick();
    await rt.runner.idle();
    const state = await rt.store.executions.load(started.id);
    expect(state!.execution.workflowVersion).toBe(1);
    expect(state!.steps.find((s) => s.nodeId === 'after')?.output).toEqual({ label: 'version one' });
  });

  it('cancels a waiting execution so its wait never fires', async () => {
    const clock = testClock();
    const rt = await runtimeWith(clock);
    const wf = await saveWorkflow(rt, delayFlow(1));
    const started = await rt.runner.start({ workflowId: wf.id, mode: 'manual', payload: {} });
    await rt.runner.settled(started.id, 5_000);
    const canceled = await rt.runner.cancel(started.id);
    expect(canceled?.status).toBe('canceled');
    clock.advance(2 * DAY);
    expect(await rt.scheduler.tick()).toBe(0);
    const state = await rt.store.executions.load(started.id);
    expect(state!.steps.map((s) => s.status)).toEqual(['success', 'canceled']);
  });

  it('resumes after a restart a wait that fell due while it was down, once', async () => {
    const clock = testClock();
    const first = await runtimeWith(clock);
    const wf = await saveWorkflow(first, delayFlow(5));
    const started = await first.runner.start({ workflowId: wf.id, mode: 'manual', payload: {} });
    await first.runner.settled(started.id, 5_000);
    await first.stop();

    clock.advance(6 * DAY);
    const second = await runtimeWith(clock, first.dataDir);
    await second.start();
    await second.scheduler.tick();
    await second.runner.idle();
    const state = await second.store.executions.load(started.id);
    expect(state!.execution.status).toBe('success');
    expect(state!.steps.filter((s) => s.nodeId === 'after')).toHaveLength(1);
    expect(state!.steps.find((s) => s.nodeId === 'wait')?.attempt).toBe(1);
  });

  it('holds a hundred waits due at once without losing or doubling any', async () => {
    const clock = testClock();
    const rt = await runtimeWith(clock);
    const wf = await saveWorkflow(rt, delayFlow(1));
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push((await rt.runner.start({ workflowId: wf.id, mode: 'manual', payload: { i } })).id);
    await rt.runner.idle();
    clock.advance(DAY);
    expect(await rt.scheduler.tick()).toBe(100);
    await rt.runner.idle();
    for (const id of ids) {
      const state = await rt.store.executions.load(id);
      expect(state!.execution.status).toBe('success');
      expect(state!.steps.filter((s) => s.nodeId === 'after')).toHaveLength(1);
    }
  });
});
