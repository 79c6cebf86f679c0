import type { Workflow } from '@tern/shared';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { Profiler } from 'react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Inspector } from '../src/inspector/Inspector.js';
import { createEditorStore, EditorStoreProvider, type EditorStore } from '../src/store/editor-store.js';
import { catalogue } from './inspector-fixtures.js';

const workflow: Workflow = {
  name: 'Leads',
  nodes: [
    { id: 'signup', type: 'trigger.webhook', version: 1, position: { x: 0, y: 0 }, params: { path: 'signup' } },
    { id: 'lookup', type: 'http.request', version: 1, position: { x: 200, y: 0 }, params: { url: 'https://crm.example.com' } },
    { id: 'hot', type: 'logic.condition', version: 1, position: { x: 400, y: 0 }, params: { match: 'all', rules: [{ field: 'trigger.body.score', op: 'gt', value: 'x' }] } },
    { id: 'tag', type: 'data.set', version: 1, position: { x: 600, y: 0 }, params: { values: { tier: 'gold' } } },
  ],
  edges: [
    { id: 'e1', source: 'signup', sourcePort: 'out', target: 'lookup', targetPort: 'in' },
    { id: 'e2', source: 'lookup', sourcePort: 'out', target: 'hot', targetPort: 'in' },
    { id: 'e3', source: 'hot', sourcePort: 'true', target: 'tag', targetPort: 'in' },
  ],
  settings: { timezone: 'UTC' },
};

function setup(selected: string[] = []) {
  const store = createEditorStore();
  store.getState().setCatalogue(catalogue);
  store.getState().load('w1', workflow);
  store.getState().select({ nodes: selected });
  render(
    <EditorStoreProvider store={store}>
      <Inspector />
    </EditorStoreProvider>,
  );
  return store;
}

const nodeOf = (store: EditorStore, id: string) => store.getState().workflow.nodes.find((n) => n.id === id)!;

afterEach(cleanup);

