// Editing a workflow: one pure transition function, `applyEdit(workflow, edit)`. The editor runs
// every change of the canvas through it (so undo/redo is a stack of workflows), and anything
// that needs to know whether a connection may exist asks `connectionProblem` — the same rules
// the editor uses while the user drags and the validator applies on save.
import type { Position, StickyNote, Workflow, WorkflowEdge, WorkflowNode } from './workflow.js';

export type NodePatch = Partial<Pick<WorkflowNode, 'name' | 'disabled' | 'notes' | 'retry'>>;

export type WorkflowEdit =
  /** Adds nodes (and edges between them or to existing nodes), e.g. from the palette or a paste. */
  | { op: 'add'; nodes: WorkflowNode[]; edges?: WorkflowEdge[]; notes?: StickyNote[] }
  /** Removes nodes with their edges, edges, and sticky notes. */
  | { op: 'remove'; nodeIds?: string[]; edgeIds?: string[]; noteIds?: string[] }
  /** Moves nodes and notes; ids not present are ignored. */
  | { op: 'move'; positions: Record<string, Position> }
  | { op: 'connect'; edge: WorkflowEdge }
  | { op: 'setParams'; nodeId: string; params: Record<string, unknown> }
  | { op: 'updateNode'; nodeId: string; patch: NodePatch }
  | { op: 'updateNote'; noteId: string; patch: Partial<Omit<StickyNote, 'id'>> }
  | { op: 'rename'; name: string }
  /** Sets the workflow's description; an empty one removes it. */
  | { op: 'describe'; description: string }
  | { op: 'setSettings'; settings: Workflow['settings'] };

/** What a connection needs to know of a node: its outputs for these params, and whether it has an input. */
export interface PortInfo {
  outputs(node: WorkflowNode): string[];
  hasInput(node: WorkflowNode): boolean;
}

export class EditError extends Error {
  override name = 'EditError';
}

const byId = <T extends { id: string }>(items: readonly T[]) => new Map(items.map((i) => [i.id, i]));

/** Why `edge` may not be drawn, or `null` when it may. */
export function connectionProblem(workflow: Workflow, edge: Omit<WorkflowEdge, 'id'>, ports: PortInfo): string | null {
  const nodes = byId(workflow.nodes);
  const source = nodes.get(edge.source);
  const target = nodes.get(edge.target);
  if (!source || !target) return 'both ends must be nodes of this workflow';
  if (source.id === target.id) return 'a node cannot connect to itself';
  if (!ports.hasInput(target)) return 'a trigger has no input: it starts the workflow';
  if (edge.targetPort !== 'in') return `"${target.id}" has only one input, "in"`;
  const outputs = ports.outputs(source);
  if (!outputs.includes(edge.sourcePort)) return `"${source.id}" has no output "${edge.sourcePort}"`;
  const twin = workflow.edges.some(
    (e) => e.source === edge.source && e.sourcePort === edge.sourcePort && e.target === edge.target,
  );
  if (twin) return 'these two are connected already';
  return null;
}

/** An id not used by any node, note or edge of the workflow: `base`, else `base_2`, `base_3`… */
export function freshId(workflow: Workflow, base: string, taken: ReadonlySet<string> = new Set()): string {
  const clean = base.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'node';
  const used = new Set([
    ...workflow.nodes.map((n) => n.id),
    ...workflow.edges.map((e) => e.id),
    ...(workflow.stickyNotes ?? []).map((n) => n.id),
    ...taken,
  ]);
  if (!used.has(clean)) return clean;
  for (let i = 2; ; i++) if (!used.has(`${clean}_${i}`)) return `${clean}_${i}`;
}

/** A piece of a workflow as copied to the clipboard. */
export interface Fragment {
  tern: 'fragment';
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
  stickyNotes?: StickyNote[];
}

/** The selected nodes and notes with the edges between them, ready for the clipboard. */
export function copyFragment(workflow: Workflow, nodeIds: Iterable<string>, noteIds: Iterable<string> = []): Fragment {
  const ids = new Set(nodeIds);
  const notes = new Set(noteIds);
  return {
    tern: 'fragment',
    nodes: workflow.nodes.filter((n) => ids.has(n.id)),
    edges: workflow.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    stickyNotes: (workflow.stickyNotes ?? []).filter((n) => notes.has(n.id)),
  };
}

/** Reads a clipboard text as a fragment: ours, or a whole exported workflow; `null` if neither. */
export function parseFragment(text: string): Fragment | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const v = value as Partial<Fragment> | null;
  if (!v || !Array.isArray(v.nodes)) return null;
  const nodes = v.nodes.filter(
    (n): n is WorkflowNode => !!n && typeof n.id === 'string' && typeof n.type === 'string' && typeof n.version === 'number',
  );
  return {
    tern: 'fragment',
    nodes: nodes.map((n) => ({ ...n, position: n.position ?? { x: 0, y: 0 }, params: n.params ?? {} })),
    edges: Array.isArray(v.edges) ? v.edges.map((e) => ({ ...e, sourcePort: e.sourcePort ?? 'out', targetPort: e.targetPort ?? 'in' })) : [],
    stickyNotes: Array.isArray(v.stickyNotes) ? v.stickyNotes : [],
  };
}

