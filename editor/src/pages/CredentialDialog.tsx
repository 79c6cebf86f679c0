// Create or edit a credential in a dialog, with a form built from the type's schema. Secret fields
// are password inputs; when editing, an empty secret keeps the saved value. Reusable: the
// inspector's credential picker can open it with the node's accepted types.
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import {
  createCredential, type CredentialTestResult, type CredentialTypeInfo, type CredentialView, listCredentialTypes,
  testCredential, updateCredential,
} from '../api/credentials.js';
import { Dialog } from '../ui/dialog.js';
import { toast } from '../ui/toast.js';
import { credentialFieldWords, credentialTypeDescription, credentialTypeLabel } from './CredentialLabels.js';
import { checkValues, dataOf, type FormField, formFields, type FormValues, initialValues } from './CredentialForm.js';
import { Field } from './list/Field.js';
import { formErrors } from './list/formErrors.js';
import './pages.css';

export interface CredentialDialogProps {
  /** The type a new credential starts with (default: the first one allowed). */
  type?: string;
  /** The types that may be chosen, e.g. a node's accepted `credentialTypes`; all when absent. */
  credentialTypes?: string[];
  /** The credential to edit (its type cannot change); absent to create one. */
  existing?: CredentialView;
  /** Called with the saved credential; the dialog then closes through onClose. */
  onSaved(credential: CredentialView): void;
  onClose(): void;
}

type Types = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; items: CredentialTypeInfo[] };

