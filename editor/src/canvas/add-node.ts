// Adding nodes from the palette: where a new node goes (at a drop point, or after the selected
// node and connected to it), its id and its starting params. Each add is one undo step and the
// new node becomes the selection, so clicking palette items in a row builds a chain.
import { freshId, type NodeDescription, type Position, type Workflow, type WorkflowEdit, type WorkflowNode } from '@tern/shared';
import { describe, outputsOfNode } from '../store/catalogue.js';
import type { EditorState, EditorStore } from '../store/editor-store.js';
import { newEdge } from './connect.js';
import { defaultParams } from './default-params.js';
import { nodeById, portsOfNode } from './flow-model.js';
import { estimatedHeight, freeSpot, GAP_X, GAP_Y, NODE_HEIGHT, NODE_WIDTH, occupied, overlaps, rounded } from './geometry.js';

function slug(length = 6): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** A new node's params: the schema's defaults; a webhook also gets a path of its own, so it is valid as added. */
export function initialParams(description: NodeDescription): Record<string, unknown> {
  const params = defaultParams(description.params);
  if (description.trigger === 'webhook' && !params.path) params.path = `webhook-${slug()}`;
  return params;
}

/** The readable part of a type, the base of its node ids: `logic.condition` → `condition`. */
export const idBase = (type: string) => type.split('.').at(-1) || 'node';

export function newNode(workflow: Workflow, description: NodeDescription, position: Position): WorkflowNode {
  return {
    id: freshId(workflow, idBase(description.type)),
    type: description.type,
    version: description.version,
    position: rounded(position),
    params: initialParams(description),
  };
}

function apply(store: EditorStore, node: WorkflowNode, edit: WorkflowEdit): string | null {
  const state = store.getState();
  const error = state.edit(edit);
  if (error) return null;
  state.select({ nodes: [node.id] });
  return node.id;
}

/** Adds a node with its top-left corner at `position`; answers its id (null if refused). */
export function addNodeAt(store: EditorStore, description: NodeDescription, position: Position): string | null {
  const node = newNode(store.getState().workflow, description, position);
  return apply(store, node, { op: 'add', nodes: [node] });
}

/** Each node's estimated height, from its number of ports. */
export const heights = (state: Pick<EditorState, 'workflow' | 'nodeTypeIndex'>) => (nodeId: string) => {
  const node = nodeById(state).get(nodeId);
  return node ? estimatedHeight(portsOfNode(state.nodeTypeIndex, node).length) : NODE_HEIGHT;
};

/** The spot right of `anchor`, moved down past any node already there. */
export function placeAfter(state: Pick<EditorState, 'workflow' | 'nodeTypeIndex'>, anchor: WorkflowNode): Position {
  const spot = { x: anchor.position.x + NODE_WIDTH + GAP_X, y: anchor.position.y, width: NODE_WIDTH, height: NODE_HEIGHT };
  const taken = occupied({ nodes: state.workflow.nodes }, heights(state));
  while (taken.some((box) => overlaps(spot, box))) spot.y += NODE_HEIGHT + GAP_Y;
  return { x: spot.x, y: spot.y };
}

/**
 * Click-to-add: after the selected node (to its right, connected from its first free output
 * port, or its first port when all are used), or centred on `center` when nothing is selected.
 */
export function addNodeAfterSelection(store: EditorStore, description: NodeDescription, center: Position): string | null {
  const state = store.getState();
  const selected = [...state.selectedNodes];
  const anchor = selected
    .reverse()
    .map((id) => state.workflow.nodes.find((n) => n.id === id))
    .find((n) => n !== undefined);
  if (!anchor) {
    const want = { x: center.x - NODE_WIDTH / 2, y: center.y - NODE_HEIGHT / 2 };
    return addNodeAt(store, description, freeSpot(want, { width: NODE_WIDTH, height: NODE_HEIGHT }, occupied(state.workflow, heights(state))));
  }

  const node = newNode(state.workflow, description, placeAfter(state, anchor));
  const ports = outputsOfNode(describe(state, anchor), anchor.params);
  const edges = [];
  if (ports.length > 0 && description.inputs.length > 0) {
    const used = new Set(state.workflow.edges.filter((e) => e.source === anchor.id).map((e) => e.sourcePort));
    const port = ports.find((p) => !used.has(p)) ?? ports[0]!;
    edges.push(newEdge(state.workflow, { source: anchor.id, sourcePort: port, target: node.id, targetPort: 'in' }, new Set([node.id])));
  }
  return apply(store, node, { op: 'add', nodes: [node], edges });
}
