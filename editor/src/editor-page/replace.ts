// Replacing the whole document as one ordinary edit (so it can be undone and marks the workflow
// dirty): used to restore an older version or a saved draft.
import type { Workflow, WorkflowEdit } from '@tern/shared';

export function replaceEdits(current: Workflow, next: Workflow): WorkflowEdit[] {
  return [
    {
      op: 'remove',
      nodeIds: current.nodes.map((n) => n.id),
      edgeIds: current.edges.map((e) => e.id),
      noteIds: (current.stickyNotes ?? []).map((n) => n.id),
    },
    { op: 'add', nodes: next.nodes, edges: next.edges, notes: next.stickyNotes ?? [] },
    { op: 'rename', name: next.name },
    { op: 'setSettings', settings: next.settings },
  ];
}