/**
 * The `add` edit that pastes a fragment: every id is made fresh (so pasting twice, or into the
 * workflow it came from, never collides), edges follow their renamed nodes, and everything
 * moves by `offset`.
 */
export function pasteEdit(workflow: Workflow, fragment: Fragment, offset: Position): Extract<WorkflowEdit, { op: 'add' }> {
  const taken = new Set<string>();
  const rename = new Map<string, string>();
  const fresh = (id: string) => {
    const next = freshId(workflow, id, taken);
    taken.add(next);
    return next;
  };
  const shift = (p: Position) => ({ x: p.x + offset.x, y: p.y + offset.y });
  const nodes = fragment.nodes.map((n) => {
    const id = fresh(n.id);
    rename.set(n.id, id);
    return { ...structuredClone(n), id, position: shift(n.position) };
  });
  const edges = fragment.edges
    .filter((e) => rename.has(e.source) && rename.has(e.target))
    .map((e) => ({ ...e, id: fresh(e.id), source: rename.get(e.source)!, target: rename.get(e.target)! }));
  const notes = (fragment.stickyNotes ?? []).map((n) => ({ ...n, id: fresh(n.id), position: shift(n.position) }));
  return { op: 'add', nodes, edges, notes };
}

/** Applies one edit; the workflow given is never changed, and untouched nodes keep their identity. */
export function applyEdit(workflow: Workflow, edit: WorkflowEdit): Workflow {
  switch (edit.op) {
    case 'add': {
      const ids = new Set([...workflow.nodes, ...(workflow.stickyNotes ?? [])].map((n) => n.id));
      for (const n of [...edit.nodes, ...(edit.notes ?? [])]) {
        if (ids.has(n.id)) throw new EditError(`id "${n.id}" is used already`);
        ids.add(n.id);
      }
      const notes = edit.notes?.length ? [...(workflow.stickyNotes ?? []), ...edit.notes] : workflow.stickyNotes;
      return {
        ...workflow,
        nodes: [...workflow.nodes, ...edit.nodes],
        edges: [...workflow.edges, ...(edit.edges ?? [])],
        ...(notes ? { stickyNotes: notes } : {}),
      };
    }
    case 'remove': {
      const nodeIds = new Set(edit.nodeIds ?? []);
      const edgeIds = new Set(edit.edgeIds ?? []);
      const noteIds = new Set(edit.noteIds ?? []);
      return {
        ...workflow,
        nodes: workflow.nodes.filter((n) => !nodeIds.has(n.id)),
        edges: workflow.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target)),
        ...(workflow.stickyNotes ? { stickyNotes: workflow.stickyNotes.filter((n) => !noteIds.has(n.id)) } : {}),
      };
    }
    case 'move': {
      const at = (item: { id: string; position: Position }) => edit.positions[item.id];
      return {
        ...workflow,
        nodes: workflow.nodes.map((n) => (at(n) ? { ...n, position: { ...at(n)! } } : n)),
        ...(workflow.stickyNotes
          ? { stickyNotes: workflow.stickyNotes.map((n) => (at(n) ? { ...n, position: { ...at(n)! } } : n)) }
          : {}),
      };
    }
    case 'connect': {
      if (workflow.edges.some((e) => e.id === edit.edge.id)) throw new EditError(`edge id "${edit.edge.id}" is used already`);
      return { ...workflow, edges: [...workflow.edges, edit.edge] };
    }
    case 'setParams':
      return updateNode(workflow, edit.nodeId, (n) => ({ ...n, params: edit.params }));
    case 'updateNode':
      return updateNode(workflow, edit.nodeId, (n) => withoutUndefined({ ...n, ...edit.patch }));
    case 'updateNote': {
      const notes = workflow.stickyNotes ?? [];
      if (!notes.some((n) => n.id === edit.noteId)) throw new EditError(`there is no note "${edit.noteId}"`);
      return { ...workflow, stickyNotes: notes.map((n) => (n.id === edit.noteId ? { ...n, ...edit.patch } : n)) };
    }
    case 'rename':
      return { ...workflow, name: edit.name };
    case 'describe': {
      const { description: _old, ...rest } = workflow;
      return edit.description ? { ...rest, description: edit.description } : rest;
    }
    case 'setSettings':
      return { ...workflow, settings: edit.settings };
  }
}

function updateNode(workflow: Workflow, nodeId: string, change: (n: WorkflowNode) => WorkflowNode): Workflow {
  if (!workflow.nodes.some((n) => n.id === nodeId)) throw new EditError(`there is no node "${nodeId}"`);
  return { ...workflow, nodes: workflow.nodes.map((n) => (n.id === nodeId ? change(n) : n)) };
}

/** Drops keys set to `undefined`, so a patch can clear an optional field. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
