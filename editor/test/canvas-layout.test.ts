import { describe, expect, it } from 'vitest';
import { autoLayout } from '../src/canvas/layout.js';
import { NODE_WIDTH } from '../src/canvas/geometry.js';
import { node, storeWith } from './canvas-fixtures.js';

describe('auto-layout', () => {
  it('puts each downstream node right of its upstream, as one undo step', () => {
    // Drawn right to left on purpose.
    const store = storeWith({
      nodes: [
        node('hook', 'trigger.webhook', 900, 0),
        node('check', 'logic.condition', 400, 300),
        node('yes', 'data.set', 0, 0),
        node('no', 'data.set', 0, 0),
      ],
      edges: [
        { id: 'e1', source: 'hook', sourcePort: 'out', target: 'check', targetPort: 'in' },
        { id: 'e2', source: 'check', sourcePort: 'true', target: 'yes', targetPort: 'in' },
        { id: 'e3', source: 'check', sourcePort: 'false', target: 'no', targetPort: 'in' },
      ],
    });
    const before = store.getState().workflow;
    expect(autoLayout(store)).toBe(true);

    const at = (id: string) => store.getState().workflow.nodes.find((n) => n.id === id)!.position;
    expect(at('check').x).toBeGreaterThanOrEqual(at('hook').x + NODE_WIDTH);
    expect(at('yes').x).toBeGreaterThanOrEqual(at('check').x + NODE_WIDTH);
    expect(at('yes').x).toBe(at('no').x);
    // The two branches no longer sit on top of each other.
    expect(Math.abs(at('yes').y - at('no').y)).toBeGreaterThanOrEqual(60);

    store.getState().undo();
    expect(store.getState().workflow).toBe(before);
  });

  it('leaves an empty workflow alone', () => {
    const store = storeWith();
    expect(autoLayout(store)).toBe(false);
    expect(store.getState().past).toHaveLength(0);
  });
});
