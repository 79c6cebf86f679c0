// The workflow document seen as React Flow nodes and edges. React Flow compares nodes by
// identity, so each derived object is cached per workflow object (WeakMap) and rebuilt only when
// that object, its selection or its measured size changes: dragging one node of 500 hands React
// Flow 499 unchanged objects and one new one.
import type { Edge, Node } from '@xyflow/react';
import type { NodeDescription, StickyNote, Workflow, WorkflowEdge, WorkflowNode } from '@tern/shared';
import { outputsOfNode, typeKey } from '../store/catalogue.js';
import { estimatedHeight, NODE_WIDTH } from './geometry.js';

/** What a workflow node carries into React Flow: only what never changes while it is dragged. */
export type WorkflowNodeData = { type: string; version: number; name?: string };
export type WorkflowFlowNode = Node<WorkflowNodeData, 'workflow'>;
export type NoteFlowNode = Node<Record<string, never>, 'note'>;
export type FlowNode = WorkflowFlowNode | NoteFlowNode;
export type PortEdgeData = { label?: string };
export type PortFlowEdge = Edge<PortEdgeData, 'port'>;

interface Size {
  width: number;
  height: number;
}

const NO_DATA: Record<string, never> = Object.freeze({}) as Record<string, never>;

// Per-array indexes, shared by every component that needs to find a node by id: built once per
// version of the array, so 500 node components reading "their" node cost one Map, not 500 scans.
const nodeIndexes = new WeakMap<readonly WorkflowNode[], Map<string, WorkflowNode>>();
const noteIndexes = new WeakMap<readonly StickyNote[], Map<string, StickyNote>>();

export function nodeById(state: { workflow: Pick<Workflow, 'nodes'> }): Map<string, WorkflowNode> {
  const nodes = state.workflow.nodes;
  let index = nodeIndexes.get(nodes);
  if (!index) nodeIndexes.set(nodes, (index = new Map(nodes.map((n) => [n.id, n]))));
  return index;
}

const NO_NOTES: StickyNote[] = [];

export function noteById(state: { workflow: Pick<Workflow, 'stickyNotes'> }): Map<string, StickyNote> {
  const notes = state.workflow.stickyNotes ?? NO_NOTES;
  let index = noteIndexes.get(notes);
  if (!index) noteIndexes.set(notes, (index = new Map(notes.map((n) => [n.id, n]))));
  return index;
}

// Ports of each node object for one catalogue: params only change with the node object.
const portCaches = new WeakMap<Map<string, NodeDescription>, WeakMap<WorkflowNode, string[]>>();

/** A node's output ports (cached per node object and catalogue). Unknown types answer `['out']`. */
export function portsOfNode(catalogue: Map<string, NodeDescription>, node: WorkflowNode): string[] {
  let cache = portCaches.get(catalogue);
  if (!cache) portCaches.set(catalogue, (cache = new WeakMap()));
  let ports = cache.get(node);
  if (!ports) cache.set(node, (ports = outputsOfNode(catalogue.get(typeKey(node.type, node.version)), node.params)));
  return ports;
}

/** Returns `previous` when `next` holds the same items, so React Flow sees an unchanged array. */
function sameOr<T>(previous: T[], next: T[]): T[] {
  if (previous.length !== next.length) return next;
  for (let i = 0; i < next.length; i++) if (previous[i] !== next[i]) return next;
  return previous;
}

interface NodeEntry {
  selected: boolean;
  measured: Size | undefined;
  flow: WorkflowFlowNode;
}
interface NoteEntry {
  selected: boolean;
  flow: NoteFlowNode;
}
interface EdgeEntry {
  selected: boolean;
  label: string | undefined;
  flow: PortFlowEdge;
}

/** One canvas's derivation of React Flow elements, with the caches that keep it cheap. */
export class FlowModel {
  private nodeCache = new WeakMap<WorkflowNode, NodeEntry>();
  private noteCache = new WeakMap<StickyNote, NoteEntry>();
  private edgeCache = new WeakMap<WorkflowEdge, EdgeEntry>();
  private measured = new Map<string, Size>();
  private lastNodes: FlowNode[] = [];
  private lastEdges: PortFlowEdge[] = [];

