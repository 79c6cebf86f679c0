import { describe, expect, it } from 'vitest';
import { FlowModel } from '../src/canvas/flow-model.js';
import { node, storeWith } from './canvas-fixtures.js';

function bigStore(count = 500) {
  const nodes = [node('n0', 'trigger.manual')];
  const edges = [];
  for (let i = 1; i < count; i++) {
    nodes.push(node(`n${i}`, i % 5 === 0 ? 'logic.condition' : 'data.set', (i % 25) * 300, Math.floor(i / 25) * 120));
    const source = `n${i - 1}`;
    edges.push({ id: `e${i}`, source, sourcePort: (i - 1) % 5 === 0 && i > 1 ? 'true' : 'out', target: `n${i}`, targetPort: 'in' });
  }
  return storeWith({ nodes, edges });
}

const NONE = new Set<string>();

describe('the React Flow view of a workflow', () => {
  it('hands React Flow a new object only for the node that moved', () => {
    const store = bigStore();
    const model = new FlowModel();
    const s = () => store.getState();
    const first = model.nodes(s().workflow, NONE, NONE, s().nodeTypeIndex);
    const firstEdges = model.edges(s().workflow, NONE, s().nodeTypeIndex);

    s().beginGesture();
    s().edit({ op: 'move', positions: { n42: { x: 1, y: 2 } } });
    s().endGesture();
    const next = model.nodes(s().workflow, NONE, NONE, s().nodeTypeIndex);

    const changed = next.filter((n, i) => n !== first[i]).map((n) => n.id);
    expect(changed).toEqual(['n42']);
    expect(next[42]!.position).toEqual({ x: 1, y: 2 });
    // Edges do not change when a node moves: the very same array comes back.
    expect(model.edges(s().workflow, NONE, s().nodeTypeIndex)).toBe(firstEdges);
  });

  it('renews only the nodes whose selection changed', () => {
    const store = bigStore(50);
    const model = new FlowModel();
    const { workflow, nodeTypeIndex } = store.getState();
    const first = model.nodes(workflow, NONE, NONE, nodeTypeIndex);
    const next = model.nodes(workflow, new Set(['n3']), NONE, nodeTypeIndex);
    expect(next.filter((n, i) => n !== first[i]).map((n) => [n.id, n.selected])).toEqual([['n3', true]]);
  });

  it('keeps node data thin and carries the measured size once known', () => {
    const store = bigStore(3);
    const model = new FlowModel();
    const { workflow, nodeTypeIndex } = store.getState();
    const [flow] = model.nodes(workflow, NONE, NONE, nodeTypeIndex);
    expect(flow!.data).toEqual({ type: 'trigger.manual', version: 1 });
    expect(model.setMeasured('n0', { width: 220, height: 60 })).toBe(true);
    expect(model.setMeasured('n0', { width: 220, height: 60 })).toBe(false);
    expect(model.nodes(workflow, NONE, NONE, nodeTypeIndex)[0]!.measured).toEqual({ width: 220, height: 60 });
  });

  it('labels edges from nodes with several ports only', () => {
    const store = bigStore(8);
    const model = new FlowModel();
    const { workflow, nodeTypeIndex } = store.getState();
    const labels = Object.fromEntries(model.edges(workflow, NONE, nodeTypeIndex).map((e) => [e.id, e.data?.label]));
    expect(labels.e6).toBe('true'); // from n5, a condition
    expect(labels.e2).toBeUndefined(); // from n1, a set node
  });

  it('puts sticky notes first, so they lie under the nodes', () => {
    const store = storeWith({
      nodes: [node('a', 'data.set')],
      stickyNotes: [{ id: 'note', text: 'hi', position: { x: 0, y: 0 }, width: 300, height: 200, color: 'blue' }],
    });
    const model = new FlowModel();
    const { workflow, nodeTypeIndex } = store.getState();
    const nodes = model.nodes(workflow, NONE, new Set(['note']), nodeTypeIndex);
    expect(nodes.map((n) => [n.id, n.type, n.selected])).toEqual([['note', 'note', true], ['a', 'workflow', false]]);
    expect(nodes[0]).toMatchObject({ width: 300, height: 200 });
  });
});

describe('what a node component reads', () => {
  it('stays the same object when another node moves or the same problems come back', async () => {
    const { nodeViewSelector } = await import('../src/canvas/node-view.js');
    const store = bigStore(10);
    const select = nodeViewSelector('n5', 'logic.condition', 1);
    const first = select(store.getState());
    expect(first.ports).toEqual(['true', 'false']);

    store.getState().edit({ op: 'move', positions: { n3: { x: 9, y: 9 } } });
    expect(select(store.getState())).toBe(first);

    store.getState().setProblems([{ nodeId: 'n5', field: 'params.rules', message: 'needs a rule', code: 'x' }]);
    const withProblem = select(store.getState());
    expect(withProblem).not.toBe(first);
    expect(withProblem.problems.map((p) => p.message)).toEqual(['needs a rule']);
    store.getState().setProblems([{ nodeId: 'n5', field: 'params.rules', message: 'needs a rule', code: 'x' }, { nodeId: 'n1', field: 'x', message: 'y', code: 'z' }]);
    expect(select(store.getState())).toBe(withProblem);

    store.getState().edit({ op: 'setParams', nodeId: 'n5', params: { match: 'any', rules: [] } });
    const edited = select(store.getState());
    expect(edited).toBe(withProblem); // same ports, same problems: nothing to show differently
  });
});
