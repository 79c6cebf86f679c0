// The credential field: the saved credentials of the types the param accepts
// (`GET /api/credentials`), and "Create new…", which opens the credentials page's dialog limited
// to those types and selects what it creates.
import { Plus } from 'lucide-react';
import { useEffect, useState } from 'react';
import { type CredentialView, listCredentials } from '../api/credentials.js';
import { CredentialDialog } from '../pages/CredentialDialog.js';
import { credentialTypeLabel } from '../pages/CredentialLabels.js';

export interface CredentialPickerProps {
  id?: string;
  value: string | undefined;
  onChange(id: string | undefined): void;
  /** Accepted credential types; all when empty. */
  types?: string[];
  label: string;
  invalid?: boolean;
  describedBy?: string;
}

const CREATE = '__create__';

export function CredentialPicker(props: CredentialPickerProps) {
  const [items, setItems] = useState<CredentialView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const typesKey = (props.types ?? []).join(',');

  useEffect(() => {
    let live = true;
    const accepted = typesKey ? typesKey.split(',') : null;
    listCredentials().then(
      (page) => live && setItems(page.items.filter((c) => !accepted || accepted.includes(c.type))),
      (err: unknown) => {
        if (!live) return;
        setItems([]);
        setLoadError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      live = false;
    };
  }, [typesKey]);

  const known = items?.some((c) => c.id === props.value);
  const placeholder = items === null ? 'Loading…' : items.length ? 'Choose a credential…' : 'No credentials yet';

  return (
    <>
      <div className="credential-picker">
        <select
          id={props.id}
          className={`select${props.invalid ? ' invalid' : ''}`}
          value={props.value ?? ''}
          aria-invalid={props.invalid || undefined}
          aria-describedby={props.describedBy}
          onChange={(e) => {
            if (e.target.value === CREATE) setCreating(true);
            else props.onChange(e.target.value || undefined);
          }}
        >
          <option value="">{placeholder}</option>
          {items?.map((c) => <option key={c.id} value={c.id}>{c.name} · {credentialTypeLabel(c.type)}</option>)}
          {props.value && items && !known && <option value={props.value}>Missing credential ({props.value})</option>}
          <option value={CREATE}>Create new…</option>
        </select>
        <button type="button" className="btn small" aria-label={`Create a new credential for ${props.label}`} onClick={() => setCreating(true)}>
          <Plus size={14} aria-hidden="true" /> New
        </button>
      </div>
      {loadError && <div className="field-error">The credentials could not be loaded: {loadError}</div>}
      {props.types?.length ? <div className="hint">Accepts {props.types.map(credentialTypeLabel).join(', ')}.</div> : null}
      {creating && (
        <CredentialDialog
          credentialTypes={props.types?.length ? props.types : undefined}
          onClose={() => setCreating(false)}
          onSaved={(credential) => {
            setItems((list) => [...(list ?? []), credential]);
            props.onChange(credential.id);
          }}
        />
      )}
    </>
  );
}
