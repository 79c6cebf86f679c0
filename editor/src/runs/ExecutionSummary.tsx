// The execution on the canvas in a few lines: status, when and how long, the version it ran on,
// its error, what it waits for; with Cancel, Re-run and Clear.
import { Eye, RotateCcw, Square, X } from 'lucide-react';
import { useParams } from 'react-router';
import type { ExecutionView } from '../api/types.js';
import { nodeLabel } from '../editor-page/problem-text.js';
import { useEditorSession, usePage } from '../editor-page/session.js';
import { viewVersion } from '../editor-page/versions.js';
import { useEditor } from '../store/editor-store.js';
import { cancelExecution, clearRun, rerunExecution } from './actions.js';
import { formatDateTime } from '../ui/format.js';
import { durationOf, waitText } from './format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { useNow } from './use-now.js';
import './runs.css';

export function ExecutionSummary({ execution }: { execution: ExecutionView }) {
  const session = useEditorSession();
  const urlNamesExecution = !!useParams().executionId;
  const editorVersion = usePage((p) => p.meta?.version ?? null);
  const viewingVersion = usePage((p) => p.viewing?.version ?? null);
  const workflow = useEditor((s) => s.workflow);
  const live = execution.status === 'running' || execution.status === 'waiting';
  const now = useNow(live, execution.status === 'running' ? 1000 : 30_000);
  const otherVersion = editorVersion !== null && execution.workflowVersion !== editorVersion;

  return (
    <section className="run-summary card" aria-label="Execution" data-testid="execution-summary">
      <div className="run-summary-head">
        <StatusBadge status={execution.status} testId="run-status" />
        <span className="muted" title={execution.startedAt}>{formatDateTime(execution.startedAt)}</span>
        <span className="muted" data-testid="execution-duration">{durationOf(execution.startedAt, execution.finishedAt, now)}</span>
        <span className="spacer" />
        <button className="btn ghost icon small" aria-label="Clear the run from the canvas" title="Clear" data-testid="run-clear" onClick={() => clearRun(session, urlNamesExecution)}>
          <X size={14} />
        </button>
      </div>
      <div className="faint mono run-summary-id">{execution.id} · {execution.mode}</div>
      {otherVersion && (
        <div className="run-version-note" data-testid="execution-version-banner">
          <span>This execution ran on version {execution.workflowVersion}.</span>
          {viewingVersion !== execution.workflowVersion && (
            <button className="btn small" onClick={() => void viewVersion(session, execution.workflowVersion)}>
              <Eye size={14} /> View version {execution.workflowVersion}
            </button>
          )}
        </div>
      )}
      {execution.error && (
        <div className="run-error" role="alert" data-testid="execution-error">
          {execution.error.nodeId ? <strong>{nodeLabel(workflow, execution.error.nodeId)}: </strong> : null}
          {execution.error.message}
        </div>
      )}
      {execution.status === 'waiting' && execution.waits.length > 0 && (
        <ul className="run-waits" data-testid="execution-waits">
          {execution.waits.map((w, i) => (
            <li key={`${w.nodeId}-${i}`}>{waitText(w, (id) => nodeLabel(workflow, id))}</li>
          ))}
        </ul>
      )}
      <div className="row">
        {live && (
          <button className="btn small danger" data-testid="execution-cancel" onClick={() => void cancelExecution(session, execution.id)}>
            <Square size={14} /> Cancel execution
          </button>
        )}
        <button className="btn small" data-testid="execution-rerun" onClick={() => void rerunExecution(session, execution.id)}>
          <RotateCcw size={14} /> Re-run
        </button>
      </div>
    </section>
  );
}
