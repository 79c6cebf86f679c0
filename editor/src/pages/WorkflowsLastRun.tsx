// The "Last run" cell of the workflows list: the latest execution's status and when it started,
// linking to it. Each row asks on its own (in parallel); answers are kept briefly so that going
// back and forth between screens does not ask again.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ExecutionRecord } from '../api/types.js';
import { lastExecution } from '../api/workflows.js';
import { formatDateTime, formatRelative } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';

const FRESH_MS = 15_000;
const cache = new Map<string, { at: number; run: Promise<ExecutionRecord | null> }>();

/** The latest execution of the workflow, from the cache while fresh. */
export function cachedLastRun(workflowId: string): Promise<ExecutionRecord | null> {
  const hit = cache.get(workflowId);
  if (hit && Date.now() - hit.at < FRESH_MS) return hit.run;
  const run = lastExecution(workflowId);
  cache.set(workflowId, { at: Date.now(), run });
  run.catch(() => cache.delete(workflowId));
  return run;
}

/** Forget every cached last run (tests; after a run started elsewhere). */
export const forgetLastRuns = () => cache.clear();

type State = { status: 'loading' } | { status: 'ready'; run: ExecutionRecord | null } | { status: 'error'; message: string };

export function WorkflowsLastRun({ workflowId }: { workflowId: string }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    cachedLastRun(workflowId).then(
      (run) => live && setState({ status: 'ready', run }),
      (err: unknown) => live && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [workflowId]);

  if (state.status === 'loading') return <span className="faint" aria-busy="true">Loading…</span>;
  if (state.status === 'error') return <span className="faint" title={state.message}>Unknown</span>;
  const { run } = state;
  if (!run) return <span className="faint">Never run</span>;
  return (
    <Link
      className="last-run"
      to={`/workflows/${encodeURIComponent(workflowId)}/executions/${encodeURIComponent(run.id)}`}
      title={`Open this run (started ${formatDateTime(run.startedAt)})`}
    >
      <StatusBadge status={run.status} />
      <span className="muted">{formatRelative(run.startedAt)}</span>
    </Link>
  );
}
