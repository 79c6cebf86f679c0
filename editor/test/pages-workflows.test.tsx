// The workflows list against a fake of the server's workflow routes: search, delete with
// confirmation, export, duplicate, activation feedback, import problems, empty state.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkflowView } from '../src/api/types.js';
import { forgetLastRuns } from '../src/pages/WorkflowsLastRun.js';
import { WorkflowsPage } from '../src/pages/WorkflowsPage.js';
import { apiError, FakeServer, serveWorkflows, workflowView } from './pages-fake-server.js';
import { renderScreen } from './pages-render.js';

const welcome = workflowView('w1', 'Welcome series', {
  description: 'Greets every sign-up',
  active: true,
  activeVersion: 3,
  version: 3,
  nodes: [
    { id: 'signup', type: 'trigger.webhook', version: 1, position: { x: 0, y: 0 }, params: { path: 'signup' } },
    { id: 'tag', type: 'data.set', version: 1, position: { x: 240, y: 0 }, params: { values: { welcomed: true } } },
  ],
  edges: [{ id: 'e1', source: 'signup', sourcePort: 'out', target: 'tag', targetPort: 'in' }],
  stickyNotes: [{ id: 'n1', text: 'Sends the welcome email', position: { x: 0, y: 120 }, width: 240, height: 140, color: 'yellow' }],
});
const winBack = workflowView('w2', 'Win-back');
const followUp = workflowView('w3', 'Order follow-up');

function setup(workflows: WorkflowView[] = [welcome, winBack, followUp]) {
  const server = new FakeServer();
  const store = serveWorkflows(server, workflows, {
    w1: {
      id: 'x1', workflowId: 'w1', workflowVersion: 3, status: 'error', mode: 'webhook', trigger: {}, contactId: null,
      error: { message: 'boom' }, startedAt: new Date(Date.now() - 5 * 60_000).toISOString(), finishedAt: null,
    },
  });
  server.install();
  const rendered = renderScreen(<WorkflowsPage />);
  return { server, store, ...rendered };
}

const row = (id: string) => screen.queryByTestId(`workflow-row-${id}`);

async function openMenu(user: ReturnType<typeof setup>['user'], id: string, item: string) {
  await user.click(screen.getByTestId(`workflow-menu-${id}`));
  await user.click(await screen.findByTestId(item));
}

beforeEach(() => forgetLastRuns());

