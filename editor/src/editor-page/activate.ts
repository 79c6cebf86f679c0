// The active switch. Activating checks the workflow first (a workflow with problems is refused
// here, in words, before the server is asked), saves unsaved changes (the server activates the
// latest saved version), then activates; every refusal leaves the switch off and says why.
import type { Problem } from '../api/types.js';
import { toast } from '../ui/toast.js';
import { activationRefusal, problemsOfError } from './problem-text.js';
import { requests, splitWorkflowView } from './requests.js';
import { saveWorkflow } from './save.js';
import type { EditorSession } from './session.js';

/** The document's problems as of now: asked of the server, else the last ones known. */
async function currentProblems(session: EditorSession): Promise<Problem[]> {
  const { workflow, problems } = session.store.getState();
  try {
    const result = await requests.validate(workflow);
    session.store.getState().setProblems(result.problems);
    return result.problems;
  } catch {
    return problems;
  }
}

function showProblems(session: EditorSession, problems: Problem[]) {
  session.store.getState().setProblems(problems);
  session.store.getState().setPanel('problems');
}

/** Switches the workflow on or off; answers whether it is now in the state asked for. */
export async function setActive(session: EditorSession, on: boolean): Promise<boolean> {
  const { store, page } = session;
  if (page.getState().viewing) {
    toast.info('You are viewing an older version: go back to editing first.');
    return false;
  }
  if (!on) return deactivate(session);

  const problems = await currentProblems(session);
  const refusal = activationRefusal(problems, store.getState().workflow);
  if (refusal) {
    showProblems(session, problems);
    toast.error(refusal);
    return false;
  }
  if (!page.getState().meta || store.getState().dirty) {
    if (!(await saveWorkflow(session))) return false;
  }
  const meta = page.getState().meta!;
  store.getState().setBusy('activating');
  try {
    const view = await requests.activate(meta.id);
    const next = splitWorkflowView(view).meta;
    page.setState({ meta: next });
    toast.success(`Active — version ${next.activeVersion ?? next.version} now runs on its triggers`);
    return true;
  } catch (err) {
    const problems = problemsOfError(err);
    if (problems.length) showProblems(session, problems);
    toast.error(`Not activated: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  } finally {
    store.getState().setBusy(null);
  }
}

async function deactivate({ store, page }: EditorSession): Promise<boolean> {
  const meta = page.getState().meta;
  if (!meta) return true;
  store.getState().setBusy('activating');
  try {
    page.setState({ meta: splitWorkflowView(await requests.deactivate(meta.id)).meta });
    toast.success('Deactivated — its triggers no longer start runs');
    return true;
  } catch (err) {
    toast.fail(err, 'Not deactivated');
    return false;
  } finally {
    store.getState().setBusy(null);
  }
}
