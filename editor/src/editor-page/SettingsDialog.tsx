// Workflow settings: the time zone its dates and delays are read in, and a description.
import type { WorkflowEdit } from '@tern/shared';
import { useId, useMemo, useState } from 'react';
import { useEditor } from '../store/editor-store.js';
import { Dialog } from '../ui/dialog.js';

/** Every IANA time zone the browser knows, with UTC first and the current value kept. */
export function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    // an older browser: the list holds what is set and UTC
  }
  return [...new Set(['UTC', current, ...zones])];
}

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  // Settings may carry more than the time zone (the schema lets them); those are kept as they are.
  const settings = useEditor((s) => s.workflow.settings);
  const current = useEditor((s) => s.workflow.description ?? '');
  const edit = useEditor((s) => s.edit);
  const [timezone, setTimezone] = useState(settings.timezone);
  const [description, setDescription] = useState(current);
  const zones = useMemo(() => timeZones(settings.timezone), [settings.timezone]);
  const ids = { zone: useId(), description: useId() };

  const apply = () => {
    const edits: WorkflowEdit[] = [];
    if (timezone !== settings.timezone) edits.push({ op: 'setSettings', settings: { ...settings, timezone } });
    if (description.trim() !== current) edits.push({ op: 'describe', description: description.trim() });
    if (edits.length) edit(edits);
    onClose();
  };

  return (
    <Dialog
      title="Workflow settings"
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>Cancel</button>
          <button className="btn primary" data-testid="settings-apply" onClick={apply}>Apply</button>
        </>
      }
    >
      <div className="field">
        <label htmlFor={ids.zone}>Time zone</label>
        <select id={ids.zone} className="select" data-testid="settings-timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)}>
          {zones.map((z) => <option key={z} value={z}>{z.replaceAll('_', ' ')}</option>)}
        </select>
        <span className="hint">Delays until a date, time windows and schedules are read in this time zone.</span>
      </div>
      <div className="field">
        <label htmlFor={ids.description}>Description</label>
        <textarea
          id={ids.description}
          className="textarea"
          data-testid="settings-description"
          value={description}
          maxLength={5000}
          placeholder="What this workflow does, for whoever opens it next"
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
    </Dialog>
  );
}
