// The workflow editor: toolbar on top; palette, canvas and side panel below. Loads the workflow
// (or starts a new one), keeps a draft of unsaved work, checks it while it is edited, shows the
// execution the address names, and asks before leaving with unsaved changes.
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useMemo } from 'react';
import { Canvas } from '../canvas/Canvas.js';
import { Missing } from '../pages/list/Missing.js';
import { HelpPanel } from '../canvas/HelpPanel.js';
import { Palette } from '../canvas/Palette.js';
import { useEditor } from '../store/editor-store.js';
import { selectSingleNode } from '../store/selection.js';
import { Banners } from './Banners.js';
import { useDraftPersistence } from './draft.js';
import { useLeaveGuard } from './leave-guard.js';
import { useExecutionRoute, useStopFollowingOnLeave, useWorkflowLoader } from './load.js';
import { saveWorkflow } from './save.js';
import { type EditorSession, usePage, workflowPath } from './session.js';
import { SidePanel } from './SidePanel.js';
import { Toolbar } from './Toolbar.js';
import { useLiveValidation } from './use-validation.js';
import './editor-page.css';

export function EditorPage({ session, routeId, executionId }: { session: EditorSession; routeId: string; executionId?: string }) {
  const status = usePage((p) => p.status);
  const ready = status === 'ready';
  useWorkflowLoader(session, routeId, !!executionId);
  useExecutionRoute(session, executionId, ready);
  useStopFollowingOnLeave(session);
  useDraftPersistence(session, ready);
  useLiveValidation(session, ready);
  useGuard(session);
  useInspectOnSelect(session);

  if (status === 'not-found') return <NotFound />;
  if (status === 'error') return <LoadError />;
  if (!ready) return <div className="center-screen muted" data-testid="editor-loading">Loading the workflow…</div>;
  return (
    <ReactFlowProvider>
      <Editor session={session} />
    </ReactFlowProvider>
  );
}

/** Choosing one node on the canvas opens it in the inspector (with its data of the run shown). */
function useInspectOnSelect({ store }: EditorSession) {
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        const node = selectSingleNode(s);
        if (node && node !== selectSingleNode(prev) && s.panel !== 'inspector') s.setPanel('inspector');
      }),
    [store],
  );
}

function inspectClicked({ store }: EditorSession, target: EventTarget) {
  const id = target instanceof Element ? target.closest('.react-flow__node')?.getAttribute('data-id') : null;
  const s = store.getState();
  if (id && s.panel !== 'inspector' && s.workflow.nodes.some((n) => n.id === id)) s.setPanel('inspector');
}

/** Asks before leaving with unsaved changes; this workflow's own addresses are not "leaving". */
function useGuard({ page }: EditorSession) {
  const dirty = useEditor((s) => s.dirty);
  const stashedDirty = usePage((p) => p.viewing?.stash.dirty ?? null);
  const options = useMemo(
    () => ({
      // Read when asked: the first save moves a new workflow to its own address right away.
      stays: (path: string) => {
        const prefix = workflowPath(page.getState().meta?.id ?? null);
        return path === prefix || path.startsWith(`${prefix}/`);
      },
    }),
    [page],
  );
  useLeaveGuard(stashedDirty ?? dirty, options);
}

function Editor({ session }: { session: EditorSession }) {
  const viewing = usePage((p) => p.viewing !== null);
  const onSave = useCallback(() => void saveWorkflow(session), [session]);
  return (
    <div className="editor-page" data-testid="editor-page">
      <Toolbar />
      <div className="editor-main">
        {!viewing && <Palette />}
        {/* A click on a node that is selected already opens it in the inspector too. */}
        <div className="editor-canvas" onClick={(e) => inspectClicked(session, e.target)}>
          <Banners />
          <Canvas onSave={onSave} readOnly={viewing} />
        </div>
        <SidePanel />
      </div>
      <HelpPanel />
    </div>
  );
}

function NotFound() {
  return <Missing what="workflow" backTo="/" backLabel="Back to workflows" testId="workflow-not-found" />;
}

function LoadError() {
  const message = usePage((p) => p.loadError);
  return (
    <div className="page">
      <div className="empty-state" role="alert">
        <h2>The workflow could not be loaded</h2>
        <p>{message}</p>
        <button className="btn primary" onClick={() => window.location.reload()}>Try again</button>
      </div>
    </div>
  );
}
