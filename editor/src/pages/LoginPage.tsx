// Sign-in: email and password; the server's own words when it refuses.
import { type FormEvent, useState } from 'react';
import { useSession } from '../app/session.js';
import { AuthLayout } from './AuthLayout.js';
import { Field } from './list/Field.js';

export function LoginPage() {
  const login = useSession((s) => s.login);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email address and your password');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Sign in to Tern" subtitle="Use the owner account created when Tern was first set up.">
      <form className="stack auth-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Email">
          {(a) => (
            <input {...a} className="input" type="email" autoComplete="username" autoFocus value={email}
              onChange={(e) => setEmail(e.target.value)} data-testid="login-email" />
          )}
        </Field>
        <Field label="Password">
          {(a) => (
            <input {...a} className="input" type="password" autoComplete="current-password" value={password}
              onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
          )}
        </Field>
        {error && <p className="form-error" role="alert" data-testid="login-error">{error}</p>}
        <button className="btn primary auth-submit" type="submit" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
