import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExecutionView } from '../src/api/types.js';
import { Banners } from '../src/editor-page/Banners.js';
import { ExecutionsPanel } from '../src/runs/ExecutionsPanel.js';
import { RunPanel } from '../src/runs/RunPanel.js';
import { VersionsPanel } from '../src/runs/VersionsPanel.js';
import { fakeServer, makeSession, renderWithSession, resetToasts, sampleWorkflow, toastTexts } from './editor-page-helpers.js';

const record = (version: number) => ({
  ...sampleWorkflow(), id: 'w1', active: false, version, activeVersion: null, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
});

const execution = (id: string, status: ExecutionView['status'], extra: Partial<ExecutionView> = {}): ExecutionView => ({
  id, workflowId: 'w1', workflowVersion: 3, status, mode: 'manual', trigger: {}, contactId: null, error: null,
  startedAt: '2025-01-01T00:00:00Z', finishedAt: status === 'running' || status === 'waiting' ? null : '2025-01-01T00:00:02Z',
  steps: [
    { nodeId: 'signup', status: 'success', input: {}, output: { body: { email: 'ada@example.com' } }, error: null, attempt: 1, startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:00.010Z', port: 'out' },
  ],
  waits: [],
  ...extra,
});

beforeEach(() => {
  resetToasts();
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('Test run', () => {
  it('saves unsaved changes, runs the latest version with the sample payload, and shows the run', async () => {
    const runs: Array<{ body: unknown; query: string }> = [];
    const { calls } = fakeServer({
      'PUT /api/workflows/w1': () => ({ status: 200, body: record(4) }),
      'POST /api/workflows/w1/run': (body, url) => {
        runs.push({ body, query: url.search });
        return { status: 202, body: { executionId: 'x1' } };
      },
      'GET /api/executions/x1': () => ({ status: 200, body: execution('x1', 'success') }),
    });
    const { session, store, navigate } = makeSession();
    store.getState().edit({ op: 'rename', name: 'Edited' });
    renderWithSession(session, <RunPanel />);

    // A webhook trigger starts with a webhook-shaped example.
    const payload = screen.getByTestId('run-payload') as HTMLTextAreaElement;
    expect(JSON.parse(payload.value)).toEqual({ body: { email: 'ada@example.com', score: 72 }, query: {}, headers: {} });
    fireEvent.change(payload, { target: { value: '{"body": {"email": "grace@example.com"}}' } });
    fireEvent.click(screen.getByTestId('run-start'));

    await waitFor(() => expect(store.getState().execution?.status).toBe('success'));
    expect(calls.indexOf('PUT /api/workflows/w1')).toBeLessThan(calls.indexOf('POST /api/workflows/w1/run'));
    expect(runs).toEqual([{ body: { body: { email: 'grace@example.com' } }, query: '?version=latest&trigger=signup' }]);
    expect(navigate).toHaveBeenCalledWith('/workflows/w1/executions/x1');
    expect((await screen.findByTestId('run-status')).textContent).toBe('Success');
    expect(screen.getByTestId('run-step-signup')).toBeTruthy();
    // The payload is remembered for this workflow.
    expect(localStorage.getItem('tern.sample.w1')).toBe('{"body": {"email": "grace@example.com"}}');
  });

  it('refuses to run a payload that is not JSON, saying why', () => {
    fakeServer({});
    const { session } = makeSession();
    renderWithSession(session, <RunPanel />);
    fireEvent.change(screen.getByTestId('run-payload'), { target: { value: '{"body": ' } });
    expect(screen.getByText(/Not valid JSON/)).toBeTruthy();
    expect((screen.getByTestId('run-start') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('Executions', () => {
  it('lists executions, filters them by status, and opens one at its address', async () => {
    const queries: string[] = [];
    fakeServer({
      'GET /api/executions': (_b, url) => {
        queries.push(url.search);
        const items = url.searchParams.get('status') === 'error' ? [execution('x2', 'error')] : [execution('x1', 'success'), execution('x2', 'error')];
        return { status: 200, body: { items, total: items.length, nextCursor: null } };
      },
    });
    const { session, navigate } = makeSession();
    renderWithSession(session, <ExecutionsPanel />);
    const row = await screen.findByTestId('execution-row-x1');
    expect(within(row).getByTestId('execution-status').textContent).toBe('Success');
    fireEvent.change(screen.getByTestId('executions-filter'), { target: { value: 'error' } });
    await waitFor(() => expect(screen.queryByTestId('execution-row-x1')).toBeNull());
    expect(queries.at(-1)).toContain('status=error');
    fireEvent.click(screen.getByTestId('execution-row-x2'));
    expect(navigate).toHaveBeenCalledWith('/workflows/w1/executions/x2');
  });

  it('shows what a waiting execution waits for, the version it runs on, and cancels it', async () => {
    const waiting = execution('x3', 'waiting', {
      workflowVersion: 1,
      waits: [{ nodeId: 'hot', dueAt: '2026-11-24T09:00:00.000Z', eventType: null, createdAt: '2025-01-01T00:00:00Z' }],
    });
    fakeServer({
      'GET /api/executions': () => ({ status: 200, body: { items: [waiting], total: 1, nextCursor: null } }),
      'POST /api/executions/x3/cancel': () => ({ status: 200, body: { ...waiting, status: 'canceled', waits: [] } }),
    });
    const { session, store } = makeSession();
    store.getState().showExecution(waiting);
    renderWithSession(session, <ExecutionsPanel />, '/workflows/w1/executions/x3');

    expect(screen.getByTestId('execution-waits').textContent).toMatch(/^Waiting at Hot lead\? until \w{3} 24 Nov, \d\d:\d\d$/);
    expect(screen.getByTestId('execution-version-banner').textContent).toContain('This execution ran on version 1');
    fireEvent.click(screen.getByTestId('execution-cancel'));
    await waitFor(() => expect(store.getState().execution?.status).toBe('canceled'));
    expect(screen.queryByTestId('execution-cancel')).toBeNull();
    expect(toastTexts()).toContain('Execution canceled');
  });
});

describe('Versions', () => {
  const v1 = { ...record(1), name: 'First draft', nodes: [sampleWorkflow().nodes[0]!], edges: [] };

  beforeEach(() => {
    fakeServer({
      'GET /api/workflows/w1/versions': () => ({
        status: 200,
        body: { items: [1, 2, 3].map((version) => ({ workflowId: 'w1', version, createdAt: '2025-01-01T00:00:00Z' })), total: 3, nextCursor: null },
      }),
      'GET /api/workflows/w1/versions/1': () => ({ status: 200, body: v1 }),
    });
  });

  it('shows an old version read-only and goes back to the edits untouched', async () => {
    const { session, store, page } = makeSession();
    store.getState().edit({ op: 'rename', name: 'My edits' });
    renderWithSession(session, <><Banners /><VersionsPanel /></>);
    expect((await screen.findAllByTestId(/^version-row-/)).map((r) => r.dataset.testid)).toEqual(['version-row-3', 'version-row-2', 'version-row-1']);

    fireEvent.click(screen.getByTestId('version-view-1'));
    await waitFor(() => expect(store.getState().workflow.name).toBe('First draft'));
    expect(screen.getByTestId('viewing-banner').textContent).toContain('Viewing version 1 — read only');
    expect(page.getState().viewing?.version).toBe(1);
    expect(store.getState().edit({ op: 'rename', name: 'Sneaky' })).toContain('read only');
    expect(store.getState().workflow.name).toBe('First draft');

    fireEvent.click(screen.getByTestId('back-to-editing'));
    expect(store.getState().workflow.name).toBe('My edits');
    expect(store.getState().dirty).toBe(true);
    expect(screen.queryByTestId('viewing-banner')).toBeNull();
  });

  it('restores an old version as an undoable change to save', async () => {
    const { session, store } = makeSession();
    renderWithSession(session, <VersionsPanel />);
    fireEvent.click(await screen.findByTestId('version-restore-1'));
    await waitFor(() => expect(store.getState().workflow.name).toBe('First draft'));
    expect(store.getState().workflow.nodes.map((n) => n.id)).toEqual(['signup']);
    expect(store.getState().dirty).toBe(true);
    expect(toastTexts()).toContain('Version 1 restored — save to keep it');
    act(() => store.getState().undo());
    expect(store.getState().workflow.name).toBe('Welcome series');
  });
});
