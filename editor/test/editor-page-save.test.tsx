import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setActive } from '../src/editor-page/activate.js';
import { saveWorkflow } from '../src/editor-page/save.js';
import { Toolbar } from '../src/editor-page/Toolbar.js';
import { ProblemsPanel } from '../src/runs/ProblemsPanel.js';
import { fakeServer, isolateEachTest, makeSession, renderWithSession, sampleWorkflow, toastTexts } from './editor-page-helpers.js';

const view = (version: number, extra: object = {}) => ({
  ...sampleWorkflow(), id: 'w1', active: false, version, activeVersion: null, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', ...extra,
});

const invalid = {
  status: 400,
  body: {
    error: {
      code: 'invalid_workflow',
      message: 'the workflow is invalid: node "hot" params.rules.0.value: must not be empty',
      details: [{ nodeId: 'hot', field: 'params.rules.0.value', message: 'must not be empty', code: 'too_small' }],
    },
  },
};

isolateEachTest();

describe('saving', () => {
  it('keeps the work on the canvas and says so when the server fails', async () => {
    fakeServer({ 'PUT /api/workflows/w1': () => ({ status: 500, body: { error: { code: 'internal', message: 'the database is locked' } } }) });
    const { session, store } = makeSession();
    store.getState().edit({ op: 'rename', name: 'Welcome series (new)' });
    store.getState().edit({ op: 'move', positions: { hot: { x: 400, y: 80 } } });
    const before = store.getState().workflow;
    renderWithSession(session, <Toolbar />);

    fireEvent.click(screen.getByTestId('save'));

    expect(await screen.findByText('Not saved: the database is locked. Your changes are still here.')).toBeTruthy();
    expect(store.getState().workflow).toBe(before);
    expect(store.getState().dirty).toBe(true);
    expect(store.getState().past).toHaveLength(2);
    expect(screen.getByTestId('save-state').textContent).toBe('Save failed');
  });

  it('lists the problems of a refused save by node name, and keeps the canvas as it was', async () => {
    fakeServer({ 'PUT /api/workflows/w1': () => invalid });
    const { session, store } = makeSession();
    store.getState().edit({ op: 'rename', name: 'Changed' });
    const before = store.getState().workflow;
    renderWithSession(session, <><Toolbar /><ProblemsPanel /></>);

    fireEvent.click(screen.getByTestId('save'));

    const problem = await screen.findByTestId('problem');
    expect(problem.textContent).toContain('Hot lead?');
    expect(problem.textContent).toContain('rules.0.value');
    expect(problem.textContent).toContain('must not be empty');
    expect(store.getState().panel).toBe('problems');
    expect(store.getState().workflow).toBe(before);
    expect(toastTexts()[0]).toContain('the workflow is invalid');

    // Choosing the problem opens its node in the inspector.
    fireEvent.click(problem.querySelector('button')!);
    expect([...store.getState().selectedNodes]).toEqual(['hot']);
    expect(store.getState().panel).toBe('inspector');
  });

  it('saves a change as a new version and says which', async () => {
    fakeServer({ 'PUT /api/workflows/w1': (body) => ({ status: 200, body: { ...view(4), ...(body as object) } }) });
    const { session, store, page } = makeSession();
    store.getState().edit({ op: 'rename', name: 'Renamed' });
    expect(await saveWorkflow(session)).toBe(true);
    expect(store.getState().dirty).toBe(false);
    expect(page.getState().meta?.version).toBe(4);
    expect(toastTexts()).toContain('Saved — version 4');
  });

  it('moves a new workflow to its own address after its first save', async () => {
    fakeServer({ 'POST /api/workflows': (body) => ({ status: 201, body: { ...view(1), ...(body as object), id: 'w9' } }) });
    const { session, store, navigate } = makeSession({ isNew: true });
    expect(await saveWorkflow(session)).toBe(true);
    expect(store.getState().workflowId).toBe('w9');
    expect(navigate).toHaveBeenCalledWith('/workflows/w9', { replace: true });
  });
});

describe('activating', () => {
  it('refuses a workflow with problems, in words, and leaves the switch off', async () => {
    const { calls } = fakeServer({
      'POST /api/workflows/validate': () => ({
        status: 200,
        body: {
          ok: false,
          problems: [
            { nodeId: 'hot', field: 'params.rules.0.value', message: 'must not be empty', code: 'too_small' },
            { nodeId: 'signup', field: 'params.path', message: 'is required', code: 'invalid_type' },
          ],
        },
      }),
      'POST /api/workflows/w1/activate': () => ({ status: 200, body: view(3, { active: true, activeVersion: 3 }) }),
    });
    const { session, store } = makeSession();
    renderWithSession(session, <Toolbar />);
    const toggle = screen.getByTestId('activate');

    fireEvent.click(toggle);

    await waitFor(() => expect(toastTexts()).toHaveLength(1));
    expect(toastTexts()[0]).toBe(
      'Fix 2 problems before activating: node "Hot lead?": rules.0.value: must not be empty; node "signup": path: is required',
    );
    expect(screen.getByText(/Fix 2 problems before activating/)).toBeTruthy();
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(store.getState().panel).toBe('problems');
    expect(store.getState().problems).toHaveLength(2);
    expect(calls).not.toContain('POST /api/workflows/w1/activate');
  });

  it('saves unsaved changes first, then activates', async () => {
    const { calls } = fakeServer({
      'POST /api/workflows/validate': () => ({ status: 200, body: { ok: true, problems: [] } }),
      'PUT /api/workflows/w1': () => ({ status: 200, body: view(4) }),
      'POST /api/workflows/w1/activate': () => ({ status: 200, body: view(4, { active: true, activeVersion: 4 }) }),
    });
    const { session, store, page } = makeSession();
    store.getState().edit({ op: 'rename', name: 'Ready' });
    await act(async () => {
      expect(await setActive(session, true)).toBe(true);
    });
    expect(calls.indexOf('PUT /api/workflows/w1')).toBeLessThan(calls.indexOf('POST /api/workflows/w1/activate'));
    expect(page.getState().meta?.active).toBe(true);
    expect(store.getState().dirty).toBe(false);
  });

  it('shows a route conflict in words and stays off', async () => {
    fakeServer({
      'POST /api/workflows/validate': () => ({ status: 200, body: { ok: true, problems: [] } }),
      'POST /api/workflows/w1/activate': () => ({
        status: 409,
        body: { error: { code: 'route_conflict', message: 'POST /webhook/signup is taken by the active workflow "Other" (w2)', details: [{ nodeId: 'signup', field: 'params.path', message: 'taken by the workflow "Other" (w2)' }] } },
      }),
    });
    const { session, store, page } = makeSession();
    expect(await setActive(session, true)).toBe(false);
    expect(page.getState().meta?.active).toBe(false);
    expect(toastTexts()[0]).toBe('Not activated: POST /webhook/signup is taken by the active workflow "Other" (w2)');
    expect(store.getState().problems[0]).toMatchObject({ nodeId: 'signup', field: 'params.path' });
  });
});
