// First run and sign-in screens against a fake of the server's auth routes.
import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useSession } from '../src/app/session.js';
import { LoginPage } from '../src/pages/LoginPage.js';
import { SetupPage } from '../src/pages/SetupPage.js';
import { apiError, FakeServer } from './pages-fake-server.js';
import { renderScreen } from './pages-render.js';

const MIN_PASSWORD = 8;

/** The auth routes as the server answers them: one owner, a session after setup or login. */
function authServer() {
  let owner: { email: string; password: string } | null = null;
  let signedIn = false;
  const server = new FakeServer()
    .on('GET', '/api/setup', () => ({ body: { needed: owner === null } }))
    .on('POST', '/api/setup', (req) => {
      const { email, password } = req.body as { email?: string; password?: string };
      const details = [];
      if (!email?.includes('@')) details.push({ field: 'email', message: 'must be an email address' });
      if (!password || password.length < MIN_PASSWORD) details.push({ field: 'password', message: `must be at least ${MIN_PASSWORD} characters long` });
      if (details.length) return apiError(400, 'invalid_request', `invalid request body: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
      if (owner) return apiError(409, 'already_set_up', 'Tern is set up already: sign in with the owner account');
      owner = { email: email!, password: password! };
      signedIn = true;
      return { status: 201, body: { apiKey: 'tern_first_key_123' } };
    })
    .on('POST', '/api/login', (req) => {
      const { email, password } = req.body as { email: string; password: string };
      if (!owner || owner.email !== email || owner.password !== password) return apiError(401, 'invalid_credentials', 'wrong email or password');
      signedIn = true;
      return { body: { ok: true } };
    })
    .on('GET', '/api/me', () => (signedIn && owner ? { body: { email: owner.email, via: 'session' } } : apiError(401, 'unauthorized', 'sign in')))
    .install();
  return { server, setOwner: (email: string, password: string) => (owner = { email, password }) };
}

beforeEach(() => useSession.setState({ status: 'setup', email: null, error: null }));

describe('first-run setup', () => {
  it('refuses mismatching passwords without asking the server', async () => {
    const { server } = authServer();
    const { user } = renderScreen(<SetupPage />);
    await user.type(screen.getByTestId('setup-email'), 'owner@example.com');
    await user.type(screen.getByTestId('setup-password'), 'correct horse');
    await user.type(screen.getByTestId('setup-password-confirm'), 'correct hose');
    await user.click(screen.getByTestId('setup-submit'));

    expect(await screen.findByText('The two passwords do not match')).toBeTruthy();
    expect(screen.getByTestId('setup-password-confirm').getAttribute('aria-invalid')).toBe('true');
    expect(server.calls('POST', '/api/setup')).toHaveLength(0);
  });

  it('shows the server\'s password rule under the password', async () => {
    authServer();
    const { user } = renderScreen(<SetupPage />);
    await user.type(screen.getByTestId('setup-email'), 'owner@example.com');
    await user.type(screen.getByTestId('setup-password'), 'short');
    await user.type(screen.getByTestId('setup-password-confirm'), 'short');
    await user.click(screen.getByTestId('setup-submit'));

    expect(await screen.findByText('must be at least 8 characters long')).toBeTruthy();
    expect(screen.queryByTestId('setup-api-key')).toBeNull();
  });

  it('shows the API key once after creating the owner, then enters the app', async () => {
    const { server } = authServer();
    const { user } = renderScreen(<SetupPage />);
    await user.type(screen.getByTestId('setup-email'), 'owner@example.com');
    await user.type(screen.getByTestId('setup-password'), 'correct horse');
    await user.type(screen.getByTestId('setup-password-confirm'), 'correct horse');
    await user.click(screen.getByTestId('setup-submit'));

    expect((await screen.findByTestId('setup-api-key')).textContent).toBe('tern_first_key_123');
    expect(server.calls('POST', '/api/setup')[0]!.body).toEqual({ email: 'owner@example.com', password: 'correct horse' });
    // The key stays on screen until the user chooses to go on.
    expect(useSession.getState().status).toBe('setup');

    await user.click(screen.getByTestId('setup-continue'));
    await waitFor(() => expect(useSession.getState().status).toBe('ready'));
    expect(useSession.getState().email).toBe('owner@example.com');
  });
});

describe('sign-in', () => {
  beforeEach(() => useSession.setState({ status: 'login', email: null, error: null }));

  it('shows the server\'s message when the password is wrong, and signs in with Enter', async () => {
    const { setOwner } = authServer();
    setOwner('owner@example.com', 'correct horse');
    const { user } = renderScreen(<LoginPage />);
    await user.type(screen.getByTestId('login-email'), 'owner@example.com');
    await user.type(screen.getByTestId('login-password'), 'wrong horse');
    await user.click(screen.getByTestId('login-submit'));

    expect((await screen.findByRole('alert')).textContent).toBe('wrong email or password');
    expect(useSession.getState().status).toBe('login');

    await user.clear(screen.getByTestId('login-password'));
    await user.type(screen.getByTestId('login-password'), 'correct horse{Enter}');
    await waitFor(() => expect(useSession.getState().status).toBe('ready'));
  });
});
