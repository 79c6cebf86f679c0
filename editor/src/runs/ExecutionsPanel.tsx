// The "Executions" tab: this workflow's executions, newest first, filtered by status, with more
// on demand. Opening one puts it on the canvas at its own address
// (`/workflows/:id/executions/:executionId`).
import { RefreshCw } from 'lucide-react';
import { useCallback, useEffect, useId, useState } from 'react';
import { useParams } from 'react-router';
import type { ExecutionRecord, ExecutionStatus } from '../api/types.js';
import { requests } from '../editor-page/requests.js';
import { useEditorSession, usePage, workflowPath } from '../editor-page/session.js';
import { useEditor } from '../store/editor-store.js';
import { ExecutionSummary } from './ExecutionSummary.js';
import { formatRelative } from '../ui/format.js';
import { durationOf } from './format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import './runs.css';

const PAGE = 50;
const STATUSES: ExecutionStatus[] = ['running', 'waiting', 'success', 'error', 'canceled'];

interface ListState {
  items: ExecutionRecord[];
  nextCursor: string | null;
  loading: boolean;
  error: string | null;
}

export function ExecutionsPanel() {
  const session = useEditorSession();
  const workflowId = usePage((p) => p.meta?.id ?? null);
  const shown = useEditor((s) => s.execution);
  const { executionId } = useParams();
  const [status, setStatus] = useState<ExecutionStatus | ''>('');
  const [list, setList] = useState<ListState>({ items: [], nextCursor: null, loading: false, error: null });
  const filterId = useId();

  const load = useCallback(
    async (cursor: string | null) => {
      if (!workflowId) return;
      setList((l) => ({ ...l, loading: true, error: null }));
      try {
        const page = await requests.executions({ workflowId, status, limit: PAGE, cursor });
        setList((l) => ({
          items: cursor ? [...l.items, ...page.items] : page.items,
          nextCursor: page.nextCursor,
          loading: false,
          error: null,
        }));
      } catch (err) {
        setList((l) => ({ ...l, loading: false, error: err instanceof Error ? err.message : String(err) }));
      }
    },
    [workflowId, status],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  // The row of the execution on the canvas follows its live status.
  const items = shown ? list.items.map((x) => (x.id === shown.id ? { ...x, status: shown.status, finishedAt: shown.finishedAt } : x)) : list.items;

  if (!workflowId) {
    return (
      <div className="empty-state" data-testid="executions-panel">
        <p>Save the workflow and run it: its executions are listed here.</p>
      </div>
    );
  }

  return (
    <div className="executions-panel stack" data-testid="executions-panel">
      {shown && <ExecutionSummary execution={shown} />}
      <div className="row">
        <label htmlFor={filterId} className="label">Status</label>
        <select
          id={filterId}
          className="select"
          data-testid="executions-filter"
          value={status}
          onChange={(e) => setStatus(e.target.value as ExecutionStatus | '')}
        >
          <option value="">All</option>
          {STATUSES.map((s) => <option key={s} value={s}>{s[0]!.toUpperCase() + s.slice(1)}</option>)}
        </select>
        <button className="btn icon" aria-label="Refresh executions" title="Refresh" data-testid="executions-refresh" onClick={() => void load(null)}>
          <RefreshCw size={14} />
        </button>
      </div>
      {list.error && <p className="field-error" role="alert">Executions could not be loaded: {list.error}</p>}
      {!list.loading && !list.error && items.length === 0 && (
        <p className="muted">{status ? `No ${status} executions.` : 'No executions yet. Run a test or activate the workflow.'}</p>
      )}
      {items.length > 0 && (
        <ul className="execution-list" aria-label="Executions">
          {items.map((x) => (
            <li key={x.id}>
              <button
                type="button"
                className="execution-row"
                data-testid={`execution-row-${x.id}`}
                aria-current={x.id === executionId ? 'true' : undefined}
                onClick={() => session.navigate(`${workflowPath(workflowId)}/executions/${encodeURIComponent(x.id)}`)}
              >
                <StatusBadge status={x.status} testId="execution-status" />
                <span className="execution-when" title={x.startedAt}>{formatRelative(x.startedAt)}</span>
                <span className="faint">{durationOf(x.startedAt, x.finishedAt)}</span>
                <span className="faint execution-mode">{x.mode} · v{x.workflowVersion}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.nextCursor && (
        <button className="btn small" disabled={list.loading} onClick={() => void load(list.nextCursor)}>
          {list.loading ? 'Loading…' : 'Load more'}
        </button>
      )}
      {list.loading && !list.nextCursor && <p className="muted">Loading…</p>}
    </div>
  );
}
