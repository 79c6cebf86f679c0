import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExecutionView, StepView } from '../src/api/types.js';
import { followLive, type LiveSource } from '../src/runs/live.js';
import { createEditorStore } from '../src/store/editor-store.js';

/** An EventSource stand-in the test speaks through. */
class FakeSource implements LiveSource {
  readyState = 1;
  closed = false;
  private listeners = new Map<string, Array<(event: MessageEvent) => void>>();
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data?: unknown) {
    for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data: data === undefined ? undefined : JSON.stringify(data) }));
  }
}

const step = (nodeId: string, status: StepView['status'], output: unknown = null): StepView => ({
  nodeId, status, input: { body: { email: 'ada@example.com' } }, output, error: null, attempt: 1,
  startedAt: '2025-01-01T00:00:00.000Z', finishedAt: status === 'running' ? null : '2025-01-01T00:00:00.120Z', port: null,
});

const execution = (status: ExecutionView['status'], steps: StepView[]): ExecutionView => ({
  id: 'x1', workflowId: 'w1', workflowVersion: 2, status, mode: 'manual', trigger: { body: { email: 'ada@example.com' } },
  contactId: null, error: null, startedAt: '2025-01-01T00:00:00.000Z', finishedAt: status === 'running' ? null : '2025-01-01T00:00:01.000Z',
  steps, waits: [],
});

afterEach(() => vi.useRealTimers());

describe('following an execution live', () => {
  it('applies snapshot, steps, the execution record and the end, in order, then closes', () => {
    const store = createEditorStore();
    const source = new FakeSource();
    const settled = vi.fn();
    followLive(store, 'x1', { url: '/live', open: () => source, fetchExecution: vi.fn(), onSettled: settled });

    source.emit('snapshot', execution('running', [step('signup', 'success', { body: { email: 'ada@example.com' } })]));
    expect(store.getState().execution?.status).toBe('running');
    expect(Object.keys(store.getState().stepsByNode)).toEqual(['signup']);

    source.emit('step', { executionId: 'x1', ...step('hot', 'running') });
    expect(store.getState().stepsByNode.hot?.status).toBe('running');

    source.emit('step', { executionId: 'x1', ...step('hot', 'success', { matched: true }) });
    expect(store.getState().stepsByNode.hot?.status).toBe('success');
    expect(store.getState().stepsByNode.hot?.output).toEqual({ matched: true });
    expect(store.getState().execution?.steps.filter((s) => s.nodeId === 'hot')).toHaveLength(1);
    expect(store.getState().lastOutputs.hot).toEqual({ matched: true });

    source.emit('execution', { ...execution('success', []), executionId: 'x1', steps: undefined, waits: undefined });
    expect(store.getState().execution?.status).toBe('success');

    const final = execution('success', [step('signup', 'success', {}), step('hot', 'success', { matched: true }), step('tag', 'success', { ok: 1 })]);
    source.emit('end', final);
    expect(Object.keys(store.getState().stepsByNode)).toEqual(['signup', 'hot', 'tag']);
    expect(source.closed).toBe(true);
    expect(settled).toHaveBeenCalledWith(final);

    // Nothing after the end changes the view (the browser may report the closed connection).
    source.emit('step', { executionId: 'x1', ...step('tag', 'error') });
    source.emit('error');
    expect(store.getState().stepsByNode.tag?.status).toBe('success');
  });

  it('stops applying events once told to stop', () => {
    const store = createEditorStore();
    const source = new FakeSource();
    const stop = followLive(store, 'x1', { url: '/live', open: () => source, fetchExecution: vi.fn() });
    source.emit('snapshot', execution('running', []));
    stop();
    source.emit('step', { executionId: 'x1', ...step('hot', 'success') });
    expect(store.getState().stepsByNode.hot).toBeUndefined();
    expect(source.closed).toBe(true);
  });

  it('polls the execution when the server refuses the stream, until it settles', async () => {
    vi.useFakeTimers();
    const store = createEditorStore();
    const source = new FakeSource();
    const views = [execution('running', [step('signup', 'success')]), execution('success', [step('signup', 'success'), step('hot', 'success')])];
    const fetchExecution = vi.fn(async () => views.shift() ?? views[0]!);
    const settled = vi.fn();
    followLive(store, 'x1', { url: '/live', open: () => source, fetchExecution, onSettled: settled, pollMs: 500 });

    source.readyState = 2; // a 404 closes an EventSource
    source.emit('error');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().execution?.status).toBe('running');
    await vi.advanceTimersByTimeAsync(500);
    expect(store.getState().execution?.status).toBe('success');
    expect(Object.keys(store.getState().stepsByNode)).toEqual(['signup', 'hot']);
    expect(settled).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchExecution).toHaveBeenCalledTimes(2);
  });
});

describe('a live execution that starts waiting', () => {
  it('reads what it waits for, which the stream does not carry', async () => {
    const store = createEditorStore();
    const source = new FakeSource();
    const waits = [{ nodeId: 'delay_1', dueAt: '2026-11-24T09:00:00.000Z', eventType: null, createdAt: '2025-01-01T00:00:00.000Z' }];
    const fetchExecution = vi.fn(async () => ({ ...execution('waiting', [step('delay_1', 'waiting')]), waits }));
    followLive(store, 'x1', { url: '/live', open: () => source, fetchExecution });
    source.emit('snapshot', execution('running', []));
    source.emit('execution', { ...execution('waiting', []), executionId: 'x1', steps: undefined, waits: undefined });
    await vi.waitFor(() => expect(store.getState().execution?.waits).toEqual(waits));
    expect(store.getState().execution?.status).toBe('waiting');
    expect(source.closed).toBe(false); // still listening: the wait ends with more events
  });
});
