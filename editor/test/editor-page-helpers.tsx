// Test helpers for the editor page and the run views: a fake server (fetch answered by route),
// a catalogue, and the providers the page's components expect.
import { cleanup, render } from '@testing-library/react';
import type { NodeDescription } from '@tern/shared';
import { ReactFlowProvider } from '@xyflow/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { applyStoredSample } from '../src/editor-page/load.js';
import { createPageStore, type EditorSession, EditorSessionProvider } from '../src/editor-page/session.js';
import { createEditorStore, EditorStoreProvider } from '../src/store/editor-store.js';
import { Toasts, useToasts } from '../src/ui/toast.js';

export type Handler = (body: unknown, url: URL) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

/** Answers fetch from `routes` ("METHOD /path" → handler); anything else is a 404. */
export function fakeServer(routes: Record<string, Handler>) {
  const calls: string[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://tern.test');
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    calls.push(key);
    const handler = routes[key];
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const answer = handler ? await handler(body, url) : { status: 404, body: { error: { code: 'not_found', message: 'not found' } } };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return { calls };
}

const desc = (type: string, extra: Partial<NodeDescription> = {}): NodeDescription => ({
  type, version: 1, title: type, description: '', category: 'data', icon: 'box', inputs: ['in'], outputs: ['out'], params: {}, ...extra,
});

export const catalogue: NodeDescription[] = [
  desc('trigger.webhook', { category: 'trigger', trigger: 'webhook', inputs: [] }),
  desc('trigger.manual', { category: 'trigger', trigger: 'manual', inputs: [] }),
  desc('logic.condition', { category: 'logic', outputs: ['true', 'false'] }),
  desc('data.set'),
];

export const sampleWorkflow = () => ({
  name: 'Welcome series',
  nodes: [
    { id: 'signup', type: 'trigger.webhook', version: 1, position: { x: 0, y: 0 }, params: { path: 'signup', method: 'POST' } },
    { id: 'hot', type: 'logic.condition', version: 1, position: { x: 240, y: 0 }, name: 'Hot lead?', params: { match: 'all', rules: [] } },
  ],
  edges: [{ id: 'e1', source: 'signup', sourcePort: 'out', target: 'hot', targetPort: 'in' }],
  settings: { timezone: 'UTC' },
});

/** A session over a fresh store holding a saved workflow `w1` (version 3, inactive). */
export function makeSession(options: { isNew?: boolean } = {}) {
  const store = createEditorStore();
  store.getState().setCatalogue(catalogue);
  store.getState().load(options.isNew ? null : 'w1', sampleWorkflow());
  applyStoredSample(store, options.isNew ? null : 'w1');
  const page = createPageStore({
    status: 'ready',
    meta: options.isNew ? null : { id: 'w1', active: false, version: 3, activeVersion: null },
  });
  const navigate = vi.fn();
  const session: EditorSession = { store, page, navigate };
  return { session, store, page, navigate };
}

export function renderWithSession(session: EditorSession, ui: ReactNode, path = '/workflows/w1') {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <EditorStoreProvider store={session.store}>
        <EditorSessionProvider value={session}>
          <ReactFlowProvider>{ui}</ReactFlowProvider>
        </EditorSessionProvider>
      </EditorStoreProvider>
      <Toasts />
    </MemoryRouter>,
  );
}

export const toastTexts = () => useToasts.getState().toasts.map((t) => t.message);

export function resetToasts() {
  useToasts.setState({ toasts: [] });
}

/** Each test of the file starts without toasts, stored drafts or stubbed globals. */
export function isolateEachTest() {
  beforeEach(() => {
    resetToasts();
    localStorage.clear();
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });
}

/** React Flow measures with ResizeObserver and reads the zoom from a DOMMatrix; happy-dom has neither. */
export function stubCanvasMeasuring() {
  beforeAll(() => {
    globalThis.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
    globalThis.DOMMatrixReadOnly ??= class {
      m22 = 1;
    } as unknown as typeof DOMMatrixReadOnly;
  });
}
