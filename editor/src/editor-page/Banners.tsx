// Notices above the canvas: a version viewed read-only (with the way back), and unsaved changes
// found from an earlier visit (Restore / Discard), and the journey stats while they are shown.
import { Eye, History } from 'lucide-react';
import { formatDateTime } from '../ui/format.js';
import { discardDraft, restoreDraft } from './draft.js';
import { useEditorSession, usePage } from './session.js';
import { StatsSummary } from './StatsSummary.js';
import { backToEditing } from './versions.js';
import './editor-page.css';

export function Banners() {
  const session = useEditorSession();
  const viewing = usePage((p) => p.viewing?.version ?? null);
  const draft = usePage((p) => p.draft);
  return (
    <>
      {viewing !== null && (
        <div className="editor-banner info" role="status" data-testid="viewing-banner">
          <Eye size={16} aria-hidden="true" />
          <span>Viewing version {viewing} — read only</span>
          <span className="spacer" />
          <button className="btn small primary" data-testid="back-to-editing" onClick={() => backToEditing(session)}>
            Back to editing
          </button>
        </div>
      )}
      <StatsSummary />
      {draft && viewing === null && (
        <div className="editor-banner warning" role="alert" data-testid="draft-banner">
          <History size={16} aria-hidden="true" />
          <span>You have unsaved changes from {formatDateTime(draft.savedAt)}.</span>
          <span className="spacer" />
          <button className="btn small primary" data-testid="draft-restore" onClick={() => restoreDraft(session)}>Restore</button>
          <button className="btn small" data-testid="draft-discard" onClick={() => discardDraft(session)}>Discard</button>
        </div>
      )}
    </>
  );
}
