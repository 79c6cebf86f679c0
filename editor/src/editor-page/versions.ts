// Older versions: viewed read-only on the canvas (the edits are put aside meanwhile and come back
// untouched), or restored into the editor as one undoable edit that still has to be saved.
import { toast } from '../ui/toast.js';
import { replaceEdits } from './replace.js';
import { requests, splitWorkflowView } from './requests.js';
import type { EditorSession } from './session.js';

async function fetchVersion(session: EditorSession, version: number) {
  const meta = session.page.getState().meta;
  if (!meta) throw new Error('the workflow has not been saved yet');
  return splitWorkflowView(await requests.version(meta.id, version)).workflow;
}

const refuseEdit = () => 'This version is read only: go back to editing to change the workflow.';

export async function viewVersion(session: EditorSession, version: number): Promise<void> {
  const { store, page } = session;
  let workflow;
  try {
    workflow = await fetchVersion(session, version);
  } catch (err) {
    toast.fail(err, `Version ${version} could not be loaded`);
    return;
  }
  const current = page.getState().viewing;
  const s = store.getState();
  const stash = current?.stash ?? { workflow: s.workflow, saved: s.saved, dirty: s.dirty, past: s.past, future: s.future, edit: s.edit };
  // Read only for every part of the editor (canvas, inspector, shortcuts): edits are refused.
  store.setState({ workflow, saved: workflow, dirty: false, past: [], future: [], gestureStart: null, edit: refuseEdit });
  store.getState().clearSelection();
  page.setState({ viewing: { version, stash } });
}

export function backToEditing(session: EditorSession): void {
  const viewing = session.page.getState().viewing;
  if (!viewing) return;
  session.store.setState({ ...viewing.stash, gestureStart: null });
  session.store.getState().clearSelection();
  session.page.setState({ viewing: null });
}

export async function restoreVersion(session: EditorSession, version: number): Promise<void> {
  let workflow;
  try {
    workflow = await fetchVersion(session, version);
  } catch (err) {
    toast.fail(err, `Version ${version} could not be restored`);
    return;
  }
  backToEditing(session);
  const state = session.store.getState();
  const error = state.edit(replaceEdits(state.workflow, workflow));
  if (error) toast.error(`Version ${version} could not be restored: ${error}`);
  else toast.success(`Version ${version} restored — save to keep it`);
}
