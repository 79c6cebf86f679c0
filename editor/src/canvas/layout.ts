// Auto-layout: dagre arranges the nodes left to right in ranks along the edges; the whole move
// is one undo step. Sticky notes stay where they are (they describe places, not steps).
import dagre from '@dagrejs/dagre';
import type { Position, Workflow } from '@tern/shared';
import type { EditorStore } from '../store/editor-store.js';
import { portsOfNode } from './flow-model.js';
import { estimatedHeight, NODE_WIDTH } from './geometry.js';

export type SizeOf = (nodeId: string) => { width: number; height: number } | undefined;

/** Top-left positions of every node laid out left to right, keeping the graph's top-left corner where it was. */
export function layoutPositions(
  workflow: Workflow,
  sizeOf: (node: Workflow['nodes'][number]) => { width: number; height: number },
): Record<string, Position> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 90, edgesep: 16, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map(workflow.nodes.map((n) => [n.id, sizeOf(n)]));
  for (const n of workflow.nodes) g.setNode(n.id, { ...sizes.get(n.id)! });
  for (const e of workflow.edges) if (sizes.has(e.source) && sizes.has(e.target)) g.setEdge(e.source, e.target, {}, e.id);
  dagre.layout(g);

  const laid = workflow.nodes.map((n) => {
    const { x, y } = g.node(n.id);
    const { width, height } = sizes.get(n.id)!;
    return { id: n.id, x: x - width / 2, y: y - height / 2 };
  });
  const origin = (points: { x: number; y: number }[]) => ({
    x: Math.min(...points.map((p) => p.x)),
    y: Math.min(...points.map((p) => p.y)),
  });
  const before = origin(workflow.nodes.map((n) => n.position));
  const after = origin(laid);
  const positions: Record<string, Position> = {};
  for (const p of laid) positions[p.id] = { x: Math.round(p.x - after.x + before.x), y: Math.round(p.y - after.y + before.y) };
  return positions;
}

/**
 * Lays out the workflow as one undo step. `measured` gives the rendered size of a node when the
 * canvas knows it; otherwise the size is estimated from its ports.
 */
export function autoLayout(store: EditorStore, measured?: SizeOf): boolean {
  const state = store.getState();
  if (state.workflow.nodes.length === 0) return false;
  const positions = layoutPositions(
    state.workflow,
    (node) => measured?.(node.id) ?? { width: NODE_WIDTH, height: estimatedHeight(portsOfNode(state.nodeTypeIndex, node).length) },
  );
  return state.edit({ op: 'move', positions }) === null;
}
