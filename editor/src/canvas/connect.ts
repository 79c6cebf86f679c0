// Drawing connections: the one check used while a connection is dragged (so an impossible one
// is refused before the drop) and when it is dropped, and the edge it becomes.
import type { Connection, Edge } from '@xyflow/react';
import { freshId, type Workflow, type WorkflowEdge } from '@tern/shared';
import type { EditorStore } from '../store/editor-store.js';

export interface Link {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/** A React Flow connection as the workflow names it. */
export const linkOf = (c: Connection | Edge): Link => ({
  source: c.source,
  sourcePort: c.sourceHandle ?? 'out',
  target: c.target,
  targetPort: c.targetHandle ?? 'in',
});

/**
 * The link of a connection being dragged from `from` to `to`, whichever end the user started
 * from (dragging backwards from an input is allowed).
 */
export function linkBetween(
  from: { nodeId: string; id?: string | null; type: 'source' | 'target' },
  to: { nodeId: string; id?: string | null },
): Link {
  return from.type === 'source'
    ? { source: from.nodeId, sourcePort: from.id ?? 'out', target: to.nodeId, targetPort: to.id ?? 'in' }
    : { source: to.nodeId, sourcePort: to.id ?? 'out', target: from.nodeId, targetPort: from.id ?? 'in' };
}

export function newEdge(workflow: Workflow, link: Link, taken?: ReadonlySet<string>): WorkflowEdge {
  return { id: freshId(workflow, `e_${link.source}_${link.target}`, taken), ...link };
}

/** React Flow's `isValidConnection`, asking the same rules as the server's validator. */
export const connectionGuard = (store: EditorStore) => (c: Connection | Edge) =>
  store.getState().connectionProblem(linkOf(c)) === null;

/** Draws the connection as one undo step; answers why it was refused, or null. */
export function connectLink(store: EditorStore, link: Link): string | null {
  const state = store.getState();
  const problem = state.connectionProblem(link);
  if (problem) return problem;
  return state.edit({ op: 'connect', edge: newEdge(state.workflow, link) });
}