export function CredentialDialog(props: CredentialDialogProps) {
  const [types, setTypes] = useState<Types>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    listCredentialTypes().then(
      (items) => live && setTypes({ status: 'ready', items }),
      (err: unknown) => live && setTypes({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const title = props.existing ? `Edit “${props.existing.name}”` : 'New credential';
  if (types.status !== 'ready') {
    return (
      <Dialog title={title} onClose={props.onClose} footer={<button type="button" className="btn" onClick={props.onClose}>Cancel</button>}>
        {types.status === 'loading' ? (
          <p className="muted" aria-busy="true">Loading the credential types…</p>
        ) : (
          <div className="stack" role="alert">
            <p>The credential types cannot be loaded: {types.message}</p>
            <button type="button" className="btn" onClick={() => setAttempt((a) => a + 1)}>Try again</button>
          </div>
        )}
      </Dialog>
    );
  }
  const allowed = types.items.filter((t) =>
    props.existing ? t.type === props.existing.type : !props.credentialTypes || props.credentialTypes.includes(t.type),
  );
  if (allowed.length === 0) {
    return (
      <Dialog title={title} onClose={props.onClose} footer={<button type="button" className="btn" onClick={props.onClose}>Close</button>}>
        <p role="alert">
          This server knows no credential type {props.existing ? `“${props.existing.type}”` : `among ${props.credentialTypes?.join(', ')}`}.
        </p>
      </Dialog>
    );
  }
  return <CredentialForm {...props} title={title} allowed={allowed} />;
}

function CredentialForm(props: CredentialDialogProps & { title: string; allowed: CredentialTypeInfo[] }) {
  const { existing, allowed } = props;
  const [typeName, setTypeName] = useState(
    existing?.type ?? allowed.find((t) => t.type === props.type)?.type ?? allowed[0]!.type,
  );
  const info = allowed.find((t) => t.type === typeName) ?? allowed[0]!;
  const fields = useMemo(() => formFields(info, existing), [info, existing]);
  const [name, setName] = useState(existing?.name ?? '');
  const [values, setValues] = useState<FormValues>(() => initialValues(fields, existing));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [test, setTest] = useState<{ running: boolean; result?: CredentialTestResult }>({ running: false });

  const runTest = async () => {
    const found = checkValues(fields, values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setTest({ running: true });
    try {
      const result = await testCredential({ id: existing?.id, type: info.type, data: dataOf(fields, values) });
      setTest({ running: false, result });
    } catch (err) {
      setTest({ running: false, result: { ok: false, status: null, message: err instanceof Error ? err.message : String(err) } });
    }
  };

  const chooseType = (next: string) => {
    const nextInfo = allowed.find((t) => t.type === next)!;
    setTypeName(next);
    setValues(initialValues(formFields(nextInfo)));
    setErrors({});
    setGeneral(null);
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const found = checkValues(fields, values);
    if (!name.trim()) found.name = 'Name it so you can recognise it in a node, e.g. "Mailgun SMTP"';
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const data = dataOf(fields, values);
      const saved = existing
        ? await updateCredential(existing.id, { name: name.trim(), data })
        : await createCredential({ type: info.type, name: name.trim(), data });
      toast.success(`Saved “${saved.name}”`);
      props.onSaved(saved);
      props.onClose();
    } catch (err) {
      const { fields: byPath, general: message } = formErrors(err, ['name', ...fields.map((f) => `data.${f.name}`)]);
      setErrors(Object.fromEntries(Object.entries(byPath).map(([path, m]) => [path.replace(/^data\./, ''), m])));
      setGeneral(message);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          {info.testable && (
            <button type="button" className="btn" onClick={() => void runTest()} disabled={test.running} data-testid="credential-test">
              {test.running ? 'Testing…' : 'Test credential'}
            </button>
          )}
          <button type="button" className="btn" onClick={props.onClose}>Cancel</button>
          <button type="submit" form="credential-form" className="btn primary" disabled={busy} data-testid="credential-save">
            {busy ? 'Saving…' : existing ? 'Save changes' : 'Create credential'}
          </button>
        </>
      }
    >
      <form id="credential-form" className="stack credential-form" onSubmit={(e) => void submit(e)} noValidate>
        {!existing && allowed.length > 1 ? (
          <Field label="Type" hint={credentialTypeDescription(info.type)}>
            {(a) => (
              <select {...a} className="select" value={info.type} onChange={(e) => chooseType(e.target.value)} data-testid="credential-type">
                {allowed.map((t) => <option key={t.type} value={t.type}>{t.title ?? credentialTypeLabel(t.type)}</option>)}
              </select>
            )}
          </Field>
        ) : (
          <p className="muted">
            <strong>{info.title ?? credentialTypeLabel(info.type)}</strong>
            {credentialTypeDescription(info.type) && ` — ${credentialTypeDescription(info.type)}`}
          </p>
        )}
        <Field label="Name" error={errors.name}>
          {(a) => (
            <input {...a} className={`input${errors.name ? ' invalid' : ''}`} value={name} maxLength={200}
              onChange={(e) => setName(e.target.value)} data-testid="credential-name" />
          )}
        </Field>
        {fields.map((f) => (
          <DataField
            key={`${info.type}.${f.name}`}
            type={info.type}
            field={f}
            value={values[f.name] ?? ''}
            error={errors[f.name]}
            onChange={(v) => setValues((all) => ({ ...all, [f.name]: v }))}
          />
        ))}
        {general && <p className="form-error" role="alert">{general}</p>}
        {test.result && (
          <p className={`badge ${test.result.ok ? 'success' : 'error'} credential-test-result`} role="status" data-testid="credential-test-result">
            {test.result.ok ? 'Works' : 'Failed'}
            {test.result.status !== null ? ` (${test.result.status})` : ''}: {test.result.message}
          </p>
        )}
      </form>
    </Dialog>
  );
}

function DataField(props: { type: string; field: FormField; value: string | boolean; error?: string; onChange(v: string | boolean): void }) {
  const { field } = props;
  const words = credentialFieldWords(props.type, field.name, field.schema);
  const testId = `credential-field-${field.name}`;
  if (field.kind === 'boolean') {
    return (
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={props.value === true} onChange={(e) => props.onChange(e.target.checked)} data-testid={testId} />
          {words.label}
        </label>
        {words.hint && <span className="hint">{words.hint}</span>}
      </div>
    );
  }
  const optional = !field.required && field.schema.default === undefined;
  const hint = field.kept ? 'Saved. Leave empty to keep it; type a new value to replace it.' : words.hint;
  return (
    <Field label={<>{words.label}{optional && <span className="faint"> (optional)</span>}</>} error={props.error} hint={hint}>
      {(a) => (
        <input
          {...a}
          className={`input${props.error ? ' invalid' : ''}${field.kind === 'secret' ? ' mono' : ''}`}
          type={field.kind === 'secret' ? 'password' : field.kind === 'number' ? 'number' : field.kind === 'url' ? 'url' : 'text'}
          autoComplete={field.kind === 'secret' ? 'new-password' : 'off'}
          min={field.schema.minimum}
          max={field.schema.maximum}
          placeholder={field.kept ? '•••••••• (unchanged)' : words.placeholder}
          value={String(props.value)}
          onChange={(e) => props.onChange(e.target.value)}
          data-testid={testId}
        />
      )}
    </Field>
  );
}
