import { describe, expect, it } from 'vitest';
import { compileTest, drain, fail, newState, pending, runStep, startAt } from '../../test/engine-fixtures.js';
import { planExit } from './planner.js';

const now = new Date('2026-01-05T09:00:00Z');
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, version: 1, params });
const edge = (source: string, target: string, sourcePort = 'out') => ({ id: `${source}-${target}`, source, sourcePort, target, targetPort: 'in' });

describe('planner', () => {
  it('follows only the port a node chose', async () => {
    const graph = compileTest({
      name: 'branch',
      nodes: [node('start', 'test.start'), node('b', 'test.branch'), node('y', 'test.pass'), node('n', 'test.pass')],
      edges: [edge('start', 'b'), edge('b', 'y', 'yes'), edge('b', 'n', 'no')],
    });
    const state = newState();
    startAt(state, 'start', { ok: true });
    expect(await drain(graph, state, now)).toEqual(['start', 'b', 'y']);
    expect(state.execution.status).toBe('success');
    expect(state.execution.finishedAt).toBe(now.toISOString());
  });

  it('lets one branch run on while another waits', async () => {
    const graph = compileTest({
      name: 'parallel',
      nodes: [node('start', 'test.start'), node('slow', 'test.sleep'), node('fast', 'test.pass'), node('after', 'test.pass')],
      edges: [edge('start', 'slow'), edge('start', 'fast'), edge('slow', 'after')],
    });
    const state = newState();
    startAt(state, 'start', {});
    const ran = await drain(graph, state, now);
    expect(ran).toEqual(['start', 'slow', 'fast']);
    expect(state.steps.find((s) => s.nodeId === 'fast')?.status).toBe('success');
    expect(state.steps.find((s) => s.nodeId === 'slow')?.status).toBe('waiting');
    expect(state.execution.status).toBe('waiting');
  });

  it('writes a wait due at the time the node asked for', async () => {
    const graph = compileTest({ name: 'w', nodes: [node('start', 'test.start'), node('s', 'test.sleep')], edges: [edge('start', 's')] });
    const state = newState();
    startAt(state, 'start', {});
    await runStep(graph, state, pending(state)!, now);
    const delta = await runStep(graph, state, pending(state)!, now);
    expect(delta.addWaits).toHaveLength(1);
    expect(delta.addWaits[0]!.dueAt).toBe(now.getTime() + 60_000);
    expect(delta.execution?.status).toBe('waiting');
  });

  it('joins two branches once both have delivered (mode all)', async () => {
    const graph = compileTest({
      name: 'join',
      nodes: [node('start', 'test.start'), node('a', 'test.pass'), node('b', 'test.sleep'), node('j', 'test.join'), node('end', 'test.pass')],
      edges: [edge('start', 'a'), edge('start', 'b'), edge('a', 'j'), edge('b', 'j'), edge('j', 'end')],
    });
    const state = newState();
    startAt(state, 'start', {});
    await drain(graph, state, now);
    const join = state.steps.find((s) => s.nodeId === 'j')!;
    expect(join.status).toBe('waiting');
    // The sleeping branch comes back: the join fires with both inputs.
    const sleeping = state.steps.find((s) => s.nodeId === 'b')!;
    sleeping.status = 'pending';
    sleeping.resume = { reason: 'time', waitedSince: now };
    expect(await drain(graph, state, now)).toEqual(['b', 'j', 'end']);
    expect((join.input as Array<{ from: string }>).map((i) => i.from).sort()).toEqual(['a', 'b']);
    expect(state.execution.status).toBe('success');
  });

  it('does not wait at a join for a branch that was not taken', async () => {
    const graph = compileTest({
      name: 'dead path',
      nodes: [node('start', 'test.start'), node('b', 'test.branch'), node('y', 'test.pass'), node('n', 'test.pass'), node('j', 'test.join')],
      edges: [edge('start', 'b'), edge('b', 'y', 'yes'), edge('b', 'n', 'no'), edge('y', 'j'), edge('n', 'j')],
    });
    const state = newState();
    startAt(state, 'start', { ok: false });
    expect(await drain(graph, state, now)).toEqual(['start', 'b', 'n', 'j']);
    expect(state.execution.status).toBe('success');
  });

  it('fires a first-mode join once, on the first branch to arrive', async () => {
    const graph = compileTest({
      name: 'first',
      nodes: [node('start', 'test.start'), node('a', 'test.pass'), node('b', 'test.pass'), node('j', 'test.join', { mode: 'first' }), node('end', 'test.pass')],
      edges: [edge('start', 'a'), edge('start', 'b'), edge('a', 'j'), edge('b', 'j'), edge('j', 'end')],
    });
    const state = newState();
    startAt(state, 'start', {});
    const ran = await drain(graph, state, now);
    expect(ran.filter((id) => id === 'j')).toHaveLength(1);
    expect(ran.filter((id) => id === 'end')).toHaveLength(1);
  });

  it('fails the execution and cancels the other branches when a node throws', async () => {
    const graph = compileTest({
      name: 'fail',
      nodes: [node('start', 'test.start'), node('a', 'test.pass'), node('s', 'test.sleep')],
      edges: [edge('start', 'a'), edge('start', 's')],
    });
    const state = newState();
    startAt(state, 'start', {});
    await runStep(graph, state, pending(state)!, now);
    await runStep(graph, state, state.steps.find((s) => s.nodeId === 's')!, now);
    const delta = fail(graph, state, state.steps.find((s) => s.nodeId === 'a')!, 'boom', now);
    expect(state.execution.status).toBe('error');
    expect(state.execution.error).toEqual({ message: 'boom', nodeId: 'a' });
    expect(state.steps.find((s) => s.nodeId === 's')!.status).toBe('canceled');
    expect(delta.removeWaitsForSteps).toEqual([state.steps.find((s) => s.nodeId === 's')!.id]);
  });

  it('retries a failing node through a durable wait with backoff', async () => {
    const graph = compileTest({
      name: 'retry',
      nodes: [node('start', 'test.start'), { ...node('a', 'test.pass'), retry: { attempts: 3, delayMs: 1000 } }],
      edges: [edge('start', 'a')],
    });
    const state = newState();
    startAt(state, 'start', {});
    await runStep(graph, state, pending(state)!, now);
    const step = pending(state)!;
    const first = fail(graph, state, step, 'flaky', now);
    expect(first.addWaits[0]!.dueAt).toBe(now.getTime() + 1000);
    step.status = 'pending';
    const second = fail(graph, state, step, 'flaky', now);
    expect(second.addWaits[0]!.dueAt).toBe(now.getTime() + 2000);
    step.status = 'pending';
    fail(graph, state, step, 'flaky', now);
    expect(step.attempt).toBe(3);
    expect(state.execution.status).toBe('error');
  });

  it('ends a path on stop without following edges', async () => {
    const graph = compileTest({
      name: 'stop',
      nodes: [node('start', 'test.start'), node('end', 'test.end')],
      edges: [edge('start', 'end')],
    });
    const state = newState();
    startAt(state, 'start', {});
    await drain(graph, state, now);
    expect(state.steps.map((s) => [s.nodeId, s.status, s.output])).toEqual([
      ['start', 'success', {}],
      ['end', 'success', { done: true }],
    ]);
    expect(state.execution.status).toBe('success');
  });

  it('a journey exit ends waits and active steps: met goal converts, another reason cancels saying why', async () => {
    const graph = compileTest({
      name: 'exit',
      nodes: [node('start', 'test.start'), node('s', 'test.sleep'), node('goal', 'test.end')],
      edges: [edge('start', 's'), edge('s', 'goal')],
    });
    const waiting = () => {
      const state = newState();
      startAt(state, 'start', {});
      return state;
    };
    const left = waiting();
    await drain(graph, left, now);
    const sleeping = left.steps.find((s) => s.nodeId === 's')!;
    const canceled = planExit(graph, left, now, { reason: 'left the journey: the contact unsubscribed from email' });
    expect(canceled.removeWaitsForSteps).toEqual([sleeping.id]);
    expect(sleeping.status).toBe('canceled');
    expect(canceled.execution).toMatchObject({ status: 'canceled', error: { message: 'left the journey: the contact unsubscribed from email' } });

    const won = waiting();
    await drain(graph, won, now);
    const converted = planExit(graph, won, now, { goalNodeId: 'goal' });
    expect(converted.execution).toMatchObject({ status: 'success', error: null, finishedAt: now.toISOString() });
    expect(converted.upsertSteps.map((s) => [s.nodeId, s.status, s.output])).toEqual([
      ['s', 'canceled', null], ['goal', 'success', { converted: true, exited: true }],
    ]);
  });
});
