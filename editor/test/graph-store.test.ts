import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../src/store/editor-store.js';
import { emptyWorkflow } from '../src/store/graph.js';

const node = (id: string, x = 0) => ({ id, type: 'data.set', version: 1, position: { x, y: 0 }, params: {} });

describe('graph slice', () => {
  it('undoes and redoes each edit, and a drag gesture as one step', () => {
    const store = createEditorStore();
    store.getState().load('w1', emptyWorkflow('Leads'));
    const s = () => store.getState();
    s().edit({ op: 'add', nodes: [node('a')] });
    s().beginGesture();
    for (let x = 1; x <= 5; x++) s().edit({ op: 'move', positions: { a: { x: x * 10, y: 0 } } });
    s().endGesture();
    expect(s().workflow.nodes[0]!.position.x).toBe(50);
    expect(s().dirty).toBe(true);
    s().undo();
    expect(s().workflow.nodes[0]!.position.x).toBe(0);
    s().undo();
    expect(s().workflow.nodes).toHaveLength(0);
    expect(s().dirty).toBe(false);
    s().redo();
    s().redo();
    expect(s().workflow.nodes[0]!.position.x).toBe(50);
  });

  it('answers the reason when an edit is refused and changes nothing', () => {
    const store = createEditorStore();
    store.getState().edit({ op: 'add', nodes: [node('a')] });
    const before = store.getState().workflow;
    expect(store.getState().edit({ op: 'add', nodes: [node('a')] })).toContain('"a" is used already');
    expect(store.getState().workflow).toBe(before);
    expect(store.getState().past).toHaveLength(1);
  });
});
