import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExecutionRecord, StepRecord } from '../db/store.js';
import type { RunnerEvents } from '../runner/types.js';
import { type ExecutionEvent, LocalExecutionEvents } from './execution-events.js';

const step = (executionId: string, nodeId: string) => ({ id: `${executionId}-${nodeId}`, executionId, nodeId }) as StepRecord;
const execution = (id: string, workflowId: string) => ({ id, workflowId, status: 'success' }) as ExecutionRecord;

describe('LocalExecutionEvents', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('listens to the runner only while someone is subscribed, with one listener however many subscribe', async () => {
    const source = new EventEmitter<RunnerEvents>(); // the default limit of 10 listeners
    const warnings = vi.fn();
    process.on('warning', warnings);
    const events = new LocalExecutionEvents(source);
    expect(source.listenerCount('step')).toBe(0);

    const unsubscribes = Array.from({ length: 200 }, (_, i) => events.subscribe(i % 2 ? { executionId: 'e1' } : { workflowId: 'w1' }, () => undefined));
    expect(source.listenerCount('step')).toBe(1);
    expect(source.listenerCount('execution')).toBe(1);
    expect(events.size).toBe(200);
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick

    for (const unsubscribe of unsubscribes) unsubscribe();
    unsubscribes[0]!(); // twice is harmless
    expect(events.size).toBe(0);
    expect(source.listenerCount('step')).toBe(0);
    expect(source.listenerCount('execution')).toBe(0);
    process.off('warning', warnings);
    expect(warnings).not.toHaveBeenCalled();
  });

  it('delivers what matches the filter: one execution, or every execution of a workflow', () => {
    const source = new EventEmitter<RunnerEvents>();
    const events = new LocalExecutionEvents(source);
    const ofE1: ExecutionEvent[] = [];
    const ofW1: ExecutionEvent[] = [];
    events.subscribe({ executionId: 'e1' }, (e) => ofE1.push(e));
    events.subscribe({ workflowId: 'w1' }, (e) => ofW1.push(e));

    source.emit('step', 'e1', step('e1', 'a'), 'w1');
    source.emit('step', 'e2', step('e2', 'a'), 'w1');
    source.emit('step', 'e3', step('e3', 'a'), 'w2');
    source.emit('execution', execution('e1', 'w1'));

    expect(ofE1.map((e) => `${e.type} ${e.executionId}`)).toEqual(['step e1', 'execution e1']);
    expect(ofW1.map((e) => `${e.type} ${e.executionId}`)).toEqual(['step e1', 'step e2', 'execution e1']);
    expect(ofW1[0]).toEqual({ type: 'step', executionId: 'e1', workflowId: 'w1', step: step('e1', 'a') });
  });

  it('keeps a failing subscriber from the runner and from the other subscribers', () => {
    const source = new EventEmitter<RunnerEvents>();
    const errors: unknown[] = [];
    const events = new LocalExecutionEvents(source, (err) => errors.push(err));
    const got: string[] = [];
    events.subscribe({ executionId: 'e1' }, () => {
      throw new Error('broken pipe');
    });
    events.subscribe({ executionId: 'e1' }, (e) => got.push(e.type));
    expect(() => source.emit('execution', execution('e1', 'w1'))).not.toThrow();
    expect(got).toEqual(['execution']);
    expect(errors).toEqual([new Error('broken pipe')]);
  });

  it('lets a subscriber unsubscribe while it is being called', () => {
    const source = new EventEmitter<RunnerEvents>();
    const events = new LocalExecutionEvents(source);
    const got: string[] = [];
    const unsubscribe = events.subscribe({ executionId: 'e1' }, () => {
      got.push('first');
      unsubscribe();
    });
    events.subscribe({ executionId: 'e1' }, () => got.push('second'));
    source.emit('execution', execution('e1', 'w1'));
    source.emit('execution', execution('e1', 'w1'));
    expect(got).toEqual(['first', 'second', 'second']);
  });
});
