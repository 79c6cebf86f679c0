// What the run views do: start a test run, follow an execution live on the canvas, open one from
// the list, cancel, re-run, and clear the canvas of it.
import type { ExecutionView } from '../api/types.js';
import { problemsOfError } from '../editor-page/problem-text.js';
import { requests } from '../editor-page/requests.js';
import { saveWorkflow } from '../editor-page/save.js';
import { type EditorSession, executionPath, workflowPath } from '../editor-page/session.js';
import { toast } from '../ui/toast.js';
import { followLive, isFinal } from './live.js';

export function stopFollowing(session: EditorSession): void {
  session.page.getState().following?.stop();
  session.page.setState({ following: null });
}

/** Shows an execution on the canvas and keeps it current until it settles. */
export function followExecution(session: EditorSession, executionId: string, onSettled?: (view: ExecutionView) => void): void {
  stopFollowing(session);
  const stop = followLive(session.store, executionId, {
    url: requests.liveUrl(executionId),
    fetchExecution: requests.execution,
    onSettled: (view) => {
      if (session.page.getState().following?.stop === stop) session.page.setState({ following: null });
      onSettled?.(view);
    },
  });
  session.page.setState({ following: { executionId, stop } });
}

/** Loads an execution onto the canvas (following it if it still runs or waits). */
export async function openExecution(session: EditorSession, executionId: string): Promise<ExecutionView | null> {
  stopFollowing(session);
  try {
    const view = await requests.execution(executionId);
    session.store.getState().showExecution(view);
    if (!isFinal(view.status)) followExecution(session, executionId);
    return view;
  } catch (err) {
    toast.fail(err, 'The execution could not be loaded');
    return null;
  }
}

/** Removes the execution from the canvas (and from the address, if it named one). */
export function clearRun(session: EditorSession, urlNamesExecution: boolean): void {
  stopFollowing(session);
  session.store.getState().showExecution(null);
  if (urlNamesExecution) session.navigate(workflowPath(session.page.getState().meta?.id ?? null));
}

const announce = (view: ExecutionView) => {
  if (view.status === 'success') toast.success('The run finished');
  else if (view.status === 'error') toast.error(`The run failed: ${view.error?.message ?? 'a step failed'}`);
};

/** Saves if needed (a run needs a saved version), then runs the latest version with the payload. */
export async function runTest(session: EditorSession, payloadText: string, triggerId: string | null): Promise<string | null> {
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText || '{}');
  } catch (err) {
    toast.error(`The sample payload is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    session.store.getState().setPanel('run');
    return null;
  }
  const { store, page } = session;
  if (page.getState().viewing) {
    toast.info('You are viewing an older version: go back to editing to run the workflow.');
    return null;
  }
  if (!page.getState().meta || store.getState().dirty) {
    if (!(await saveWorkflow(session))) return null;
  }
  const meta = page.getState().meta!;
  store.getState().setBusy('running');
  try {
    const { executionId } = await requests.run(meta.id, payload, triggerId ?? undefined);
    store.getState().setPanel('run');
    followExecution(session, executionId, announce);
    session.navigate(executionPath(meta.id, executionId));
    return executionId;
  } catch (err) {
    const problems = problemsOfError(err);
    if (problems.length) {
      store.getState().setProblems(problems);
      store.getState().setPanel('problems');
    }
    toast.fail(err, 'The test run did not start');
    return null;
  } finally {
    store.getState().setBusy(null);
  }
}

export async function cancelExecution(session: EditorSession, executionId: string): Promise<void> {
  try {
    const view = await requests.cancelExecution(executionId);
    if (session.store.getState().execution?.id === executionId) {
      stopFollowing(session);
      session.store.getState().showExecution(view);
    }
    toast.success('Execution canceled');
  } catch (err) {
    toast.fail(err, 'Not canceled');
  }
}

/** Starts the same run again (same version, trigger and payload) and follows it. */
export async function rerunExecution(session: EditorSession, executionId: string): Promise<string | null> {
  try {
    const { executionId: next } = await requests.rerunExecution(executionId);
    followExecution(session, next, announce);
    const meta = session.page.getState().meta;
    if (meta) session.navigate(executionPath(meta.id, next));
    toast.info('Re-run started');
    return next;
  } catch (err) {
    toast.fail(err, 'The re-run did not start');
    return null;
  }
}
