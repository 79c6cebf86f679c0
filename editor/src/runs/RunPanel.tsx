// The "Test run" tab: the sample payload (JSON in Monaco, remembered per workflow, prefilled for
// the trigger's kind), which trigger to enter at, Run test, and the run on the canvas with its steps.
import { Play, RotateCcw } from 'lucide-react';
import { useId } from 'react';
import type { StepView } from '../api/types.js';
import { nodeLabel } from '../editor-page/problem-text.js';
import { MonacoField } from '../inspector/MonacoField.js';
import { useEditorSession, usePage } from '../editor-page/session.js';
import { useEditor } from '../store/editor-store.js';
import { runTest } from './actions.js';
import { ExecutionSummary } from './ExecutionSummary.js';
import { durationOf } from './format.js';
import { defaultSample, jsonProblem } from './samples.js';
import { chosenTrigger, useTriggers } from './triggers.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import './runs.css';

export function RunPanel() {
  const session = useEditorSession();
  const triggers = useTriggers();
  const picked = usePage((p) => p.runTrigger);
  const viewing = usePage((p) => p.viewing !== null);
  const trigger = chosenTrigger(triggers, picked);
  const stored = useEditor((s) => s.samplePayload);
  const setSample = useEditor((s) => s.setSamplePayload);
  const busy = useEditor((s) => s.busy);
  const execution = useEditor((s) => s.execution);
  const text = stored || defaultSample(trigger?.kind, trigger?.params);
  const problem = jsonProblem(text);
  const ids = { payload: useId(), trigger: useId(), error: useId() };

  const start = () => void runTest(session, text, trigger?.id ?? null);

  return (
    <div className="run-panel stack" data-testid="run-panel">
      {triggers.length > 1 && (
        <div className="field">
          <label htmlFor={ids.trigger}>Start at</label>
          <select
            id={ids.trigger}
            className="select"
            data-testid="run-trigger"
            value={trigger?.id ?? ''}
            onChange={(e) => session.page.setState({ runTrigger: e.target.value })}
          >
            {triggers.map((t) => <option key={t.id} value={t.id}>{t.label} ({t.kind})</option>)}
          </select>
        </div>
      )}
      <div className="field">
        <div className="row">
          <label htmlFor={ids.payload}>Sample payload</label>
          <span className="spacer" />
          <button
            type="button"
            className="btn ghost small"
            onClick={() => setSample(defaultSample(trigger?.kind, trigger?.params))}
            title="Replace with an example for this trigger"
          >
            <RotateCcw size={12} /> Example
          </button>
        </div>
        <MonacoField
          id={ids.payload}
          language="json"
          testId="run-payload"
          ariaLabel="Sample payload"
          height={180}
          value={text}
          invalid={!!problem}
          describedBy={problem ? ids.error : undefined}
          onChange={setSample}
        />
        {problem ? (
          <span id={ids.error} className="error">Not valid JSON: {problem}</span>
        ) : (
          <span className="hint">What the trigger receives; the nodes read it as <code>trigger.…</code></span>
        )}
      </div>
      <button
        className="btn primary"
        data-testid="run-start"
        disabled={!!problem || !trigger || busy !== null || viewing}
        onClick={start}
      >
        <Play size={14} /> {busy === 'running' ? 'Starting…' : busy === 'saving' ? 'Saving…' : 'Run test'}
      </button>
      {!trigger && <p className="hint">Add a trigger to the workflow to run it.</p>}
      {execution && <ExecutionSummary execution={execution} />}
      {execution && <StepList />}
    </div>
  );
}

const NO_STEPS: StepView[] = [];

/** The steps of the run on the canvas, in the order they ran; one selects its node. */
function StepList() {
  const steps = useEditor((s) => s.execution?.steps ?? NO_STEPS);
  const workflow = useEditor((s) => s.workflow);
  const select = useEditor((s) => s.select);
  const setPanel = useEditor((s) => s.setPanel);
  if (steps.length === 0) return <p className="muted">No step has run yet.</p>;
  return (
    <ol className="run-steps" aria-label="Steps">
      {steps.map((step, i) => (
        <li key={`${step.nodeId}-${i}`}>
          <button
            type="button"
            className="run-step"
            data-testid={`run-step-${step.nodeId}`}
            onClick={() => {
              select({ nodes: [step.nodeId] });
              setPanel('inspector');
            }}
          >
            <StatusBadge status={step.status} />
            <span className="run-step-name">{nodeLabel(workflow, step.nodeId)}</span>
            <span className="faint">{durationOf(step.startedAt, step.finishedAt)}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
