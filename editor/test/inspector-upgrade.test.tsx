// "Upgrade to vN" in the inspector: offered where the catalogue has a newer version of the node
// that migrations lead to; the server migrates the params, the node keeps its id and edges.
import type { NodeDescription, Workflow } from '@tern/shared';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Inspector } from '../src/inspector/Inspector.js';
import { createEditorStore, EditorStoreProvider } from '../src/store/editor-store.js';
import { catalogue } from './inspector-fixtures.js';

const greet = (version: number, properties: Record<string, unknown>, upgrade: Partial<NodeDescription>): NodeDescription => ({
  type: 'acme.greet', version, title: 'Greet', description: 'Greets.', category: 'chat', icon: 'hand', inputs: ['in'], outputs: ['out'],
  params: { type: 'object', properties, required: Object.keys(properties) }, package: 'acme-greet', ...upgrade,
});

const workflow: Workflow = {
  name: 'Greets',
  nodes: [
    { id: 'hook', type: 'trigger.webhook', version: 1, position: { x: 0, y: 0 }, params: { path: 'in' } },
    { id: 'greet', type: 'acme.greet', version: 1, position: { x: 200, y: 0 }, params: { name: '{{ trigger.body.name }}' } },
    { id: 'tag', type: 'data.set', version: 1, position: { x: 400, y: 0 }, params: { values: {} } },
  ],
  edges: [
    { id: 'e1', source: 'hook', sourcePort: 'out', target: 'greet', targetPort: 'in' },
    { id: 'e2', source: 'greet', sourcePort: 'out', target: 'tag', targetPort: 'in' },
  ],
  settings: { timezone: 'UTC' },
};

function setup(selected: string) {
  const store = createEditorStore();
  store.getState().setCatalogue([
    ...catalogue,
    greet(1, { name: { type: 'string', widget: 'template' } }, { latestVersion: 2, canUpgrade: true }),
    greet(2, { fullName: { type: 'string', widget: 'template' } }, { latestVersion: 2, canUpgrade: false }),
  ]);
  store.getState().load('w1', workflow);
  store.getState().select({ nodes: [selected] });
  render(<EditorStoreProvider store={store}><Inspector /></EditorStoreProvider>);
  return store;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('upgrade node', () => {
  it('upgrades the node through the server, keeping its id and edges, in one undo step', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ version: 2, params: { fullName: '{{ trigger.body.name }}' } }), {
      status: 200, headers: { 'content-type': 'application/json' },
    }));
    vi.stubGlobal('fetch', fetch);
    const store = setup('greet');
    const before = store.getState().past.length;
    await userEvent.setup().click(screen.getByRole('button', { name: /Upgrade to v2/ }));

    await waitFor(() => expect(store.getState().workflow.nodes.find((n) => n.id === 'greet')?.version).toBe(2));
    expect(fetch).toHaveBeenCalledWith('/api/nodes/upgrade', expect.objectContaining({
      method: 'POST', body: JSON.stringify({ type: 'acme.greet', fromVersion: 1, params: { name: '{{ trigger.body.name }}' } }),
    }));
    const state = store.getState();
    expect(state.workflow.nodes.find((n) => n.id === 'greet')).toMatchObject({ position: { x: 200, y: 0 }, params: { fullName: '{{ trigger.body.name }}' } });
    expect(state.workflow.edges.map((e) => e.id).sort()).toEqual(['e1', 'e2']);
    expect(state.past.length).toBe(before + 1);
    expect(screen.queryByTestId('inspector-upgrade')).toBeNull();

    act(() => store.getState().undo());
    expect(store.getState().workflow.nodes.find((n) => n.id === 'greet')).toMatchObject({ version: 1, params: { name: '{{ trigger.body.name }}' } });
  });

  it('offers nothing on a node that is the newest version', () => {
    setup('tag');
    expect(screen.queryByTestId('inspector-upgrade')).toBeNull();
  });
});
