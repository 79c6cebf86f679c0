// Following one execution live. The runtime streams `GET /api/executions/:id/live` as server-sent
// events: `snapshot` (the whole view), then `step` and `execution` changes as they happen, then
// `end` (the final view) and closes. Each is applied to the store in order, so the canvas lights
// nodes up as they run. Where the stream is missing (an older server answers 404, or no
// EventSource), the execution is polled instead until it settles.
import type { ExecutionRecord, ExecutionView, StepView } from '../api/types.js';
import type { EditorStore } from '../store/editor-store.js';

/** What followLive needs of an EventSource (so tests can feed it a fake one). */
export interface LiveSource {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

const CLOSED = 2;
const POLL_MS = 500;
const FINAL = new Set(['success', 'error', 'canceled']);

export const isFinal = (status: string) => FINAL.has(status);

/** The store changes of each event of one execution's stream. */
export function liveHandler(store: EditorStore, executionId: string) {
  const ours = () => store.getState().execution?.id === executionId;
  return {
    snapshot(view: ExecutionView) {
      store.getState().showExecution(view);
    },
    step(data: StepView & { executionId?: string }) {
      if (!ours()) return;
      const { executionId: _id, ...step } = data;
      store.getState().applyStep(step);
    },
    execution(data: ExecutionRecord & { executionId?: string }) {
      const { executionId: _id, ...record } = data;
      store.getState().applyExecution(record);
    },
    /** The whole view anew (the end of the stream, or re-read); ignored once another run is shown. */
    refresh(view: ExecutionView) {
      if (ours()) store.getState().showExecution(view);
    },
  };
}

export interface FollowOptions {
  /** Opens the stream; null when the browser has no EventSource (then it polls). */
  open?: ((url: string) => LiveSource) | null;
  /** Reads the execution (for polling). */
  fetchExecution: (id: string) => Promise<ExecutionView>;
  url: string;
  /** Called once with the final view. */
  onSettled?: (view: ExecutionView) => void;
  pollMs?: number;
}

const browserOpen = typeof EventSource === 'undefined' ? null : (url: string): LiveSource => new EventSource(url);

/** Follows an execution until it settles; answers a function that stops following. */
export function followLive(store: EditorStore, executionId: string, options: FollowOptions): () => void {
  const handle = liveHandler(store, executionId);
  const open = options.open === undefined ? browserOpen : options.open;
  let stopped = false;
  let source: LiveSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const settle = (view: ExecutionView) => {
    stopped = true;
    source?.close();
    options.onSettled?.(view);
  };

  const poll = async () => {
    if (stopped) return;
    try {
      const view = await options.fetchExecution(executionId);
      if (stopped) return;
      handle.snapshot(view);
      // A waiting execution may wait for days: polling ends there; opening it again resumes.
      if (view.status !== 'running') return settle(view);
    } catch {
      // a failed poll is retried at the next tick
    }
    if (!stopped) timer = setTimeout(() => void poll(), options.pollMs ?? POLL_MS);
  };

  if (!open) {
    void poll();
  } else {
    const s = open(options.url);
    source = s;
    const on = <T>(type: string, apply: (data: T) => void) =>
      s.addEventListener(type, (event) => {
        if (stopped) return;
        let data: T;
        try {
          data = JSON.parse(String(event.data)) as T;
        } catch {
          return; // a garbled event is skipped; the next snapshot or end corrects the view
        }
        apply(data);
      });
    on<ExecutionView>('snapshot', handle.snapshot);
    on<StepView>('step', handle.step);
    on<ExecutionRecord>('execution', (record) => {
      handle.execution(record);
      // The stream's records carry no waits: read them when the execution starts waiting.
      if (record.status === 'waiting') {
        options.fetchExecution(executionId).then(
          (view) => !stopped && view.status === 'waiting' && handle.refresh(view),
          () => {},
        );
      }
    });
    on<ExecutionView>('end', (view) => {
      handle.refresh(view);
      settle(view);
    });
    s.addEventListener('error', () => {
      // While the browser reconnects by itself (readyState CONNECTING) a new snapshot follows;
      // a closed source means the server refused the stream (e.g. 404): poll instead.
      if (stopped || s.readyState !== CLOSED) return;
      s.close();
      source = null;
      void poll();
    });
  }

  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}
