import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryRouter, Link, RouterProvider } from 'react-router';
import { useLeaveGuard } from '../src/editor-page/leave-guard.js';
import { ConfirmHost } from '../src/ui/dialog.js';

afterEach(cleanup);

const stays = (path: string) => path.startsWith('/workflows/w1');

function Editor({ dirty }: { dirty: boolean }) {
  useLeaveGuard(dirty, { stays });
  return (
    <div>
      <h1>Editor</h1>
      <Link to="/">Workflows</Link>
      <Link to="/workflows/w1/executions/x1">An execution</Link>
    </div>
  );
}

const routes = (dirty: boolean) => [
  { path: '/', element: <h1>List</h1> },
  { path: '/workflows/:id', element: <Editor dirty={dirty} /> },
  { path: '/workflows/:id/executions/:executionId', element: <Editor dirty={dirty} /> },
];

const withDataRouter = (dirty: boolean) =>
  render(
    <>
      <RouterProvider router={createMemoryRouter(routes(dirty), { initialEntries: ['/workflows/w1'] })} />
      <ConfirmHost />
    </>,
  );

describe('leaving with unsaved changes', () => {
  const mount = withDataRouter;
  it('asks first, and stays when the user cancels', async () => {
    mount(true);
    fireEvent.click(screen.getByText('Workflows'));
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    fireEvent.click(dialog.querySelector('button')!); // Cancel
    expect(screen.getByRole('heading').textContent).toBe('Editor');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('leaves when the user confirms', async () => {
    mount(true);
    fireEvent.click(screen.getByText('Workflows'));
    fireEvent.click(await screen.findByRole('button', { name: 'Leave' }));
    expect(await screen.findByRole('heading', { name: 'List' })).toBeTruthy();
  });

  it("does not ask when moving within the workflow's own addresses, or when all is saved", async () => {
    mount(true);
    fireEvent.click(screen.getByText('An execution'));
    expect(screen.queryByRole('dialog')).toBeNull();
    cleanup();
    mount(false);
    fireEvent.click(screen.getByText('Workflows'));
    expect(await screen.findByRole('heading', { name: 'List' })).toBeTruthy();
  });
});
