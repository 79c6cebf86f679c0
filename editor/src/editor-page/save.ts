// Saving: PUT the document (POST the first time, then move to the workflow's own address). A
// refused save never touches the canvas: a 400 lists its problems in the Problems tab, any other
// failure says so and keeps the work (it is in the draft storage too).
import { toast } from '../ui/toast.js';
import { clearDraft } from './draft.js';
import { problemsOfError } from './problem-text.js';
import { requests, splitWorkflowView } from './requests.js';
import { type EditorSession, workflowPath } from './session.js';

const inFlight = new WeakMap<object, Promise<boolean>>();

/** Saves the workflow; answers whether it is now saved. Concurrent calls share one request. */
export function saveWorkflow(session: EditorSession): Promise<boolean> {
  const running = inFlight.get(session.store);
  if (running) return running;
  const promise = save(session).finally(() => inFlight.delete(session.store));
  inFlight.set(session.store, promise);
  return promise;
}

async function save({ store, page, navigate }: EditorSession): Promise<boolean> {
  if (page.getState().viewing) {
    toast.info('You are viewing an older version: go back to editing to save.');
    return false;
  }
  const before = page.getState().meta;
  const snapshot = store.getState().workflow;
  store.getState().setBusy('saving');
  try {
    const view = before ? await requests.updateWorkflow(before.id, snapshot) : await requests.createWorkflow(snapshot);
    const { meta } = splitWorkflowView(view);
    // Edits made while the request was out stay unsaved: `saved` is what was sent.
    store.getState().markSaved(snapshot);
    page.setState({ meta, saveFailed: false });
    store.getState().setProblems([]);
    if (!before) {
      clearDraft(null);
      const { samplePayload } = store.getState();
      store.setState({ workflowId: meta.id });
      if (samplePayload) store.getState().setSamplePayload(samplePayload);
      navigate(workflowPath(meta.id), { replace: true });
    }
    if (!store.getState().dirty) clearDraft(meta.id);
    toast.success(`Saved — version ${meta.version}`);
    return true;
  } catch (err) {
    page.setState({ saveFailed: true });
    const message = err instanceof Error ? err.message : String(err);
    const problems = problemsOfError(err);
    if (problems.length) {
      store.getState().setProblems(problems);
      store.getState().setPanel('problems');
      toast.error(`Not saved: ${message}`);
    } else {
      toast.error(`Not saved: ${message}. Your changes are still here.`);
    }
    return false;
  } finally {
    store.getState().setBusy(null);
  }
}
