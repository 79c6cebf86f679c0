// The "Versions" tab: every saved version, newest first, the active one marked; View shows one
// read-only on the canvas, Restore brings it back into the editor as an undoable change.
import { Eye, History, RefreshCw } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { WorkflowVersion } from '../api/types.js';
import { requests } from '../editor-page/requests.js';
import { useEditorSession, usePage } from '../editor-page/session.js';
import { restoreVersion, viewVersion } from '../editor-page/versions.js';
import { confirm } from '../ui/dialog.js';
import { useEditor } from '../store/editor-store.js';
import { formatRelative } from '../ui/format.js';
import './runs.css';

export function VersionsPanel() {
  const session = useEditorSession();
  const meta = usePage((p) => p.meta);
  const viewing = usePage((p) => p.viewing?.version ?? null);
  const dirty = useEditor((s) => s.dirty);
  const [items, setItems] = useState<WorkflowVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const workflowId = meta?.id ?? null;
  const latest = meta?.version;

  const load = useCallback(async () => {
    if (!workflowId) return;
    setError(null);
    try {
      const page = await requests.versions(workflowId);
      setItems([...page.items].sort((a, b) => b.version - a.version));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [workflowId]);

  // Reloaded when a save makes a new version.
  useEffect(() => {
    void load();
  }, [load, latest]);

  const restore = async (version: number) => {
    const ok =
      !dirty ||
      (await confirm({
        title: `Restore version ${version}?`,
        message: 'The canvas is replaced by that version. Your unsaved changes can be brought back with Undo.',
        confirmLabel: 'Restore',
      }));
    if (ok) await restoreVersion(session, version);
  };

  if (!workflowId) {
    return <div className="empty-state"><p>Each save makes a version; they are listed here.</p></div>;
  }
  return (
    <div className="versions-panel stack" data-testid="versions-panel">
      <div className="row">
        <span className="muted">Each save makes a version.</span>
        <span className="spacer" />
        <button className="btn icon" aria-label="Refresh versions" title="Refresh" onClick={() => void load()}>
          <RefreshCw size={14} />
        </button>
      </div>
      {error && <p className="field-error" role="alert">Versions could not be loaded: {error}</p>}
      {items === null && !error && <p className="muted">Loading…</p>}
      <ul className="version-list" aria-label="Versions">
        {items?.map((v) => (
          <li key={v.version} className={`version-row${viewing === v.version ? ' viewing' : ''}`} data-testid={`version-row-${v.version}`}>
            <div className="version-title">
              <strong>Version {v.version}</strong>
              {v.version === meta?.activeVersion && meta.active && <span className="badge active">active</span>}
              {v.version === latest && <span className="badge">latest</span>}
              <span className="faint" title={v.createdAt}>{formatRelative(v.createdAt)}</span>
            </div>
            <div className="row">
              <button
                className="btn small"
                data-testid={`version-view-${v.version}`}
                aria-label={`View version ${v.version}`}
                onClick={() => void viewVersion(session, v.version)}
              >
                <Eye size={14} /> View
              </button>
              <button
                className="btn small"
                data-testid={`version-restore-${v.version}`}
                aria-label={`Restore version ${v.version}`}
                onClick={() => void restore(v.version)}
              >
                <History size={14} /> Restore
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
