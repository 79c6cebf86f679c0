// API keys: create one (shown once), see which exist and when they were last used, revoke them.
import { KeyRound, Plus, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { type KeyScope, createKey, deleteKey, listKeys, type NewApiKey } from '../api/keys.js';
import type { ApiKey } from '../api/types.js';
import { confirm } from '../ui/dialog.js';
import { toast } from '../ui/toast.js';
import { Field } from './list/Field.js';
import { formErrors } from './list/formErrors.js';
import { RelativeTime } from './list/RelativeTime.js';
import { SecretReveal } from './list/SecretReveal.js';
import { LoadStatus } from './list/LoadStatus.js';
import { useLoadedList } from './list/useLoadedList.js';
import './pages.css';

const scopes: Record<KeyScope, { label: string; explanation: string }> = {
  full: {
    label: 'Full access',
    explanation: 'Can do everything you can: manage workflows, contacts and credentials, run workflows. Keep it on servers and in scripts, never in a web page.',
  },
  ingest: {
    label: 'Ingest only',
    explanation: 'Ingest keys can only send events (/api/events and the Segment-compatible /v1 routes) — safe to embed in a website.',
  },
};

export function KeysPage() {
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const { state: load, items: keys, update: setKeys, reload } = useLoadedList<ApiKey>(listKeys);

  const revoke = async (key: ApiKey) => {
    const ok = await confirm({
      title: 'Revoke this API key?',
      message: (
        <>
          Scripts, servers and websites using <strong>{key.name}</strong> are refused from now on. This cannot be undone.
        </>
      ),
      confirmLabel: 'Revoke key',
      danger: true,
    });
    if (!ok) return;
    try {
      await deleteKey(key.id);
      setKeys((all) => all.filter((k) => k.id !== key.id));
      if (created?.id === key.id) setCreated(null);
      toast.success(`Revoked “${key.name}”`);
    } catch (err) {
      toast.fail(err, `“${key.name}” cannot be revoked`);
    }
  };

  return (
    <main className="page">
      <div className="page-inner narrow">
        <div className="page-header">
          <h1>API keys</h1>
        </div>
        <p className="muted page-lead">
          Programs use an API key instead of signing in: send it as <code>Authorization: Bearer KEY</code>.
        </p>

        <CreateKeyForm
          onCreated={(key) => {
            setCreated(key);
            const { key: _secret, ...record } = key; // the list keeps no secret
            setKeys((all) => [record, ...all]);
          }}
        />

        {created && (
          <div className="card card-body stack" data-testid="key-created">
            <h2>“{created.name}” is ready</h2>
            <SecretReveal secret={created.key} label={`${scopes[created.scope].label} key`} testId="key-secret" />
            <div className="row">
              <button type="button" className="btn" onClick={() => setCreated(null)}>Done</button>
            </div>
          </div>
        )}

        <LoadStatus loading={load.status === 'loading'} error={load.status === 'error' ? load.message : null} what="API keys" onRetry={reload} />
        {load.status === 'ready' && keys.length === 0 && (
          <div className="card empty-state">
            <KeyRound size={32} aria-hidden="true" className="empty-icon" />
            <h2>No API keys</h2>
            <p>Create one above for a script, a server or the tracking snippet of your website.</p>
          </div>
        )}
        {keys.length > 0 && (
          <div className="card table-card">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id} data-testid={`key-row-${key.id}`}>
                    <td>
                      <div>{key.name}</div>
                      {key.prefix && <div className="faint mono">{key.prefix}…</div>}
                    </td>
                    <td>
                      <span className={`badge${key.scope === 'full' ? ' active' : ''}`} title={scopes[key.scope].explanation}>
                        {scopes[key.scope].label}
                      </span>
                    </td>
                    <td><RelativeTime iso={key.createdAt} /></td>
                    <td>{key.lastUsedAt ? <RelativeTime iso={key.lastUsedAt} /> : <span className="faint">Never</span>}</td>
                    <td className="wf-actions">
                      <button
                        type="button"
                        className="btn ghost icon small"
                        aria-label={`Revoke ${key.name}`}
                        title="Revoke"
                        data-testid={`key-delete-${key.id}`}
                        onClick={() => void revoke(key)}
                      >
                        <Trash2 size={14} />
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </main>
  );
}

function CreateKeyForm({ onCreated }: { onCreated(key: NewApiKey): void }) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<KeyScope>('full');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setErrors({ name: 'Name the key after what uses it, e.g. "Website tracking"' });
    setBusy(true);
    setErrors({});
    try {
      const key = await createKey({ name: name.trim(), scope });
      onCreated(key);
      setName('');
      toast.success(`Created the key “${key.name}”`);
    } catch (err) {
      const { fields, general } = formErrors(err, ['name', 'scope']);
      setErrors(fields);
      if (general) toast.error(general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card card-body key-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>New key</h2>
      <div className="key-form-fields">
        <Field label="Name" error={errors.name}>
          {(a) => (
            <input {...a} className={`input${errors.name ? ' invalid' : ''}`} value={name} maxLength={200}
              placeholder="Website tracking" onChange={(e) => setName(e.target.value)} data-testid="key-name" />
          )}
        </Field>
        <Field label="Scope" error={errors.scope} hint={scopes[scope].explanation}>
          {(a) => (
            <select {...a} className="select" value={scope} onChange={(e) => setScope(e.target.value as KeyScope)} data-testid="key-scope">
              <option value="full">{scopes.full.label}</option>
              <option value="ingest">{scopes.ingest.label}</option>
            </select>
          )}
        </Field>
      </div>
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy} data-testid="key-create">
          <Plus size={16} /> {busy ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}
