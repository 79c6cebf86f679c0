// The "Problems" tab: what keeps the workflow from saving or activating, in words, by node;
// choosing one selects that node on the canvas and opens it in the inspector.
import { useReactFlow } from '@xyflow/react';
import { AlertTriangle, CheckCircle2 } from 'lucide-react';
import type { Problem } from '../api/types.js';
import { fieldLabel, nodeLabel } from '../editor-page/problem-text.js';
import { useEditor } from '../store/editor-store.js';
import './runs.css';

/** Where the inspector lives, so choosing a problem can move the focus there. */
export const SIDE_PANEL_ID = 'editor-side-panel';

export function ProblemsPanel() {
  const problems = useEditor((s) => s.problems);
  const workflow = useEditor((s) => s.workflow);
  const select = useEditor((s) => s.select);
  const setPanel = useEditor((s) => s.setPanel);
  const flow = useReactFlow();

  const open = (problem: Problem) => {
    if (!problem.nodeId) return;
    select({ nodes: [problem.nodeId] });
    setPanel('inspector');
    void flow.fitView({ nodes: [{ id: problem.nodeId }], duration: 200, maxZoom: 1.2 });
    requestAnimationFrame(() => document.getElementById(SIDE_PANEL_ID)?.focus());
  };

  if (problems.length === 0) {
    return (
      <div className="empty-state" data-testid="problems-panel">
        <CheckCircle2 size={20} aria-hidden="true" />
        <p>No problems: the workflow can be saved and activated.</p>
      </div>
    );
  }
  return (
    <div className="problems-panel stack" data-testid="problems-panel">
      <p className="muted">
        {problems.length === 1 ? '1 problem' : `${problems.length} problems`} to fix before the workflow can be activated.
      </p>
      <ul className="problem-list">
        {problems.map((p, i) => {
          const body = (
            <>
              <AlertTriangle size={14} aria-hidden="true" className="problem-icon" />
              <span>
                {p.nodeId && <strong>{nodeLabel(workflow, p.nodeId)}</strong>}
                {p.field && <span className="mono problem-field"> {fieldLabel(p.field)}</span>}
                <span className="problem-message"> {p.message}</span>
              </span>
            </>
          );
          return (
            <li key={`${p.nodeId}-${p.field}-${i}`} data-testid="problem">
              {p.nodeId && workflow.nodes.some((n) => n.id === p.nodeId) ? (
                <button type="button" className="problem" onClick={() => open(p)}>{body}</button>
              ) : (
                <div className="problem">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