describe('Inspector', () => {
  it('says what to do when no node is selected', () => {
    const store = setup();
    expect(screen.getByText('Select a node to configure it')).toBeTruthy();
    expect(screen.getByText(/Double-click a node on the canvas, or select it and press Enter/)).toBeTruthy();
    act(() => store.getState().select({ nodes: ['hot', 'tag'] }));
    expect(screen.getByText('2 nodes selected')).toBeTruthy();
    act(() => store.getState().select({ nodes: ['hot'] }));
    expect(screen.getByRole('heading', { name: 'Condition' })).toBeTruthy();
  });

  it('edits the settings every node has', async () => {
    const user = userEvent.setup();
    const store = setup(['tag']);
    expect(screen.getByRole('heading', { name: 'Set fields' })).toBeTruthy();
    expect((screen.getByTestId('inspector-id') as HTMLInputElement).value).toBe('tag');
    expect(screen.getByText('{{ steps.tag }}')).toBeTruthy();

    await user.type(screen.getByTestId('inspector-name'), 'Gold tier');
    await user.click(screen.getByTestId('inspector-disabled'));
    await user.click(within(screen.getByTestId('inspector-retry')).getByRole('switch'));
    await user.clear(screen.getByLabelText('Attempts in all'));
    await user.type(screen.getByLabelText('Attempts in all'), '5');
    await user.clear(screen.getByLabelText('First wait (seconds)'));
    await user.type(screen.getByLabelText('First wait (seconds)'), '2.5');
    await user.type(screen.getByTestId('inspector-notes'), 'For VIPs');
    expect(nodeOf(store, 'tag')).toMatchObject({ name: 'Gold tier', disabled: true, retry: { attempts: 5, delayMs: 2500 }, notes: 'For VIPs' });

    await user.clear(screen.getByLabelText('Attempts in all'));
    await user.type(screen.getByLabelText('Attempts in all'), '11');
    expect(screen.getByText('must be a whole number from 1 to 10')).toBeTruthy();
    expect(nodeOf(store, 'tag').retry?.attempts).toBe(1);
  });

  it('writes params to the node, one undo step per field edited', async () => {
    const user = userEvent.setup();
    const store = setup(['tag']);
    const before = store.getState().past.length;
    await user.click(screen.getByRole('button', { name: 'Add entry' }));
    await user.type(screen.getByLabelText('Values: name 2'), 'plan');
    await user.type(screen.getByLabelText('Values: value 2'), 'pro');
    await user.click(document.body);
    expect(nodeOf(store, 'tag').params).toEqual({ values: { tier: 'gold', plan: 'pro' } });
    // Name and value typed letter by letter: two undo steps, not seven.
    expect(store.getState().past.length - before).toBe(2);
    act(() => store.getState().undo());
    expect(nodeOf(store, 'tag').params).toEqual({ values: { tier: 'gold', plan: '' } });
  });

  it('shows the server problems of the node inline and the rest on top', () => {
    const store = createEditorStore();
    store.getState().setProblems([
      { nodeId: 'hot', field: 'params.rules.0.value', code: 'invalid_param', message: 'must be a number' },
      { nodeId: 'hot', field: 'targetPort', code: 'missing_port', message: 'this node has no input "x"' },
      { nodeId: 'tag', field: 'params.values', code: 'invalid_param', message: 'not this node' },
    ]);
    store.getState().setCatalogue(catalogue);
    store.getState().load('w1', workflow);
    store.getState().select({ nodes: ['hot'] });
    render(
      <EditorStoreProvider store={store}>
        <Inspector />
      </EditorStoreProvider>,
    );
    expect(within(screen.getByTestId('field-rules')).getByText('Value: must be a number')).toBeTruthy();
    expect(within(screen.getByTestId('inspector-problems')).getByText('this node has no input "x"')).toBeTruthy();
    expect(screen.queryByText('not this node')).toBeNull();
  });

  it('completes templates with the fields of the steps upstream from the last run', async () => {
    const user = userEvent.setup();
    const store = setup(['tag']);
    act(() =>
      store.setState({
        lastOutputs: { lookup: { status: 404, body: { plan: 'pro' } }, tag: { tier: 'gold' } },
        lastTrigger: { body: { email: 'ada@example.com' } },
      }),
    );
    await user.type(screen.getByLabelText('Values: value 1'), ' {{{{ steps.');
    const options = within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.querySelector('.suggestion-path')!.textContent);
    expect(options).toEqual(expect.arrayContaining(['steps.lookup.status', 'steps.lookup.body.plan', 'steps.hot', 'steps.signup']));
    expect(options).not.toContain('steps.tag');
    await user.keyboard('{ArrowDown}');
    expect(screen.getAllByRole('option', { selected: true })[0]!.textContent).toContain('steps.lookup');
    await user.keyboard('{Enter}');
    expect(nodeOf(store, 'tag').params).toEqual({ values: { tier: 'gold {{ steps.lookup }}' } });
  });

  it('builds the condition in the rules builder', async () => {
    const user = userEvent.setup();
    const store = setup(['hot']);
    await user.clear(screen.getByTestId('rule-0-value'));
    await user.type(screen.getByTestId('rule-0-value'), '50');
    await user.selectOptions(screen.getByTestId('rules-match'), 'any');
    expect(nodeOf(store, 'hot').params).toEqual({ match: 'any', rules: [{ field: 'trigger.body.score', op: 'gt', value: 50 }] });
  });

  it('does not re-render while the selected node is dragged', () => {
    const store = createEditorStore();
    store.getState().setCatalogue(catalogue);
    store.getState().load('w1', workflow);
    store.getState().select({ nodes: ['hot'] });
    let commits = 0;
    render(
      <EditorStoreProvider store={store}>
        <Profiler id="inspector" onRender={() => commits++}>
          <Inspector />
        </Profiler>
      </EditorStoreProvider>,
    );
    const before = commits;
    act(() => {
      store.getState().beginGesture();
      for (let x = 1; x <= 10; x++) store.getState().edit({ op: 'move', positions: { hot: { x: 400 + x, y: x } } });
      store.getState().endGesture();
    });
    expect(commits).toBe(before);
    act(() => store.getState().edit({ op: 'updateNode', nodeId: 'hot', patch: { name: 'Hot lead?' } }));
    expect(commits).toBeGreaterThan(before);
  });
});
