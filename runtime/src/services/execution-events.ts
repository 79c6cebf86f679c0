// The fan-out of live execution events to subscribers (the editor's event streams). Behind a small
// interface, so that scale-out mode can put Redis pub/sub in its place: there, the runner that
// drives an execution may live in another process than the stream that shows it.
//
// The local implementation listens to the runner only while someone is subscribed (one listener
// per event type, however many subscribers), so the runner's hot path pays nothing otherwise.
import type { EventEmitter } from 'node:events';
import type { ExecutionRecord, StepRecord } from '../db/store.js';
import type { RunnerEvents } from '../runner/types.js';

export type ExecutionEvent =
  | { type: 'step'; executionId: string; workflowId: string; step: StepRecord }
  | { type: 'execution'; executionId: string; workflowId: string; execution: ExecutionRecord };

/** Which executions a subscriber hears about: one execution, or every execution of a workflow. */
export type ExecutionEventFilter = { executionId: string } | { workflowId: string };

export type ExecutionEventListener = (event: ExecutionEvent) => void;

export interface ExecutionEvents {
  /** Calls `listener` for each event that matches `filter` until the returned function is called. */
  subscribe(filter: ExecutionEventFilter, listener: ExecutionEventListener): () => void;
}

/** Subscribers by key (an execution id or a workflow id). */
class Topics {
  private readonly map = new Map<string, Set<ExecutionEventListener>>();

  add(key: string, listener: ExecutionEventListener): void {
    let set = this.map.get(key);
    if (!set) this.map.set(key, (set = new Set()));
    set.add(listener);
  }

  delete(key: string, listener: ExecutionEventListener): void {
    const set = this.map.get(key);
    if (set?.delete(listener) && set.size === 0) this.map.delete(key);
  }

  publish(key: string, event: ExecutionEvent, onError: (err: unknown) => void): void {
    const set = this.map.get(key);
    if (!set) return;
    // A copy: a listener may unsubscribe (itself or another) while it is being called.
    for (const listener of [...set]) {
      // A subscriber's failure must not reach the runner, which emitted the event.
      try {
        listener(event);
      } catch (err) {
        onError(err);
      }
    }
  }
}

/** Fans out the events of this process's runner. */
export class LocalExecutionEvents implements ExecutionEvents {
  private readonly byExecution = new Topics();
  private readonly byWorkflow = new Topics();
  private subscribers = 0;

  constructor(
    private readonly source: EventEmitter<RunnerEvents>,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** How many subscriptions are open (for tests and metrics). */
  get size(): number {
    return this.subscribers;
  }

  subscribe(filter: ExecutionEventFilter, listener: ExecutionEventListener): () => void {
    const [topics, key] = 'executionId' in filter ? [this.byExecution, filter.executionId] : [this.byWorkflow, filter.workflowId];
    topics.add(key, listener);
    if (this.subscribers++ === 0) {
      this.source.on('step', this.onStep);
      this.source.on('execution', this.onExecution);
    }
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      topics.delete(key, listener);
      if (--this.subscribers === 0) {
        this.source.off('step', this.onStep);
        this.source.off('execution', this.onExecution);
      }
    };
  }

  private publish(event: ExecutionEvent): void {
    this.byExecution.publish(event.executionId, event, this.onError);
    this.byWorkflow.publish(event.workflowId, event, this.onError);
  }

  private readonly onStep = (executionId: string, step: StepRecord, workflowId: string): void => {
    this.publish({ type: 'step', executionId, workflowId, step });
  };

  private readonly onExecution = (execution: ExecutionRecord): void => {
    this.publish({ type: 'execution', executionId: execution.id, workflowId: execution.workflowId, execution });
  };
}
