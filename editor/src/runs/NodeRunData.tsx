// A node's step in the execution on the canvas, for the inspector's "Last run": status, attempt,
// duration, the error (prominent), and its output and input as a JSON tree or a table.
import { useState } from 'react';
import type { StepView, Workflow } from '../api/types.js';
import { describe } from '../store/catalogue.js';
import { useEditor } from '../store/editor-store.js';
import { DataTable } from './DataTable.js';
import { DataTree } from './DataTree.js';
import { durationOf } from './format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import './runs.css';

type Side = 'output' | 'input';
type View = 'tree' | 'table';

/** The template path a node's input reads as: `trigger` for a trigger, else its one upstream node's output. */
function inputPath(workflow: Workflow, nodeId: string, isTrigger: boolean): string {
  if (isTrigger) return 'trigger';
  const incoming = workflow.edges.filter((e) => e.target === nodeId);
  return incoming.length === 1 ? `steps.${incoming[0]!.source}` : '';
}

export function NodeRunData({ nodeId }: { nodeId: string }) {
  const hasRun = useEditor((s) => s.execution !== null);
  const step = useEditor((s) => s.stepsByNode[nodeId]);
  if (!hasRun) {
    return (
      <div className="node-run-data empty" data-testid="node-run-data">
        <p className="muted">Run the workflow to see this node's data.</p>
      </div>
    );
  }
  if (!step) {
    return (
      <div className="node-run-data empty" data-testid="node-run-data">
        <p className="muted">This node did not run in this execution.</p>
      </div>
    );
  }
  return <StepData nodeId={nodeId} step={step} />;
}

function StepData({ nodeId, step }: { nodeId: string; step: StepView }) {
  const [side, setSide] = useState<Side>('output');
  const [view, setView] = useState<View>('tree');
  const isTrigger = useEditor((s) => {
    const node = s.workflow.nodes.find((n) => n.id === nodeId);
    return !!(node && describe(s, node)?.trigger);
  });
  const rootInput = useEditor((s) => inputPath(s.workflow, nodeId, isTrigger));
  const value = side === 'output' ? step.output : step.input;
  const rootPath = side === 'output' ? (isTrigger ? 'trigger' : `steps.${nodeId}`) : rootInput;
  const tabId = (s: Side) => `node-run-${nodeId}-${s}`;

  return (
    <div className="node-run-data" data-testid="node-run-data">
      <div className="run-step-head">
        <StatusBadge status={step.status} testId="node-run-status" />
        {step.attempt > 1 && <span className="muted">attempt {step.attempt}</span>}
        <span className="muted">{durationOf(step.startedAt, step.finishedAt)}</span>
        {step.port && <span className="muted">→ {step.port}</span>}
      </div>
      {step.error && (
        <div className="run-error" role="alert" data-testid="node-run-error">
          {step.error.message}
        </div>
      )}
      <div className="run-data-bar">
        <div className="tabs run-data-tabs" role="tablist" aria-label="Step data">
          {(['output', 'input'] as const).map((s) => (
            <button
              key={s}
              id={tabId(s)}
              role="tab"
              type="button"
              aria-selected={side === s}
              onClick={() => setSide(s)}
            >
              {s === 'output' ? 'Output' : 'Input'}
            </button>
          ))}
        </div>
        <div className="run-view-toggle" role="group" aria-label="Show as">
          {(['tree', 'table'] as const).map((v) => (
            <button key={v} type="button" className="btn ghost small" aria-pressed={view === v} onClick={() => setView(v)}>
              {v === 'tree' ? 'Tree' : 'Table'}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" aria-labelledby={tabId(side)} data-testid={`node-run-${side}`} className="run-data-body">
        {value === null || value === undefined ? (
          <p className="muted">{side === 'output' ? (step.status === 'running' ? 'Running…' : 'No output.') : 'No input.'}</p>
        ) : view === 'tree' ? (
          <DataTree key={`${side}-${step.nodeId}`} value={value} rootPath={rootPath} />
        ) : (
          <DataTable value={value} />
        )}
      </div>
    </div>
  );
}
