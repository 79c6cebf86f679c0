import { describe, expect, it } from 'vitest';
import { connectionGuard, connectLink, linkBetween } from '../src/canvas/connect.js';
import { node, storeWith } from './canvas-fixtures.js';

const graph = () =>
  storeWith({
    nodes: [node('hook', 'trigger.webhook'), node('check', 'logic.condition', 300), node('set', 'data.set', 600)],
    edges: [{ id: 'e1', source: 'hook', sourcePort: 'out', target: 'check', targetPort: 'in' }],
  });

describe('the connection guard', () => {
  it('refuses an edge into a trigger while it is dragged, and says why when dropped', () => {
    const store = graph();
    const isValid = connectionGuard(store);
    expect(isValid({ source: 'set', sourceHandle: 'out', target: 'hook', targetHandle: 'in' })).toBe(false);
    const before = store.getState().workflow;
    expect(connectLink(store, { source: 'set', sourcePort: 'out', target: 'hook', targetPort: 'in' })).toMatch(/trigger has no input/);
    expect(store.getState().workflow).toBe(before);
  });

  it('refuses a port the node does not have, a loop onto itself and a duplicate', () => {
    const isValid = connectionGuard(graph());
    expect(isValid({ source: 'check', sourceHandle: 'out', target: 'set', targetHandle: 'in' })).toBe(false);
    expect(isValid({ source: 'set', sourceHandle: 'out', target: 'set', targetHandle: 'in' })).toBe(false);
    expect(isValid({ source: 'hook', sourceHandle: 'out', target: 'check', targetHandle: 'in' })).toBe(false);
  });

  it('accepts a labelled port and draws it as one undo step with a fresh id', () => {
    const store = graph();
    expect(connectionGuard(store)({ source: 'check', sourceHandle: 'true', target: 'set', targetHandle: 'in' })).toBe(true);
    expect(connectLink(store, { source: 'check', sourcePort: 'true', target: 'set', targetPort: 'in' })).toBeNull();
    const edge = store.getState().workflow.edges[1]!;
    expect(edge).toMatchObject({ source: 'check', sourcePort: 'true', target: 'set', targetPort: 'in' });
    expect(edge.id).not.toBe('e1');
    store.getState().undo();
    expect(store.getState().workflow.edges).toHaveLength(1);
  });

  it('reads a connection dragged backwards, from an input to an output', () => {
    expect(linkBetween({ nodeId: 'set', id: 'in', type: 'target' }, { nodeId: 'check', id: 'false' })).toEqual({
      source: 'check', sourcePort: 'false', target: 'set', targetPort: 'in',
    });
  });
});
