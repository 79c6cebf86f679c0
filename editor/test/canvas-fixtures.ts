// Canvas tests' node catalogue: the built-in nodes exactly as `GET /api/nodes` describes them,
// and a store loaded with it.
import { createBuiltinCatalogue } from '@tern/nodes';
import { describeNode, type NodeDescription, type Workflow, type WorkflowNode } from '@tern/shared';
import { createEditorStore } from '../src/store/editor-store.js';

export const catalogue: NodeDescription[] = createBuiltinCatalogue().list().map(describeNode);

export const describeType = (type: string) => catalogue.find((d) => d.type === type)!;

export function node(id: string, type: string, x = 0, y = 0, params: Record<string, unknown> = {}): WorkflowNode {
  return { id, type, version: 1, position: { x, y }, params };
}

/** A store with the catalogue loaded and `workflow` opened. */
export function storeWith(workflow: Partial<Workflow> = {}) {
  const store = createEditorStore();
  store.getState().setCatalogue(catalogue);
  store.getState().load('w1', { name: 'Test', nodes: [], edges: [], settings: { timezone: 'UTC' }, ...workflow });
  return store;
}
