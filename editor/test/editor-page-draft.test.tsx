import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Banners } from '../src/editor-page/Banners.js';
import { draftKey, useDraftPersistence } from '../src/editor-page/draft.js';
import { useWorkflowLoader } from '../src/editor-page/load.js';
import { createPageStore, type EditorSession, usePage } from '../src/editor-page/session.js';
import { createEditorStore } from '../src/store/editor-store.js';
import { catalogue, fakeServer, renderWithSession, resetToasts, sampleWorkflow } from './editor-page-helpers.js';

const savedAt = '2025-01-01T00:00:00.000Z';

function Editor({ session }: { session: EditorSession }) {
  const ready = usePage((p) => p.status === 'ready');
  useWorkflowLoader(session, 'w1', false);
  useDraftPersistence(session, ready);
  return <Banners />;
}

const freshSession = (): EditorSession => ({ store: createEditorStore(), page: createPageStore(), navigate: vi.fn() });

async function open(session: EditorSession) {
  const view = renderWithSession(session, <Editor session={session} />);
  await act(async () => {
    await vi.advanceTimersByTimeAsync(10);
  });
  return view;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(new Date('2025-03-01T10:00:00Z'));
  localStorage.clear();
  resetToasts();
  fakeServer({
    'GET /api/nodes': () => ({ status: 200, body: { items: catalogue, total: catalogue.length, nextCursor: null } }),
    'GET /api/workflows/w1': () => ({
      status: 200,
      body: { ...sampleWorkflow(), id: 'w1', active: false, version: 2, activeVersion: null, createdAt: savedAt, updatedAt: savedAt },
    }),
    'GET /api/executions': () => ({ status: 200, body: { items: [], total: 0, nextCursor: null } }),
  });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('unsaved work', () => {
  it('is kept as a draft and offered back after a reload', async () => {
    const first = freshSession();
    const view = await open(first);
    expect(first.store.getState().workflow.name).toBe('Welcome series');
    first.store.getState().edit({ op: 'rename', name: 'Welcome series v2' });
    first.store.getState().edit({ op: 'remove', nodeIds: ['hot'] });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    expect(localStorage.getItem(draftKey('w1'))).toContain('Welcome series v2');
    view.unmount();

    // A reload: a new store, the saved workflow from the server, and the draft in storage.
    const second = freshSession();
    await open(second);
    expect(second.store.getState().workflow.name).toBe('Welcome series');
    expect(screen.getByTestId('draft-banner').textContent).toContain('You have unsaved changes from Mar 1, 2025');
    fireEvent.click(screen.getByTestId('draft-restore'));

    const s = second.store.getState();
    expect(s.workflow.name).toBe('Welcome series v2');
    expect(s.workflow.nodes.map((n) => n.id)).toEqual(['signup']);
    expect(s.dirty).toBe(true);
    expect(screen.queryByTestId('draft-banner')).toBeNull();
    s.undo(); // restoring is one undoable change
    expect(second.store.getState().workflow.nodes).toHaveLength(2);
  });

  it('is dropped when discarded, and not offered when older than the saved workflow', async () => {
    localStorage.setItem(draftKey('w1'), JSON.stringify({ savedAt: '2024-12-31T00:00:00.000Z', workflow: { ...sampleWorkflow(), name: 'Old' } }));
    const stale = freshSession();
    const view = await open(stale);
    expect(screen.queryByTestId('draft-banner')).toBeNull();
    view.unmount();

    localStorage.setItem(draftKey('w1'), JSON.stringify({ savedAt: '2025-02-01T00:00:00.000Z', workflow: { ...sampleWorkflow(), name: 'Newer' } }));
    const session = freshSession();
    await open(session);
    fireEvent.click(screen.getByTestId('draft-discard'));
    expect(localStorage.getItem(draftKey('w1'))).toBeNull();
    expect(session.store.getState().workflow.name).toBe('Welcome series');
  });
});