describe('workflows list', () => {
  it('lists the workflows with their last run, and filters them by name', async () => {
    const { user } = setup();
    await screen.findByTestId('workflow-row-w1');
    expect(within(row('w1')!).getByRole('link', { name: 'Welcome series' }).getAttribute('href')).toBe('/workflows/w1');
    expect(await within(row('w1')!).findByText('Error')).toBeTruthy();
    expect(await within(row('w2')!).findByText('Never run')).toBeTruthy();

    await user.type(screen.getByTestId('workflow-search'), 'WIN');
    expect(row('w2')).not.toBeNull();
    expect(row('w1')).toBeNull();
    expect(row('w3')).toBeNull();

    await user.clear(screen.getByTestId('workflow-search'));
    await user.type(screen.getByTestId('workflow-search'), 'nothing like it');
    expect(screen.getByTestId('workflows-no-match').textContent).toContain('“nothing like it”');
    await user.click(screen.getByRole('button', { name: 'Clear the search' }));
    expect(row('w1')).not.toBeNull();
    expect(row('w3')).not.toBeNull();
  });

  it('deletes a workflow only after the user confirms, naming it in the question', async () => {
    const { user, server } = setup();
    await screen.findByTestId('workflow-row-w2');

    await openMenu(user, 'w2', 'menu-delete');
    const question = await screen.findByRole('dialog', { name: 'Delete this workflow?' });
    expect(question.textContent).toContain('Win-back');
    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(server.calls('DELETE', '/api/workflows/w2')).toHaveLength(0);
    expect(row('w2')).not.toBeNull();

    await openMenu(user, 'w2', 'menu-delete');
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete workflow' }));
    await waitFor(() => expect(row('w2')).toBeNull());
    expect(server.calls('DELETE', '/api/workflows/w2')).toHaveLength(1);
    expect(screen.getByTestId('toast-success').textContent).toContain('Deleted “Win-back”');
  });

  it('exports the workflow JSON alone, as <name>.json', async () => {
    const { user } = setup();
    await screen.findByTestId('workflow-row-w1');
    let blob: Blob | null = null;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:export';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });

    await openMenu(user, 'w1', 'menu-export');

    expect(downloads).toEqual(['Welcome series.json']);
    const exported = JSON.parse(await blob!.text()) as Record<string, unknown>;
    expect(Object.keys(exported).sort()).toEqual(['description', 'edges', 'name', 'nodes', 'settings', 'stickyNotes']);
    expect(exported).toMatchObject({ name: 'Welcome series', nodes: welcome.nodes, edges: welcome.edges, stickyNotes: welcome.stickyNotes });
  });

  it('duplicates a workflow as "Copy of …" and lists the copy', async () => {
    const { user, server } = setup();
    await screen.findByTestId('workflow-row-w1');

    await openMenu(user, 'w1', 'menu-duplicate');

    await waitFor(() => expect(server.calls('POST', '/api/workflows')).toHaveLength(1));
    const body = server.calls('POST', '/api/workflows')[0]!.body as Record<string, unknown>;
    expect(body.name).toBe('Copy of Welcome series');
    expect(body.nodes).toEqual(welcome.nodes);
    expect(body).not.toHaveProperty('id');
    expect(body).not.toHaveProperty('active');
    const copy = await screen.findByRole('link', { name: 'Copy of Welcome series' });
    expect(copy.getAttribute('href')).toBe('/workflows/new1');
  });

  it('renames through a dialog, saving the whole definition under the new name', async () => {
    const { user, server, store } = setup();
    await screen.findByTestId('workflow-row-w1');
    await openMenu(user, 'w1', 'menu-rename');
    const input = await screen.findByTestId('rename-input');
    await user.clear(input);
    await user.type(input, 'Welcome journey{Enter}');

    expect(await screen.findByRole('link', { name: 'Welcome journey' })).toBeTruthy();
    const body = server.calls('PUT', '/api/workflows/w1')[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ name: 'Welcome journey', nodes: welcome.nodes, edges: welcome.edges });
    expect(store.get('w1')!.version).toBe(4);
  });

  it('reverts the active switch and shows the server\'s reason when activation is refused', async () => {
    const { user, server } = setup();
    server.on('POST', '/api/workflows/w2/activate', () =>
      apiError(409, 'route_conflict', 'POST /webhook/signup is taken by the active workflow "Welcome series" (w1)'));
    const toggle = await screen.findByTestId('workflow-active-w2');
    expect(toggle.getAttribute('aria-checked')).toBe('false');

    await user.click(toggle);

    expect((await screen.findByTestId('toast-error')).textContent).toContain('is taken by the active workflow "Welcome series"');
    expect(toggle.getAttribute('aria-checked')).toBe('false');
  });

  it('explains in words why an imported file was refused', async () => {
    const { server } = setup();
    await screen.findByTestId('workflow-row-w1');
    const file = new File([JSON.stringify({ name: 'No trigger', nodes: [], edges: [] })], 'no-trigger.json', { type: 'application/json' });
    fireEvent.change(screen.getByTestId('import-workflow-file'), { target: { files: [file] } });

    const dialog = await screen.findByRole('dialog', { name: 'The workflow was not imported' });
    expect(within(dialog).getByTestId('import-problems').textContent).toContain('A workflow needs a trigger node to start it');
    expect(server.calls('POST', '/api/workflows')).toHaveLength(1);
    expect(row('new1')).toBeNull();
  });

  it('tells what a workflow is when there is none, and starts a new one in the editor', async () => {
    const { user, server } = setup([]);
    const empty = await screen.findByTestId('workflows-empty');
    expect(empty.textContent).toContain('A workflow is an automation');
    expect(screen.queryByTestId('workflow-search')).toBeNull();

    await user.click(within(empty).getByTestId('new-workflow'));
    expect(screen.getByTestId('location').textContent).toBe('/workflows/new');
    expect(server.calls('POST', '/api/workflows')).toHaveLength(0);
  });
});
