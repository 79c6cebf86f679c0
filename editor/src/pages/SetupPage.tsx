// First run: create the owner account, then show the first API key once before entering the app.
import { ArrowRight } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useSession } from '../app/session.js';
import { toast } from '../ui/toast.js';
import { AuthLayout } from './AuthLayout.js';
import { Field } from './list/Field.js';
import { formErrors } from './list/formErrors.js';
import { SecretReveal } from './list/SecretReveal.js';

interface Values {
  email: string;
  password: string;
  confirm: string;
}
type Errors = Partial<Record<keyof Values, string>>;

/** What can be told without the server; the password rules themselves are the server's. */
function validate(v: Values): Errors {
  const errors: Errors = {};
  if (!v.email.trim()) errors.email = 'Enter the email address you will sign in with';
  else if (!/^[^\s@]+@[^\s@]+$/.test(v.email.trim())) errors.email = 'This does not look like an email address';
  if (!v.password) errors.password = 'Choose a password';
  if (v.confirm !== v.password) errors.confirm = 'The two passwords do not match';
  return errors;
}

export function SetupPage() {
  const [apiKey, setApiKey] = useState<string | null>(null);
  return apiKey === null ? <OwnerForm onDone={setApiKey} /> : <FirstKey apiKey={apiKey} />;
}

function OwnerForm({ onDone }: { onDone: (apiKey: string) => void }) {
  const setup = useSession((s) => s.setup);
  const [values, setValues] = useState<Values>({ email: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);

  const change = (field: keyof Values) => (e: { target: { value: string } }) => {
    const next = { ...values, [field]: e.target.value };
    setValues(next);
    // Once the user has tried to submit, errors follow their typing.
    if (submitted) setErrors(validate(next));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const found = validate(values);
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      onDone(await setup(values.email.trim(), values.password));
      toast.success('Your owner account is ready');
    } catch (err) {
      const { fields, general: message } = formErrors(err, ['email', 'password']);
      setErrors(fields);
      setGeneral(message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout
      title="Create the owner account"
      subtitle="Welcome to Tern. This account owns this installation: it builds and runs the workflows, and manages credentials and API keys."
    >
      <form className="stack auth-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Email" error={errors.email}>
          {(a) => (
            <input {...a} className={`input${errors.email ? ' invalid' : ''}`} type="email" autoComplete="username" autoFocus
              value={values.email} onChange={change('email')} data-testid="setup-email" />
          )}
        </Field>
        <Field label="Password" error={errors.password} hint="A long password you use nowhere else.">
          {(a) => (
            <input {...a} className={`input${errors.password ? ' invalid' : ''}`} type="password" autoComplete="new-password"
              value={values.password} onChange={change('password')} data-testid="setup-password" />
          )}
        </Field>
        <Field label="Confirm password" error={errors.confirm}>
          {(a) => (
            <input {...a} className={`input${errors.confirm ? ' invalid' : ''}`} type="password" autoComplete="new-password"
              value={values.confirm} onChange={change('confirm')} data-testid="setup-password-confirm" />
          )}
        </Field>
        {general && <p className="form-error" role="alert">{general}</p>}
        <button className="btn primary auth-submit" type="submit" disabled={busy} data-testid="setup-submit">
          {busy ? 'Creating the account…' : 'Create the owner account'}
        </button>
      </form>
    </AuthLayout>
  );
}

function FirstKey({ apiKey }: { apiKey: string }) {
  const refresh = useSession((s) => s.refresh);
  const [busy, setBusy] = useState(false);
  return (
    <AuthLayout
      title="Your account is ready"
      subtitle="Here is your first API key, for scripts, the command line and other servers (send it as Authorization: Bearer KEY). You can create more keys, or revoke this one, under API keys."
    >
      <SecretReveal secret={apiKey} label="API key" testId="setup-api-key" />
      <button
        className="btn primary auth-submit"
        type="button"
        disabled={busy}
        data-testid="setup-continue"
        onClick={() => {
          setBusy(true);
          void refresh().finally(() => setBusy(false));
        }}
      >
        {busy ? 'Opening Tern…' : 'Continue to Tern'} <ArrowRight size={16} />
      </button>
    </AuthLayout>
  );
}
