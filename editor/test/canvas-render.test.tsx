import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Canvas } from '../src/canvas/Canvas.js';
import { HelpPanel } from '../src/canvas/HelpPanel.js';
import { Palette } from '../src/canvas/Palette.js';
import { shortcuts } from '../src/canvas/shortcuts.js';
import { EditorStoreProvider, type EditorStore } from '../src/store/editor-store.js';
import { node, storeWith } from './canvas-fixtures.js';
import { stubCanvasMeasuring } from './editor-page-helpers.js';

stubCanvasMeasuring();
afterEach(cleanup);

function renderEditor(store: EditorStore, options: { readOnly?: boolean } = {}) {
  return render(
    <EditorStoreProvider store={store}>
      <ReactFlowProvider>
        <div style={{ display: 'flex', width: 1200, height: 800 }}>
          <Palette />
          <Canvas readOnly={options.readOnly} />
          <HelpPanel />
        </div>
      </ReactFlowProvider>
    </EditorStoreProvider>,
  );
}

const key = (init: KeyboardEventInit, target: EventTarget = document.body) =>
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  });

const sample = () =>
  storeWith({
    nodes: [node('hook', 'trigger.webhook', 0, 0, { path: 'x' }), node('check', 'logic.condition', 300, 0, { match: 'all', rules: [] }), node('ghost', 'vendor.thing', 600, 0)],
    edges: [{ id: 'e1', source: 'hook', sourcePort: 'out', target: 'check', targetPort: 'in' }],
  });

describe('the canvas', () => {
  it('renders each node with its ports as handles, no input on a trigger, and warns about unknown types', () => {
    renderEditor(sample());
    const hook = screen.getByTestId('node-hook');
    const check = screen.getByTestId('node-check');
    expect(hook.querySelector('[data-handleid="in"]')).toBeNull();
    expect(hook.querySelector('[data-handleid="out"]')).not.toBeNull();
    expect([...check.querySelectorAll('.react-flow__handle-right')].map((h) => h.getAttribute('data-handleid'))).toEqual(['true', 'false']);
    expect(within(check).getByText('true')).toBeTruthy();
    expect(within(screen.getByTestId('node-ghost')).getByText(/Unknown node type vendor\.thing@1/)).toBeTruthy();
  });

  it('shows the status of the run shown, with the error message, and the problems of each node', () => {
    const store = sample();
    renderEditor(store);
    act(() => {
      store.getState().showExecution({
        id: 'x1', workflowId: 'w1', workflowVersion: 1, status: 'error', mode: 'test', trigger: {}, contactId: null, error: null,
        startedAt: '2026-01-01T00:00:00Z', finishedAt: null, waits: [],
        steps: [
          { nodeId: 'hook', status: 'success', input: null, output: {}, error: null, attempt: 1, startedAt: null, finishedAt: null, port: 'out' },
          { nodeId: 'check', status: 'error', input: null, output: null, error: { message: 'field is missing' }, attempt: 1, startedAt: null, finishedAt: null, port: null },
        ],
      });
      store.getState().setProblems([{ nodeId: 'check', field: 'params.rules', message: 'needs a rule', code: 'x' }]);
    });
    expect(screen.getByTestId('node-hook').dataset.status).toBe('success');
    const check = screen.getByTestId('node-check');
    expect(check.dataset.status).toBe('error');
    expect(check.getAttribute('title')).toBe('field is missing');
    expect(within(check).getByText('field is missing')).toBeTruthy();
    expect(screen.getByTestId('node-problems-check').getAttribute('title')).toContain('needs a rule');
  });

  it('invites the user to start when the workflow is empty', () => {
    renderEditor(storeWith());
    expect(screen.getByTestId('canvas-empty').textContent).toContain('Drag a trigger from the left to start');
  });

  it('deletes the selection with Delete as one undo step, and undoes with Ctrl+Z', () => {
    const store = sample();
    renderEditor(store);
    act(() => store.getState().select({ nodes: ['check'] }));
    key({ key: 'Delete' });
    expect(store.getState().workflow.nodes.map((n) => n.id)).toEqual(['hook', 'ghost']);
    expect(store.getState().workflow.edges).toEqual([]);
    expect(screen.queryByTestId('node-check')).toBeNull();
    key({ key: 'z', ctrlKey: true });
    expect(store.getState().workflow.nodes.map((n) => n.id)).toEqual(['hook', 'check', 'ghost']);
    key({ key: 'Z', ctrlKey: true, shiftKey: true });
    expect(store.getState().workflow.nodes).toHaveLength(2);
  });

  it('leaves keys alone while the user types in a field', () => {
    const store = sample();
    renderEditor(store);
    act(() => store.getState().select({ nodes: ['check'] }));
    key({ key: 'Backspace' }, screen.getByTestId('palette-search'));
    key({ key: 'a', ctrlKey: true }, screen.getByTestId('palette-search'));
    expect(store.getState().workflow.nodes).toHaveLength(3);
    expect([...store.getState().selectedNodes]).toEqual(['check']);
  });

  it('changes nothing when read-only', () => {
    const store = sample();
    renderEditor(store, { readOnly: true });
    act(() => store.getState().select({ nodes: ['check'] }));
    key({ key: 'Delete' });
    key({ key: 'n' });
    expect(store.getState().workflow.nodes).toHaveLength(3);
    expect(store.getState().workflow.stickyNotes ?? []).toHaveLength(0);
  });

  it('adds a sticky note with N, ready to write in, and saves its text', () => {
    const store = sample();
    renderEditor(store);
    key({ key: 'n' });
    const note = store.getState().workflow.stickyNotes![0]!;
    const editor = within(screen.getByTestId(`note-${note.id}`)).getByLabelText('Note text');
    fireEvent.change(editor, { target: { value: 'Send only on weekdays' } });
    fireEvent.blur(editor);
    expect(store.getState().workflow.stickyNotes![0]!.text).toBe('Send only on weekdays');
  });
});

