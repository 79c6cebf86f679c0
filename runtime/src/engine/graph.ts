// A workflow version compiled for execution: nodes with their definitions, edges indexed by
// source port and by target, and which nodes can reach which (for joins).
import {
  type AnyNodeDefinition,
  type NodeCatalogue,
  type Workflow,
  type WorkflowEdge,
  type WorkflowNode,
} from '@tern/shared';
import type { z } from 'zod';

export interface CompiledNode {
  node: WorkflowNode;
  definition: AnyNodeDefinition;
  /** Edges leaving the node, by source port. */
  outgoing: Map<string, WorkflowEdge[]>;
  incoming: WorkflowEdge[];
  /** Set on join nodes (logic.merge): how they fire. */
  join: 'all' | 'first' | null;
  /** The node's params parsed as written, without rendering templates (computed once; for
   *  params read outside an execution, such as a webhook trigger's auth). */
  staticParams(): z.ZodSafeParseResult<unknown>;
}

export interface CompiledGraph {
  workflow: Workflow;
  nodes: Map<string, CompiledNode>;
  triggers: CompiledNode[];
  /** Node ids reachable from a node by following edges (the node itself excluded unless in a loop). */
  reachable(from: string): ReadonlySet<string>;
}

export class GraphError extends Error {
  override name = 'GraphError';
}

export function compileGraph(workflow: Workflow, catalogue: NodeCatalogue): CompiledGraph {
  const nodes = new Map<string, CompiledNode>();
  for (const node of workflow.nodes) {
    const definition = catalogue.get(node.type, node.version);
    if (!definition) throw new GraphError(`node "${node.id}": unknown node ${node.type}@${node.version}`);
    let parsed: z.ZodSafeParseResult<unknown> | undefined;
    const staticParams = () => (parsed ??= (definition.params as z.ZodType).safeParse(node.params));
    nodes.set(node.id, { node, definition, outgoing: new Map(), incoming: [], join: joinMode(definition, node.params), staticParams });
  }
  for (const edge of workflow.edges) {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target) throw new GraphError(`edge "${edge.id}" connects a missing node`);
    const list = source.outgoing.get(edge.sourcePort) ?? [];
    list.push(edge);
    source.outgoing.set(edge.sourcePort, list);
    target.incoming.push(edge);
  }
  const reach = new Map<string, Set<string>>();
  const reachable = (from: string): ReadonlySet<string> => {
    let set = reach.get(from);
    if (set) return set;
    set = new Set();
    const queue = [from];
    while (queue.length) {
      const id = queue.pop()!;
      for (const edges of nodes.get(id)?.outgoing.values() ?? []) {
        for (const e of edges) {
          if (!set.has(e.target)) {
            set.add(e.target);
            queue.push(e.target);
          }
        }
      }
    }
    reach.set(from, set);
    return set;
  };
  const triggers = [...nodes.values()].filter((n) => n.definition.trigger);
  return { workflow, nodes, triggers, reachable };
}

function joinMode(definition: AnyNodeDefinition, params: Record<string, unknown>): 'all' | 'first' | null {
  if (!definition.join) return null;
  const parsed = (definition.params as z.ZodType).safeParse(params);
  return parsed.success ? definition.join(parsed.data) : 'all';
}
