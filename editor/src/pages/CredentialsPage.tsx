// Credentials: the logins nodes use to reach email, SMS, CRM and HTTP services. List, create,
// edit (secrets stay hidden), delete.
import { KeySquare, Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { type CredentialView, deleteCredential, listCredentials } from '../api/credentials.js';
import { confirmDelete } from './list/confirmDelete.js';
import { toast } from '../ui/toast.js';
import { CredentialDialog } from './CredentialDialog.js';
import { credentialTypeLabel } from './CredentialLabels.js';
import { RelativeTime } from './list/RelativeTime.js';
import { LoadStatus } from './list/LoadStatus.js';
import { useLoadedList } from './list/useLoadedList.js';
import './pages.css';

type Editing = { mode: 'new' } | { mode: 'edit'; credential: CredentialView } | null;

export function CredentialsPage() {
  const [editing, setEditing] = useState<Editing>(null);

  const { state: load, items: items, update: setItems, reload } = useLoadedList<CredentialView>(listCredentials);

  const saved = (credential: CredentialView) =>
    setItems((all) => (all.some((c) => c.id === credential.id) ? all.map((c) => (c.id === credential.id ? credential : c)) : [credential, ...all]));

  const remove = (credential: CredentialView) =>
    confirmDelete({
      name: credential.name,
      title: 'Delete this credential?',
      message: (
        <>
          <strong>{credential.name}</strong> will be deleted. Workflows that use it fail at the steps that need it until you
          pick another credential there. This cannot be undone.
        </>
      ),
      confirmLabel: 'Delete credential',
      remove: () => deleteCredential(credential.id),
      onRemoved: () => setItems((all) => all.filter((c) => c.id !== credential.id)),
    });

  const newButton = (
    <button type="button" className="btn primary" onClick={() => setEditing({ mode: 'new' })} data-testid="new-credential">
      <Plus size={16} /> New credential
    </button>
  );

  return (
    <main className="page">
      <div className="page-inner narrow">
        <div className="page-header">
          <h1>Credentials</h1>
          <span className="spacer" />
          {load.status === 'ready' && items.length > 0 && newButton}
        </div>
        <p className="muted page-lead">
          Logins for the services your workflows talk to. They are stored encrypted; passwords, tokens and keys are never
          shown again once saved.
        </p>

        <LoadStatus loading={load.status === 'loading'} error={load.status === 'error' ? load.message : null} what="credentials" onRetry={reload} />
        {load.status === 'ready' && items.length === 0 && (
          <div className="card empty-state" data-testid="credentials-empty">
            <KeySquare size={36} aria-hidden="true" className="empty-icon" />
            <h2>No credentials yet</h2>
            <p className="empty-text">
              Email, SMS, CRM and HTTP nodes need a login to the service they use: the SMTP server of your email provider,
              your Twilio account, a HubSpot token, an API key. Add one here, or from the node that needs it.
            </p>
            {newButton}
          </div>
        )}
        {items.length > 0 && (
          <div className="card table-card">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Updated</th>
                  <th scope="col"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id} data-testid={`credential-row-${c.id}`}>
                    <td>
                      <button type="button" className="link-button" onClick={() => setEditing({ mode: 'edit', credential: c })}>
                        {c.name}
                      </button>
                    </td>
                    <td><span className="badge">{credentialTypeLabel(c.type)}</span></td>
                    <td><RelativeTime iso={c.updatedAt} /></td>
                    <td className="wf-actions">
                      <div className="row row-end">
                        <button type="button" className="btn ghost icon small" aria-label={`Edit ${c.name}`} title="Edit"
                          onClick={() => setEditing({ mode: 'edit', credential: c })} data-testid={`credential-edit-${c.id}`}>
                          <Pencil size={14} />
                        </button>
                        <button type="button" className="btn ghost icon small" aria-label={`Delete ${c.name}`} title="Delete"
                          onClick={() => void remove(c)} data-testid={`credential-delete-${c.id}`}>
                          <Trash2 size={14} />
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {editing && (
        <CredentialDialog
          existing={editing.mode === 'edit' ? editing.credential : undefined}
          onSaved={saved}
          onClose={() => setEditing(null)}
        />
      )}
    </main>
  );
}
