// The node catalogue of `GET /api/nodes`: what the palette lists and the forms are built from.
import { type NodeDescription, portsOf, type WorkflowNode } from '@tern/shared';
import type { StateCreator } from 'zustand';
import type { EditorState } from './editor-store.js';

export interface CatalogueSlice {
  nodeTypes: NodeDescription[];
  /** By `type@version`. */
  nodeTypeIndex: Map<string, NodeDescription>;
  setCatalogue(items: NodeDescription[]): void;
}

export const typeKey = (type: string, version: number) => `${type}@${version}`;

export const createCatalogueSlice: StateCreator<EditorState, [], [], CatalogueSlice> = (set) => ({
  nodeTypes: [],
  nodeTypeIndex: new Map(),
  setCatalogue: (items) => set({ nodeTypes: items, nodeTypeIndex: new Map(items.map((d) => [typeKey(d.type, d.version), d])) }),
});

export function describe(state: Pick<CatalogueSlice, 'nodeTypeIndex'>, node: Pick<WorkflowNode, 'type' | 'version'>) {
  return state.nodeTypeIndex.get(typeKey(node.type, node.version));
}

/** The output ports of a node as placed, from its description and current params. */
export function outputsOfNode(description: NodeDescription | undefined, params: unknown): string[] {
  if (!description) return ['out'];
  return portsOf(description.outputs ?? description.dynamicOutputs ?? [], params);
}