  /** Records a node's size as React Flow measured it; answers whether it changed. */
  setMeasured(id: string, size: Size): boolean {
    const known = this.measured.get(id);
    if (known && known.width === size.width && known.height === size.height) return false;
    this.measured.set(id, { width: size.width, height: size.height });
    return true;
  }

  measuredSize(id: string): Size | undefined {
    return this.measured.get(id);
  }

  /** Notes first, so that they lie under the nodes they describe. */
  nodes(
    workflow: Pick<Workflow, 'nodes' | 'stickyNotes'>,
    selectedNodes: ReadonlySet<string>,
    selectedNotes: ReadonlySet<string>,
    catalogue: Map<string, NodeDescription>,
  ): FlowNode[] {
    const out: FlowNode[] = [];
    for (const note of workflow.stickyNotes ?? NO_NOTES) out.push(this.noteNode(note, selectedNotes.has(note.id)));
    for (const node of workflow.nodes) out.push(this.workflowNode(node, selectedNodes.has(node.id), catalogue));
    return (this.lastNodes = sameOr(this.lastNodes, out));
  }

  edges(
    workflow: Pick<Workflow, 'nodes' | 'edges'>,
    selectedEdges: ReadonlySet<string>,
    catalogue: Map<string, NodeDescription>,
  ): PortFlowEdge[] {
    const byId = nodeById({ workflow });
    const out: PortFlowEdge[] = [];
    for (const edge of workflow.edges) {
      const source = byId.get(edge.source);
      // A port label only where the node has a choice of ports: `true`/`false`, `case_0`…
      const label = source && portsOfNode(catalogue, source).length > 1 ? edge.sourcePort : undefined;
      out.push(this.edge(edge, selectedEdges.has(edge.id), label));
    }
    return (this.lastEdges = sameOr(this.lastEdges, out));
  }

  private workflowNode(node: WorkflowNode, selected: boolean, catalogue: Map<string, NodeDescription>): WorkflowFlowNode {
    const measured = this.measured.get(node.id);
    const cached = this.nodeCache.get(node);
    if (cached && cached.selected === selected && cached.measured === measured) return cached.flow;
    const data: WorkflowNodeData =
      cached && cached.flow.data.name === node.name
        ? cached.flow.data
        : { type: node.type, version: node.version, ...(node.name !== undefined ? { name: node.name } : {}) };
    const flow: WorkflowFlowNode = {
      id: node.id,
      type: 'workflow',
      position: node.position,
      data,
      selected,
      // Until the browser measures it: what fitting the view and culling off-screen nodes use.
      initialWidth: NODE_WIDTH,
      initialHeight: estimatedHeight(portsOfNode(catalogue, node).length),
      ...(measured ? { measured } : {}),
      ...(node.disabled ? { className: 'is-disabled' } : {}),
    };
    this.nodeCache.set(node, { selected, measured, flow });
    return flow;
  }

  private noteNode(note: StickyNote, selected: boolean): NoteFlowNode {
    const cached = this.noteCache.get(note);
    if (cached && cached.selected === selected) return cached.flow;
    const size = { width: note.width, height: note.height };
    const flow: NoteFlowNode = {
      id: note.id,
      type: 'note',
      position: note.position,
      data: NO_DATA,
      selected,
      width: note.width,
      height: note.height,
      // Its size is known exactly, so React Flow needs no measuring pass to place it.
      measured: size,
    };
    this.noteCache.set(note, { selected, flow });
    return flow;
  }

  private edge(edge: WorkflowEdge, selected: boolean, label: string | undefined): PortFlowEdge {
    const cached = this.edgeCache.get(edge);
    if (cached && cached.selected === selected && cached.label === label) return cached.flow;
    const flow: PortFlowEdge = {
      id: edge.id,
      type: 'port',
      source: edge.source,
      sourceHandle: edge.sourcePort,
      target: edge.target,
      targetHandle: edge.targetPort,
      selected,
      data: label === undefined ? {} : { label },
      ariaLabel: `Connection from ${edge.source}${label ? ` (${label})` : ''} to ${edge.target}`,
    };
    this.edgeCache.set(edge, { selected, label, flow });
    return flow;
  }
}

/** The ids of a workflow's sticky notes (React Flow's changes name nodes and notes alike). */
export function isNoteId(state: { workflow: Pick<Workflow, 'stickyNotes'> }, id: string): boolean {
  return noteById(state).has(id);
}
