// The home screen: every workflow with its state and last run, search, import, and the way into
// the editor for a new one.
import { Plus, Workflow as WorkflowIcon } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { WorkflowView } from '../api/types.js';
import { TemplatesButton } from './TemplatesGallery.js';
import { useWorkflowList } from './WorkflowsData.js';
import { WorkflowsImportButton } from './WorkflowsImport.js';
import { WorkflowsRenameDialog } from './WorkflowsRenameDialog.js';
import { type WorkflowRowActions, WorkflowsRow } from './WorkflowsRow.js';
import { toast } from '../ui/toast.js';
import { LoadStatus } from './list/LoadStatus.js';
import { SearchBox } from './list/SearchBox.js';
import './pages.css';

export function WorkflowsPage() {
  const list = useWorkflowList();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [renaming, setRenaming] = useState<WorkflowView | null>(null);

  const needle = search.trim().toLowerCase();
  const shown = useMemo(
    () => (needle ? list.items.filter((w) => w.name.toLowerCase().includes(needle)) : list.items),
    [list.items, needle],
  );

  const actions: WorkflowRowActions = {
    onChanged: list.replace,
    onCreated: list.prepend,
    onRemoved: list.remove,
    onRename: setRenaming,
  };
  const newWorkflow = (
    <button type="button" className="btn primary" onClick={() => void navigate('/workflows/new')} data-testid="new-workflow">
      <Plus size={16} /> New workflow
    </button>
  );
  const importButton = <WorkflowsImportButton onImported={list.prepend} />;
  const templatesButton = <TemplatesButton />;
  const empty = list.status === 'ready' && list.total === 0 && list.items.length === 0;

  return (
    <main className="page">
      <div className="page-inner">
        <div className="page-header">
          <h1>Workflows</h1>
          {list.status === 'ready' && !empty && <span className="badge">{list.total}</span>}
          <span className="spacer" />
          {!empty && list.status !== 'error' && (
            <>
              <SearchBox label="Search workflows by name" placeholder="Search by name" value={search} onChange={setSearch} testId="workflow-search" />
              {importButton}
              {templatesButton}
              {newWorkflow}
            </>
          )}
        </div>

        <LoadStatus loading={list.status === 'loading'} error={list.status === 'error' ? list.error : null} what="workflows" onRetry={list.reload} />

        {empty && (
          <div className="card empty-state" data-testid="workflows-empty">
            <WorkflowIcon size={40} aria-hidden="true" className="empty-icon" />
            <h2>No workflows yet</h2>
            <p className="empty-text">
              A workflow is an automation you draw: a trigger (a form posting to a webhook, an event such as a sign-up or an
              order, a schedule) followed by the steps it sets off (wait a few days, check a condition, send an email or a
              text, update the CRM). Start from an empty canvas, from a template of a classic journey, or import a workflow someone exported.
            </p>
            <div className="row">
              {newWorkflow}
              {templatesButton}
              {importButton}
            </div>
          </div>
        )}

        {list.status === 'ready' && !empty && (
          <>
            <div className="card table-card">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Active</th>
                    <th scope="col">Last run</th>
                    <th scope="col">Updated</th>
                    <th scope="col">Version</th>
                    <th scope="col"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((w) => <WorkflowsRow key={w.id} workflow={w} actions={actions} />)}
                </tbody>
              </table>
              {shown.length === 0 && (
                <div className="empty-state" data-testid="workflows-no-match">
                  <p>
                    No workflow {list.nextCursor ? 'loaded so far ' : ''}has “{search.trim()}” in its name.
                  </p>
                  <button type="button" className="btn" onClick={() => setSearch('')}>Clear the search</button>
                </div>
              )}
            </div>
            {list.nextCursor && (
              <div className="row list-more">
                <span className="muted">
                  Showing {list.items.length} of {list.total}{needle ? '; the search covers the loaded ones' : ''}.
                </span>
                <button
                  type="button"
                  className="btn"
                  disabled={list.loadingMore}
                  onClick={() => list.loadMore().catch((err) => toast.fail(err, 'More workflows cannot be loaded'))}
                  data-testid="workflows-load-more"
                >
                  {list.loadingMore ? 'Loading…' : 'Load more'}
                </button>
              </div>
            )}
          </>
        )}
      </div>
      {renaming && <WorkflowsRenameDialog workflow={renaming} onRenamed={list.replace} onClose={() => setRenaming(null)} />}
    </main>
  );
}
