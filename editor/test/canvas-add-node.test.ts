import { describe, expect, it } from 'vitest';
import { addNodeAfterSelection, addNodeAt } from '../src/canvas/add-node.js';
import { GAP_X, NODE_WIDTH } from '../src/canvas/geometry.js';
import { describeType, node, storeWith } from './canvas-fixtures.js';

describe('click-to-add from the palette', () => {
  it('places the node right of the selected one and connects it from its first output', () => {
    const store = storeWith({ nodes: [node('hook', 'trigger.webhook', 100, 50, { path: 'x' })] });
    store.getState().select({ nodes: ['hook'] });

    const id = addNodeAfterSelection(store, describeType('logic.condition'), { x: 0, y: 0 });

    const { workflow, selectedNodes } = store.getState();
    expect(id).toBe('condition');
    const added = workflow.nodes.find((n) => n.id === 'condition')!;
    expect(added.position).toEqual({ x: 100 + NODE_WIDTH + GAP_X, y: 50 });
    expect(added.params).toEqual({ match: 'all', rules: [] });
    expect(workflow.edges).toEqual([{ id: expect.any(String), source: 'hook', sourcePort: 'out', target: 'condition', targetPort: 'in' }]);
    // The new node is selected, so the next click chains after it.
    expect([...selectedNodes]).toEqual(['condition']);
  });

  it('chains through free ports: after a condition, true then false', () => {
    const store = storeWith({ nodes: [node('check', 'logic.condition', 0, 0, { match: 'all', rules: [] })] });
    store.getState().select({ nodes: ['check'] });
    addNodeAfterSelection(store, describeType('data.set'), { x: 0, y: 0 });
    store.getState().select({ nodes: ['check'] });
    addNodeAfterSelection(store, describeType('data.set'), { x: 0, y: 0 });

    const { workflow } = store.getState();
    expect(workflow.edges.map((e) => [e.sourcePort, e.target])).toEqual([['true', 'set'], ['false', 'set_2']]);
    const [first, second] = [workflow.nodes[1]!, workflow.nodes[2]!];
    expect(second.position.x).toBe(first.position.x);
    expect(second.position.y).toBeGreaterThan(first.position.y);
  });

  it('is one undo step', () => {
    const store = storeWith({ nodes: [node('hook', 'trigger.webhook')] });
    store.getState().select({ nodes: ['hook'] });
    addNodeAfterSelection(store, describeType('data.set'), { x: 0, y: 0 });
    store.getState().undo();
    expect(store.getState().workflow.nodes.map((n) => n.id)).toEqual(['hook']);
    expect(store.getState().workflow.edges).toEqual([]);
  });

  it('with nothing selected, centres the node on the view and connects nothing', () => {
    const store = storeWith({ nodes: [node('hook', 'trigger.webhook')] });
    addNodeAfterSelection(store, describeType('data.set'), { x: 500, y: 300 });
    const added = store.getState().workflow.nodes[1]!;
    expect(added.position.x + NODE_WIDTH / 2).toBe(500);
    expect(store.getState().workflow.edges).toEqual([]);
  });

  it('does not connect into a trigger', () => {
    const store = storeWith({ nodes: [node('set', 'data.set', 0, 0, { values: {} })] });
    store.getState().select({ nodes: ['set'] });
    addNodeAfterSelection(store, describeType('trigger.manual'), { x: 0, y: 0 });
    expect(store.getState().workflow.nodes.map((n) => n.id)).toEqual(['set', 'manual']);
    expect(store.getState().workflow.edges).toEqual([]);
  });

  it('names new nodes after their type, fresh within the workflow', () => {
    const store = storeWith();
    expect(addNodeAt(store, describeType('trigger.webhook'), { x: 0, y: 0 })).toBe('webhook');
    expect(addNodeAt(store, describeType('trigger.webhook'), { x: 0, y: 200 })).toBe('webhook_2');
  });
});
