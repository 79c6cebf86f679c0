// The editor's toolbar: back to the list, the name, whether it is saved, undo/redo, canvas
// commands, journey stats, settings, the active switch, Test with a contact, Test run and Save.
import {
  ArrowLeft, BarChart3, HelpCircle, LayoutGrid, Maximize, Play, Redo2, Save, Settings, StickyNote, Undo2,
} from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCanvasCommands } from '../canvas/commands.js';
import { TestContactButton } from '../journeys/TestContactDialog.js';
import { runTest } from '../runs/actions.js';
import { chosenTrigger, useTriggers } from '../runs/triggers.js';
import { defaultSample } from '../runs/samples.js';
import { useEditor } from '../store/editor-store.js';
import { setActive } from './activate.js';
import { saveWorkflow } from './save.js';
import { useEditorSession, usePage } from './session.js';
import { SettingsDialog } from './SettingsDialog.js';
import { toggleStats } from './stats.js';
import { WorkflowName } from './WorkflowName.js';
import './editor-page.css';

function SaveState() {
  const busy = useEditor((s) => s.busy);
  const dirty = useEditor((s) => s.dirty);
  const failed = usePage((p) => p.saveFailed);
  const isNew = usePage((p) => p.meta === null);
  const viewing = usePage((p) => p.viewing?.version ?? null);
  const [text, tone] =
    viewing !== null ? [`Version ${viewing}, read only`, 'muted']
      : busy === 'saving' ? ['Saving…', 'muted']
      : failed && (dirty || isNew) ? ['Save failed', 'error']
      : dirty || isNew ? [isNew ? 'Not saved yet' : 'Unsaved changes', 'warning']
      : ['Saved', 'muted'];
  return (
    <span className={`save-state ${tone}`} data-testid="save-state" role="status" aria-live="polite">
      {text}
    </span>
  );
}

function ActiveSwitch({ disabled }: { disabled: boolean }) {
  const session = useEditorSession();
  const active = usePage((p) => p.meta?.active ?? false);
  const busy = useEditor((s) => s.busy);
  return (
    <label className="active-switch">
      <button
        type="button"
        role="switch"
        className="switch"
        data-testid="activate"
        aria-checked={active}
        aria-label="Active"
        disabled={disabled || busy !== null}
        onClick={() => void setActive(session, !active)}
      />
      <span className={active ? 'active-label on' : 'active-label'}>{active ? 'Active' : 'Inactive'}</span>
    </label>
  );
}

export function Toolbar() {
  const session = useEditorSession();
  const commands = useCanvasCommands();
  const viewing = usePage((p) => p.viewing !== null);
  const isNew = usePage((p) => p.meta === null);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const dirty = useEditor((s) => s.dirty);
  const busy = useEditor((s) => s.busy);
  const undo = useEditor((s) => s.undo);
  const redo = useEditor((s) => s.redo);
  const setHelpOpen = useEditor((s) => s.setHelpOpen);
  const helpOpen = useEditor((s) => s.helpOpen);
  const sample = useEditor((s) => s.samplePayload);
  const picked = usePage((p) => p.runTrigger);
  const triggers = useTriggers();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const statsShown = useEditor((s) => s.stats !== null);

  const testRun = () => {
    const trigger = chosenTrigger(triggers, picked);
    session.store.getState().setPanel('run');
    if (!trigger) return;
    void runTest(session, sample || defaultSample(trigger.kind, trigger.params), trigger.id);
  };

  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Workflow">
      <Link to="/" className="btn ghost icon" aria-label="Back to workflows" title="Back to workflows">
        <ArrowLeft size={16} />
      </Link>
      <WorkflowName readOnly={viewing} />
      <SaveState />
      <span className="spacer" />
      <div className="toolbar-group">
        <button className="btn ghost icon" data-testid="undo" aria-label="Undo" title="Undo (Ctrl/⌘+Z)" disabled={!canUndo || viewing} onClick={undo}>
          <Undo2 size={16} />
        </button>
        <button className="btn ghost icon" data-testid="redo" aria-label="Redo" title="Redo (Ctrl/⌘+Shift+Z)" disabled={!canRedo || viewing} onClick={redo}>
          <Redo2 size={16} />
        </button>
      </div>
      <div className="toolbar-group">
        <button className="btn ghost icon" data-testid="auto-layout" aria-label="Tidy up (auto-layout)" title="Tidy up (Shift+L)" disabled={viewing} onClick={() => commands.autoLayout()}>
          <LayoutGrid size={16} />
        </button>
        <button className="btn ghost icon" data-testid="fit-view" aria-label="Zoom to fit" title="Zoom to fit (F)" onClick={() => commands.fitView()}>
          <Maximize size={16} />
        </button>
        <button className="btn ghost icon" data-testid="add-note" aria-label="Add a sticky note" title="Add a sticky note (N)" disabled={viewing} onClick={() => commands.addStickyNote()}>
          <StickyNote size={16} />
        </button>
        <button className="btn ghost icon" data-testid="help" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" aria-pressed={helpOpen} onClick={() => setHelpOpen(!helpOpen)}>
          <HelpCircle size={16} />
        </button>
        <button className="btn ghost icon" data-testid="toggle-stats" aria-label="Journey stats" aria-pressed={statsShown}
          title={isNew ? 'Journey stats (save the workflow first)' : 'Journey stats on the canvas'} disabled={isNew} onClick={() => toggleStats(session)}>
          <BarChart3 size={16} />
        </button>
        <button className="btn ghost icon" data-testid="workflow-settings" aria-label="Workflow settings" title="Workflow settings" disabled={viewing} onClick={() => setSettingsOpen(true)}>
          <Settings size={16} />
        </button>
      </div>
      <ActiveSwitch disabled={viewing} />
      <TestContactButton disabled={viewing || busy !== null} />
      <button className="btn" data-testid="test-run" disabled={viewing || busy !== null} onClick={testRun}>
        <Play size={16} /> Test run
      </button>
      <button
        className="btn primary"
        data-testid="save"
        disabled={viewing || busy === 'saving' || (!dirty && !isNew)}
        onClick={() => void saveWorkflow(session)}
        title="Save (Ctrl/⌘+S)"
      >
        <Save size={16} /> {busy === 'saving' ? 'Saving…' : 'Save'}
      </button>
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}