describe('the browser clipboard events', () => {
  const clipboardEvent = (type: 'copy' | 'paste', text = '') => {
    const data = new DataTransfer();
    if (text) data.setData('text/plain', text);
    return new ClipboardEvent(type, { bubbles: true, cancelable: true, clipboardData: data });
  };

  it('copies the selection as JSON on the browser\'s copy event', () => {
    const store = sample();
    renderEditor(store);
    act(() => store.getState().select({ nodes: ['hook', 'check'] }));
    const event = clipboardEvent('copy');
    act(() => void document.body.dispatchEvent(event));
    expect(event.defaultPrevented).toBe(true);
    const fragment = JSON.parse(event.clipboardData!.getData('text/plain'));
    expect(fragment.nodes.map((n: { id: string }) => n.id)).toEqual(['hook', 'check']);
    expect(fragment.edges).toHaveLength(1);
  });

  it('pastes a fragment from the browser\'s paste event, but not into a field', () => {
    const store = sample();
    renderEditor(store);
    const text = JSON.stringify({ tern: 'fragment', nodes: [node('check', 'logic.condition', 300, 0)], edges: [] });
    act(() => void screen.getByTestId('palette-search').dispatchEvent(clipboardEvent('paste', text)));
    expect(store.getState().workflow.nodes).toHaveLength(3);
    act(() => void document.body.dispatchEvent(clipboardEvent('paste', text)));
    expect(store.getState().workflow.nodes.map((n) => n.id)).toEqual(['hook', 'check', 'ghost', 'check_2']);
    expect([...store.getState().selectedNodes]).toEqual(['check_2']);
  });
});

describe('the help panel', () => {
  it('opens with ? and lists every shortcut of the table', () => {
    const store = sample();
    renderEditor(store);
    expect(screen.queryByTestId('help-panel')).toBeNull();
    key({ key: '?', shiftKey: true });
    const panel = screen.getByTestId('help-panel');
    for (const s of shortcuts) {
      expect(within(panel).getByText(s.label)).toBeTruthy();
      expect(within(panel).getByTestId(`help-shortcut-${s.id}`).querySelectorAll('kbd').length).toBeGreaterThanOrEqual(s.combos.length);
    }
    key({ key: '?', shiftKey: true }, panel);
    expect(screen.queryByTestId('help-panel')).toBeNull();
  });
});

describe('the palette', () => {
  it('groups the catalogue by category, triggers first', () => {
    renderEditor(storeWith());
    const titles = [...screen.getByTestId('palette').querySelectorAll('h3')].map((h) => h.textContent);
    expect(titles).toEqual(['Triggers', 'Logic', 'Flow', 'Data', 'HTTP', 'Email', 'SMS', 'CRM']);
    expect(within(screen.getByTestId('palette-item-logic.condition')).getByText('Condition')).toBeTruthy();
  });

  it('filters by title, type and description', () => {
    renderEditor(storeWith());
    fireEvent.change(screen.getByTestId('palette-search'), { target: { value: 'webhook' } });
    const items = [...screen.getByTestId('palette').querySelectorAll('[data-testid^="palette-item-"]')].map((i) => i.getAttribute('data-testid'));
    expect(items).toContain('palette-item-trigger.webhook');
    expect(items).not.toContain('palette-item-logic.condition');
    fireEvent.change(screen.getByTestId('palette-search'), { target: { value: 'zzz nothing' } });
    expect(screen.getByTestId('palette').textContent).toContain('No node matches');
  });

  it('adds a clicked item after the selected node, connected', () => {
    const store = sample();
    renderEditor(store);
    act(() => store.getState().select({ nodes: ['check'] }));
    fireEvent.click(screen.getByTestId('palette-item-data.set'));
    expect(store.getState().workflow.edges.at(-1)).toMatchObject({ source: 'check', sourcePort: 'true', target: 'set' });
    expect(screen.getByTestId('node-set')).toBeTruthy();
  });
});
