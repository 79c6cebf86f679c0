// "Test with a contact": runs the journey on the canvas (the draft as it is now, saved or not) for
// a chosen or made-up contact, with waits skipped and the events it should pretend happen; shows
// the path it took (also on the canvas) and the messages it would have sent. Nothing is sent and
// nothing is stored.
import { FlaskConical, Play } from 'lucide-react';
import { useState } from 'react';
import { testWithContact, type TestContactResult } from '../api/journeys.js';
import { workflowDefinition } from '../api/workflows.js';
import { useEditorSession, usePage } from '../editor-page/session.js';
import { nodeLabel } from '../editor-page/problem-text.js';
import { ChipsInput } from '../inspector/ChipsInput.js';
import { chosenTrigger, useTriggers } from '../runs/triggers.js';
import { jsonProblem } from '../runs/samples.js';
import { useEditor } from '../store/editor-store.js';
import { Dialog } from '../ui/dialog.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { type ContactChoice, contactOfChoice, ContactPicker } from './ContactPicker.js';
import { RenderedMessage } from './RenderedMessage.js';
import './journeys.css';

export function TestContactButton({ disabled }: { disabled: boolean }) {
  const [open, setOpen] = useState(false);
  const isNew = usePage((p) => p.meta === null);
  return (
    <>
      <button className="btn" data-testid="test-contact" disabled={disabled || isNew} onClick={() => setOpen(true)}
        title={isNew ? 'Save the workflow first' : 'Run this journey for one contact: waits skipped, nothing sent'}>
        <FlaskConical size={16} /> Test with a contact
      </button>
      {open && <TestContactDialog onClose={() => setOpen(false)} />}
    </>
  );
}

const TRIGGER_HINTS: Record<string, string> = {
  event: '{ "event": { "data": { "total": 99 } } }',
  webhook: '{ "body": { "email": "ada@example.com" } }',
};

function TestContactDialog({ onClose }: { onClose(): void }) {
  const session = useEditorSession();
  const workflowId = usePage((p) => p.meta?.id ?? null);
  const trigger = chosenTrigger(useTriggers(), null);
  const result = useEditor((s) => s.contactTest);
  const [choice, setChoice] = useState<ContactChoice>({ kind: 'existing', contact: null });
  const [events, setEvents] = useState<string[]>([]);
  const [triggerText, setTriggerText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const who = contactOfChoice(choice);
  const triggerProblem = jsonProblem(triggerText) ?? (triggerText.trim() && !/^\s*\{/.test(triggerText) ? 'must be a JSON object' : null);

  const run = async () => {
    if (busy || !workflowId || !who || triggerProblem) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await testWithContact(workflowId, {
        ...who,
        ...(events.length ? { events } : {}),
        ...(triggerText.trim() ? { trigger: JSON.parse(triggerText) as Record<string, unknown> } : {}),
        definition: workflowDefinition(session.store.getState().workflow),
      });
      session.store.getState().setContactTest(answer);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Test with a contact" onClose={onClose} wide
      footer={
        <>
          {result && <button type="button" className="btn ghost" onClick={() => session.store.getState().setContactTest(null)} data-testid="test-contact-clear">Clear from the canvas</button>}
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>Close</button>
          {/* Not disabled while running: focus stays in the dialog, so Escape still closes it. */}
          <button type="button" className="btn primary" disabled={!who || !!triggerProblem} aria-busy={busy} onClick={() => void run()} data-testid="test-contact-run">
            <Play size={16} /> {busy ? 'Running…' : 'Run test'}
          </button>
        </>
      }>
      <p className="muted dialog-lead">
        Runs the journey as it is on the canvas for one contact. Delays are skipped, nothing is sent and nothing is stored.
      </p>
      <ContactPicker value={choice} onChange={setChoice} />
      <div className="test-contact-pretend">
        <label className="field">
          <span className="label">Events that happen while it waits</span>
          <ChipsInput values={events} onChange={(v) => setEvents([...new Set(v.map(String))])} placeholder="email.opened" testId="test-contact-events" />
          <span className="hint">A “wait for event” step takes its <span className="mono">event</span> port for these, its <span className="mono">timeout</span> port for the others.</span>
        </label>
        <label className="field">
          <span className="label">Trigger data (JSON, optional)</span>
          <textarea className={`textarea mono${triggerProblem ? ' invalid' : ''}`} rows={3} value={triggerText} data-testid="test-contact-trigger"
            placeholder={TRIGGER_HINTS[trigger?.kind ?? ''] ?? '{}'} onChange={(e) => setTriggerText(e.target.value)} />
          {triggerProblem && <span className="error">{triggerProblem}</span>}
        </label>
      </div>
      {error && <p className="form-error" role="alert" data-testid="test-contact-error">{error}</p>}
      {result && <TestResult result={result} />}
    </Dialog>
  );
}

function TestResult({ result }: { result: TestContactResult }) {
  const nodes = useEditor((s) => s.workflow.nodes);
  return (
    <div className="test-result stack" data-testid="test-contact-result">
      <div className="row">
        <h3>The path</h3>
        <StatusBadge status={result.status} />
      </div>
      <ol className="test-path" data-testid="test-path">
        {result.path.map((step, i) => (
          <li key={i} data-node={step.nodeId}>
            <span className="test-path-node">{nodeLabel({ nodes }, step.nodeId)}</span>
            {step.port && <span className="mono test-path-port">→ {step.port}</span>}
            {step.status !== 'success' && <StatusBadge status={step.status} />}
            {step.waitSkipped && <span className="muted test-path-note">{step.waitSkipped}</span>}
            {step.error && <span className="field-error test-path-note">{step.error}</span>}
          </li>
        ))}
      </ol>
      <h3>{result.messages.length === 0 ? 'No messages would be sent' : `Messages it would send (${result.messages.length})`}</h3>
      {result.messages.map((m, i) => (
        <div key={i} className="stack">
          <span className="faint test-message-node">from {nodeLabel({ nodes }, m.nodeId)}</span>
          <RenderedMessage message={m} testId={`test-message-${i}`} />
        </div>
      ))}
    </div>
  );
}
