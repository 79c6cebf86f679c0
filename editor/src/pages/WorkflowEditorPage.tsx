// The route of the workflow editor: `/workflows/new`, `/workflows/:id` and
// `/workflows/:id/executions/:executionId`. Each workflow gets a fresh editor store; the first
// save of a new workflow moves it to its own address while keeping the store (and its undo history).
import { useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { EditorPage } from '../editor-page/EditorPage.js';
import { createPageStore, type EditorSession, EditorSessionProvider } from '../editor-page/session.js';
import { createEditorStore, EditorStoreProvider } from '../store/editor-store.js';

interface Held {
  routeId: string;
  /** Mounts the editor afresh for another workflow (canvas, panels, effects). */
  key: number;
  store: EditorSession['store'];
  page: EditorSession['page'];
}

let nextKey = 1;
const fresh = (routeId: string): Held => ({ routeId, key: nextKey++, store: createEditorStore(), page: createPageStore() });

export function WorkflowEditorPage() {
  const { id = 'new', executionId } = useParams();
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  const [held, setHeld] = useState(() => fresh(id));
  let current = held;
  if (held.routeId !== id) {
    // The same workflow at its new address (after its first save) keeps its store; another gets a fresh one.
    current = held.store.getState().workflowId === id ? { ...held, routeId: id } : fresh(id);
    setHeld(current);
  }
  const { store, page } = current;
  // Stable for the workflow's lifetime: navigate changes with every location.
  const session = useMemo<EditorSession>(
    () => ({ store, page, navigate: (to, options) => void navigateRef.current(to, options) }),
    [store, page],
  );

  return (
    <EditorStoreProvider store={store}>
      <EditorSessionProvider value={session}>
        <EditorPage key={current.key} session={session} routeId={id} executionId={executionId} />
      </EditorSessionProvider>
    </EditorStoreProvider>
  );
}
