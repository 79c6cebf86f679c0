import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExecutionView } from '../src/api/types.js';
import { DataTable } from '../src/runs/DataTable.js';
import { DataTree } from '../src/runs/DataTree.js';
import { waitText } from '../src/runs/format.js';
import { NodeRunData } from '../src/runs/NodeRunData.js';
import { createEditorStore, EditorStoreProvider } from '../src/store/editor-store.js';
import { catalogue, sampleWorkflow } from './editor-page-helpers.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('DataTree', () => {
  const data = { body: { email: 'ada@example.com', tags: ['vip', 'eu'] }, score: 72, ok: true, note: null };

  it('folds objects and arrays shut and open', () => {
    render(<DataTree value={data} rootPath="steps.signup" openDepth={1} />);
    const tree = screen.getByTestId('data-tree');
    expect(within(tree).getByText('score')).toBeTruthy();
    expect(within(tree).getByText('72')).toBeTruthy();
    // `body` is one level down: shown shut, its keys hidden.
    expect(within(tree).queryByText('email')).toBeNull();
    const toggle = within(tree).getByRole('button', { name: 'Expand body' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(within(tree).getByText('email')).toBeTruthy();
    expect(within(tree).getByText(/ada@example\.com/)).toBeTruthy();
    fireEvent.click(within(tree).getByRole('button', { name: 'Collapse body' }));
    expect(within(tree).queryByText('email')).toBeNull();
    // Collapsing the root hides everything under it.
    fireEvent.click(within(tree).getByRole('button', { name: 'Collapse steps.signup' }));
    expect(within(tree).queryByText('score')).toBeNull();
  });

  it('copies the template path of a value', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    render(<DataTree value={data} rootPath="steps.signup" />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy path steps.signup.body.email' }));
    fireEvent.click(screen.getByRole('button', { name: 'Expand tags' }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy path steps.signup.body.tags[1]' }));
    expect(writeText).toHaveBeenCalledWith('steps.signup.body.email');
    expect(writeText).toHaveBeenCalledWith('steps.signup.body.tags[1]');
  });

  it('cuts long strings short, with a way to see them whole', () => {
    const long = 'x'.repeat(500);
    render(<DataTree value={{ html: long }} />);
    expect(screen.queryByText(long, { exact: false })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'show all 500 characters' }));
    expect(screen.getByText(long, { exact: false })).toBeTruthy();
  });
});

describe('DataTable', () => {
  it('shows a list of objects with one column per key', () => {
    render(<DataTable value={[{ email: 'ada@example.com', score: 72 }, { email: 'bob@example.com', plan: 'pro' }]} />);
    const table = screen.getByTestId('data-table');
    const headers = within(table).getAllByRole('columnheader').map((th) => th.textContent);
    expect(headers).toEqual(['#', 'email', 'score', 'plan']);
    const rows = within(table).getAllByRole('row').slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['0', 'ada@example.com', '72', ''],
      ['1', 'bob@example.com', '', 'pro'],
    ]);
  });

  it('shows an object as key/value rows', () => {
    render(<DataTable value={{ status: 200, body: { ok: true } }} />);
    const rows = within(screen.getByTestId('data-table')).getAllByRole('row').slice(1).map((tr) => tr.textContent);
    expect(rows).toEqual(['status200', 'body{"ok":true}']);
  });
});

describe('NodeRunData', () => {
  const view: ExecutionView = {
    id: 'x1', workflowId: 'w1', workflowVersion: 1, status: 'error', mode: 'manual', trigger: {}, contactId: null,
    error: { message: 'rules.0.value: expected a number', nodeId: 'hot' }, startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:01Z',
    steps: [
      { nodeId: 'signup', status: 'success', input: { body: { email: 'ada@example.com' } }, output: { body: { email: 'ada@example.com' } }, error: null, attempt: 1, startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:00.050Z', port: 'out' },
      { nodeId: 'hot', status: 'error', input: { body: { email: 'ada@example.com' } }, output: null, error: { message: 'rules.0.value: expected a number' }, attempt: 2, startedAt: '2025-01-01T00:00:00.050Z', finishedAt: '2025-01-01T00:00:00.100Z', port: null },
    ],
    waits: [],
  };
  const setup = (withRun: boolean, nodeId: string) => {
    const store = createEditorStore();
    store.getState().setCatalogue(catalogue);
    store.getState().load('w1', { ...sampleWorkflow(), nodes: [...sampleWorkflow().nodes, { id: 'tag', type: 'data.set', version: 1, position: { x: 0, y: 0 }, params: {} }] });
    if (withRun) store.getState().showExecution(view);
    render(<EditorStoreProvider store={store}><NodeRunData nodeId={nodeId} /></EditorStoreProvider>);
  };

  it('asks for a run when there is none', () => {
    setup(false, 'hot');
    expect(screen.getByTestId('node-run-data').textContent).toContain("Run the workflow to see this node's data");
  });

  it('says when the node did not run in the execution shown', () => {
    setup(true, 'tag');
    expect(screen.getByTestId('node-run-data').textContent).toContain('This node did not run in this execution');
  });

  it('shows the error, the attempt, and the input as a tree or a table', () => {
    setup(true, 'hot');
    expect(screen.getByRole('alert').textContent).toBe('rules.0.value: expected a number');
    expect(screen.getByText('attempt 2')).toBeTruthy();
    expect(screen.getByTestId('node-run-output').textContent).toContain('No output');
    fireEvent.click(screen.getByRole('tab', { name: 'Input' }));
    const input = screen.getByTestId('node-run-input');
    expect(within(input).getByTestId('data-tree').textContent).toContain('ada@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Table' }));
    expect(within(screen.getByTestId('node-run-input')).getByTestId('data-table').textContent).toContain('body');
  });
});

describe('waiting executions', () => {
  const name = (id: string) => (id === 'delay_1' ? 'Wait a day' : id);
  it('name the node and the time they wait until', () => {
    const text = waitText({ nodeId: 'delay_1', dueAt: '2026-11-24T09:00:00.000Z', eventType: null, createdAt: '' }, name, { timeZone: 'UTC' });
    expect(text).toBe('Waiting at Wait a day until Tue 24 Nov, 09:00');
  });
  it('name the event they wait for, and until when at most', () => {
    expect(waitText({ nodeId: 'opened', dueAt: null, eventType: 'email.opened', createdAt: '' }, name)).toBe('Waiting at opened for event email.opened');
    expect(waitText({ nodeId: 'opened', dueAt: '2026-11-24T09:00:00.000Z', eventType: 'email.opened', createdAt: '' }, name, { timeZone: 'UTC' }))
      .toBe('Waiting at opened for event email.opened, at most until Tue 24 Nov, 09:00');
  });
});
