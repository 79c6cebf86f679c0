// Opening the editor: the node catalogue, the workflow (or an empty one at /workflows/new), a
// newer unsaved draft to offer back, the remembered test payload, and the latest execution's data
// for template autocomplete (not painted on the canvas). Then the execution the address names,
// if any, is shown on the canvas and followed while it runs.
import { useEffect, useRef } from 'react';
import { ApiError } from '../api/client.js';
import type { ExecutionView } from '../api/types.js';
import { openExecution, stopFollowing } from '../runs/actions.js';
import type { EditorStore } from '../store/editor-store.js';
import { emptyWorkflow } from '../store/graph.js';
import { storedSample } from '../store/runs.js';
import { toast } from '../ui/toast.js';
import { draftToOffer } from './draft.js';
import { requests, splitWorkflowView } from './requests.js';
import type { EditorSession } from './session.js';

/** What template autocomplete offers from an execution, without showing it on the canvas. */
export function outputsOfExecution(view: ExecutionView): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const step of view.steps) if (step.output !== null && step.output !== undefined) outputs[step.nodeId] = step.output;
  return outputs;
}

/** The test payload remembered for this workflow; empty means "the trigger's example". */
export function applyStoredSample(store: EditorStore, workflowId: string | null): void {
  store.setState({ samplePayload: storedSample(workflowId) ?? '' });
}

async function loadLatestExecutionData({ store }: EditorSession, workflowId: string) {
  try {
    const page = await requests.executions({ workflowId, limit: 1 });
    const latest = page.items[0];
    if (!latest) return;
    const view = await requests.execution(latest.id);
    // A run shown meanwhile (the address named one) has set these already.
    if (store.getState().execution) return;
    store.setState({ lastOutputs: outputsOfExecution(view), lastTrigger: view.trigger });
  } catch {
    // autocomplete without sample data is still autocomplete
  }
}

export function useWorkflowLoader(session: EditorSession, routeId: string, executionInUrl: boolean): void {
  const { store, page } = session;
  useEffect(() => {
    let cancelled = false;
    requests.catalogue().then(
      (catalogue) => !cancelled && store.getState().setCatalogue(catalogue.items),
      (err: unknown) => !cancelled && toast.fail(err, 'The node catalogue could not be loaded'),
    );
    return () => {
      cancelled = true;
    };
  }, [store]);

  useEffect(() => {
    // Already open in this store: the first save of a new workflow moved it to its own address.
    if (store.getState().workflowId === routeId && page.getState().status === 'ready') return;
    let cancelled = false;
    const open = async () => {
      if (routeId === 'new') {
        const workflow = emptyWorkflow();
        store.getState().load(null, workflow);
        applyStoredSample(store, null);
        page.setState({ status: 'ready', meta: null, draft: draftToOffer(null, workflow, null) });
        return;
      }
      page.setState({ status: 'loading', loadError: null });
      try {
        const view = await requests.workflow(routeId);
        if (cancelled) return;
        const { workflow, meta } = splitWorkflowView(view);
        store.getState().load(routeId, workflow);
        applyStoredSample(store, routeId);
        page.setState({ status: 'ready', meta, draft: draftToOffer(routeId, workflow, view.updatedAt) });
        if (!executionInUrl) void loadLatestExecutionData(session, routeId);
      } catch (err) {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) page.setState({ status: 'not-found' });
        else page.setState({ status: 'error', loadError: err instanceof Error ? err.message : String(err) });
      }
    };
    void open();
    return () => {
      cancelled = true;
    };
    // `executionInUrl` only matters at the first load; later changes of it are the route hook's.
  }, [store, page, routeId]);
}

/** Shows the execution the address names (`/workflows/:id/executions/:executionId`) once the
 *  workflow is open; leaving such an address clears it from the canvas. */
export function useExecutionRoute(session: EditorSession, executionId: string | undefined, ready: boolean): void {
  const shownFromUrl = useRef<string | null>(null);
  useEffect(() => {
    if (!ready) return;
    const { store, page } = session;
    if (executionId) {
      shownFromUrl.current = executionId;
      // Started here (a test run or re-run) and followed already.
      if (page.getState().following?.executionId === executionId || store.getState().execution?.id === executionId) return;
      void openExecution(session, executionId);
    } else if (shownFromUrl.current) {
      if (store.getState().execution?.id === shownFromUrl.current) {
        stopFollowing(session);
        store.getState().showExecution(null);
      }
      shownFromUrl.current = null;
    }
  }, [session, executionId, ready]);
}

/** Stops following any live execution when the page goes. */
export function useStopFollowingOnLeave(session: EditorSession): void {
  useEffect(() => () => stopFollowing(session), [session]);
}
