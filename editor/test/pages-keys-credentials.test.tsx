// API keys and credentials screens against a fake of the server's routes.
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetCredentialTypesCache, type CredentialView } from '../src/api/credentials.js';
import { CredentialsPage } from '../src/pages/CredentialsPage.js';
import { KeysPage } from '../src/pages/KeysPage.js';
import { apiError, FakeServer } from './pages-fake-server.js';
import { renderScreen } from './pages-render.js';

describe('API keys', () => {
  it('creates an ingest key, shows its secret once, and keeps no secret in the list', async () => {
    const server = new FakeServer()
      .on('GET', '/api/keys', () => ({ body: { items: [], total: 0, nextCursor: null } }))
      .on('POST', '/api/keys', (req) => {
        const { name, scope } = req.body as { name: string; scope: string };
        if (!name?.trim()) return apiError(400, 'invalid_request', 'invalid request body: name: a key needs a name', [{ field: 'name', message: 'a key needs a name' }]);
        return { status: 201, body: { id: 'k1', name, scope, prefix: 'tern_abcdefg', createdAt: new Date().toISOString(), lastUsedAt: null, key: 'tern_abcdefg_secret' } };
      })
      .install();
    const { user } = renderScreen(<KeysPage />);
    expect(await screen.findByText('No API keys')).toBeTruthy();

    await user.type(screen.getByTestId('key-name'), 'Website tracking');
    await user.selectOptions(screen.getByTestId('key-scope'), 'ingest');
    expect(screen.getByText(/safe to embed in a website/)).toBeTruthy();
    await user.click(screen.getByTestId('key-create'));

    expect((await screen.findByTestId('key-secret')).textContent).toBe('tern_abcdefg_secret');
    expect(server.calls('POST', '/api/keys')[0]!.body).toEqual({ name: 'Website tracking', scope: 'ingest' });
    const listed = screen.getByTestId('key-row-k1');
    expect(listed.textContent).toContain('Ingest only');

    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('key-secret')).toBeNull();
    expect(document.body.textContent).not.toContain('tern_abcdefg_secret');
  });
});

describe('credentials', () => {
  const smtp: CredentialView = {
    id: 'c1', type: 'smtp', name: 'Mailgun', fields: { host: 'smtp.mailgun.org', port: 587, secure: false, user: 'postmaster' },
    secrets: ['password'], createdAt: '2025-01-01T10:00:00.000Z', updatedAt: '2025-01-01T10:00:00.000Z',
  };
  const types = [
    {
      type: 'smtp',
      fields: {
        type: 'object',
        properties: {
          host: { type: 'string', minLength: 1 }, port: { type: 'integer', minimum: 1, maximum: 65535 },
          secure: { type: 'boolean', default: false }, user: { type: 'string', default: '' }, password: { type: 'string', default: '' },
        },
        required: ['host', 'port'],
      },
      secret: ['password'],
    },
    {
      type: 'http_bearer',
      fields: { type: 'object', properties: { token: { type: 'string', minLength: 1 } }, required: ['token'] },
      secret: ['token'],
    },
  ];

  beforeEach(() => resetCredentialTypesCache());

  function credentialServer() {
    let stored = { ...smtp, password: 'old secret' };
    return new FakeServer()
      .on('GET', '/api/credentials', () => ({ body: { items: [smtp], total: 1, nextCursor: null } }))
      .on('GET', '/api/credential-types', () => ({ body: { items: types, total: types.length, nextCursor: null } }))
      // PUT as the server does it: non-secret fields replaced, a secret left out kept.
      .on('PUT', '/api/credentials/c1', (req) => {
        const { name, data } = req.body as { name?: string; data?: Record<string, unknown> };
        const { password = stored.password, ...fields } = data ?? {};
        stored = { ...stored, name: name ?? stored.name, fields, password: password as string, updatedAt: new Date().toISOString() };
        const { password: _hidden, ...view } = stored;
        return { body: view };
      })
      .on('POST', '/api/credentials', (req) => {
        const { type, name, data } = req.body as { type: string; name: string; data: Record<string, unknown> };
        if (typeof data.token !== 'string' || !data.token) {
          return apiError(400, 'invalid_request', 'invalid request body: data.token: must not be empty', [{ field: 'data.token', message: 'must not be empty' }]);
        }
        return { status: 201, body: { id: 'c2', type, name, fields: {}, secrets: ['token'], createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() } };
      })
      .install();
  }

  it('edits a credential without sending the secret left empty, so the server keeps it', async () => {
    const server = credentialServer();
    const { user } = renderScreen(<CredentialsPage />);
    await user.click(await screen.findByTestId('credential-edit-c1'));

    const dialog = await screen.findByRole('dialog', { name: 'Edit “Mailgun”' });
    const password = within(dialog).getByTestId('credential-field-password') as HTMLInputElement;
    expect(password.type).toBe('password');
    expect(password.value).toBe('');
    expect((within(dialog).getByTestId('credential-field-host') as HTMLInputElement).value).toBe('smtp.mailgun.org');
    const port = within(dialog).getByTestId('credential-field-port');
    await user.clear(port);
    await user.type(port, '2525');
    await user.click(within(dialog).getByTestId('credential-save'));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.calls('PUT', '/api/credentials/c1')[0]!.body).toEqual({
      name: 'Mailgun',
      data: { host: 'smtp.mailgun.org', port: 2525, secure: false, user: 'postmaster' },
    });
    expect(screen.getByTestId('toast-success').textContent).toContain('Saved “Mailgun”');
  });

  it('creates a credential from the type\'s form, checking required fields first', async () => {
    const server = credentialServer();
    const { user } = renderScreen(<CredentialsPage />);
    await user.click(await screen.findByTestId('new-credential'));
    const dialog = await screen.findByRole('dialog', { name: 'New credential' });
    await user.selectOptions(within(dialog).getByTestId('credential-type'), 'http_bearer');
    await user.type(within(dialog).getByTestId('credential-name'), 'Shop API');
    await user.click(within(dialog).getByTestId('credential-save'));

    expect(within(dialog).getByText('Required')).toBeTruthy();
    expect(server.calls('POST', '/api/credentials')).toHaveLength(0);

    const token = within(dialog).getByTestId('credential-field-token') as HTMLInputElement;
    expect(token.type).toBe('password');
    await user.type(token, 's3cret');
    await user.click(within(dialog).getByTestId('credential-save'));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.calls('POST', '/api/credentials')[0]!.body).toEqual({ type: 'http_bearer', name: 'Shop API', data: { token: 's3cret' } });
    expect(await screen.findByTestId('credential-row-c2')).toBeTruthy();
  });
});
