// "New from template" on the workflows list against a fake of /api/templates: the gallery's cards,
// the category filter, and choosing one creates the workflow and opens it.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Template } from '../src/api/journeys.js';
import { WorkflowsPage } from '../src/pages/WorkflowsPage.js';
import { apiError, FakeServer, serveWorkflows, workflowView } from './pages-fake-server.js';
import { renderScreen } from './pages-render.js';

const template = (id: string, name: string, category: string, description: string, credentialTypes: string[] = []): Template => ({
  id, name, category, description, credentialTypes,
  workflow: {
    name,
    nodes: [
      { id: 'start', type: 'trigger.event', version: 1, position: { x: 0, y: 0 }, params: { event: 'user.signed_up' } },
      { id: 'mail', type: 'email.send', version: 1, position: { x: 240, y: 0 }, params: {} },
    ],
    edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'mail', targetPort: 'in' }],
    settings: { timezone: 'UTC' },
  },
});

const templates = [
  template('welcome-series', 'Welcome series', 'Onboarding', 'Email at sign-up, an SMS two days later if it was not opened'),
  template('abandoned-cart', 'Abandoned cart', 'E-commerce', 'A reminder with the cart’s items when no order follows within 4 hours'),
  template('birthday', 'Birthday greeting', 'Retention', 'A daily run over the contacts whose birthday it is'),
  template('win-back', 'Win back', 'Retention', 'An email to contacts gone quiet', ['smtp']),
];

function setup(use: (id: string) => ReturnType<typeof apiError> | { status: number; body: unknown }) {
  const server = new FakeServer();
  serveWorkflows(server, [workflowView('w1', 'Existing')]);
  server
    .on('GET', '/api/templates', () => ({ body: { items: templates } }))
    .on('GET', '/api/credentials', () => ({
      body: { items: [{ id: 'c1', type: 'smtp', name: 'Mailer', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }], total: 1, nextCursor: null },
    }))
    .on('POST', '/api/templates/:id/use', (req) => use(req.params.id!))
    .install();
  return { server, ...renderScreen(<WorkflowsPage />) };
}

describe('templates gallery', () => {
  it('shows the templates as cards and opens the workflow made from the chosen one', async () => {
    const { server, user } = setup((id) => ({ status: 201, body: workflowView('w9', templates.find((t) => t.id === id)!.name) }));
    await user.click(await screen.findByTestId('new-from-template'));
    const gallery = await screen.findByTestId('template-gallery');
    await within(gallery).findByTestId('template-welcome-series');
    const card = within(gallery).getByTestId('template-abandoned-cart');
    expect(card.textContent).toContain('E-commerce');
    expect(card.textContent).toContain('Abandoned cart');
    expect(card.textContent).toContain('no order follows within 4 hours');

    await user.click(screen.getByRole('button', { name: 'Retention' }));
    expect(within(gallery).queryByTestId('template-abandoned-cart')).toBeNull();
    expect(within(gallery).getByTestId('template-birthday')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'All' }));

    await user.click(within(gallery).getByTestId('template-abandoned-cart'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/workflows/w9'));
    expect(server.calls('POST', '/api/templates/abandoned-cart/use')).toHaveLength(1);
  });

  it('asks for the credential a template sends with before creating the workflow', async () => {
    const { server, user } = setup(() => ({ status: 201, body: workflowView('w7', 'Win back') }));
    await user.click(await screen.findByTestId('new-from-template'));
    await user.click(await screen.findByTestId('template-win-back'));
    const step = await screen.findByTestId('template-credentials');
    const create = screen.getByTestId('template-create') as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    expect(server.calls('POST', '/api/templates/win-back/use')).toHaveLength(0);

    const select = within(step).getByLabelText('SMTP (email)') as HTMLSelectElement;
    await waitFor(() => expect(within(select).queryByText(/Mailer/)).toBeTruthy());
    await user.selectOptions(select, 'c1');
    await user.click(create);
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/workflows/w7'));
    expect(server.calls('POST', '/api/templates/win-back/use').map((r) => r.body)).toEqual([{ credentials: { smtp: 'c1' } }]);
  });

  it('stays in the gallery and says why when the server refuses', async () => {
    const { user } = setup(() => apiError(500, 'internal', 'the database is locked'));
    await user.click(await screen.findByTestId('new-from-template'));
    await user.click(await screen.findByTestId('template-welcome-series'));
    expect(await screen.findByText(/the database is locked/)).toBeTruthy();
    expect(screen.getByTestId('template-gallery')).toBeTruthy();
    expect((screen.getByTestId('template-welcome-series') as HTMLButtonElement).disabled).toBe(false);
  });
});
