// Validates a workflow against the node catalogue and lists *every* problem, each naming the node
// (or edge) and the field, so the editor and the API can show all of them at once.
import type { z } from 'zod';
import { type AnyNodeDefinition, type NodeCatalogue, outputsOf } from './node-contract.js';
import { getPath } from './paths.js';
import { type Problem, problemsFromZod } from './problems.js';
import { isTemplate, type TemplateEngine, templates as defaultTemplates } from './template.js';
import { type Workflow, workflowSchema } from './workflow.js';

export type ValidationResult = { ok: true; workflow: Workflow; problems: [] } | { ok: false; problems: Problem[] };

export function validateWorkflow(
  input: unknown,
  catalogue: NodeCatalogue,
  engine: TemplateEngine = defaultTemplates,
): ValidationResult {
  const parsed = workflowSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: structuralProblems(parsed.error, input) };
  const workflow = parsed.data;
  const problems: Problem[] = [];
  const timezone = String(workflow.settings.timezone);
  if (!isValidTimeZone(timezone)) {
    problems.push({ field: 'settings.timezone', code: 'invalid_timezone', message: `"${timezone}" is not an IANA time zone` });
  }

  const definitions = new Map<string, AnyNodeDefinition>();
  const seenNodes = new Set<string>();
  for (const node of workflow.nodes) {
    if (seenNodes.has(node.id)) {
      problems.push({ nodeId: node.id, field: 'id', code: 'duplicate_id', message: `node id "${node.id}" is used twice` });
      continue;
    }
    seenNodes.add(node.id);
    const definition = catalogue.get(node.type, node.version);
    if (!definition) {
      problems.push(
        catalogue.hasType(node.type)
          ? { nodeId: node.id, field: 'version', code: 'unknown_version',
              message: `${node.type} has no version ${node.version} (known: ${catalogue.versionsOf(node.type).join(', ')})` }
          : { nodeId: node.id, field: 'type', code: 'unknown_type', message: `unknown node type "${node.type}"` },
      );
      continue;
    }
    definitions.set(node.id, definition);
    problems.push(...paramProblems(node.id, node.params, definition, timezone, engine));
  }

  if (![...definitions.values()].some((d) => d.trigger)) {
    problems.push({ field: 'nodes', code: 'no_trigger', message: 'a workflow needs a trigger node to start it' });
  }

  const seenEdges = new Set<string>();
  for (const edge of workflow.edges) {
    if (seenEdges.has(edge.id)) {
      problems.push({ edgeId: edge.id, field: 'id', code: 'duplicate_id', message: `edge id "${edge.id}" is used twice` });
    }
    seenEdges.add(edge.id);
    const source = workflow.nodes.find((n) => n.id === edge.source);
    const target = workflow.nodes.find((n) => n.id === edge.target);
    if (!source) {
      problems.push({ edgeId: edge.id, field: 'source', code: 'missing_node', message: `edge ${edge.id} starts at missing node "${edge.source}"` });
    } else {
      const def = definitions.get(source.id);
      if (def) {
        const ports = safeOutputs(def, source.params);
        if (!ports.includes(edge.sourcePort)) {
          problems.push({ nodeId: source.id, edgeId: edge.id, field: 'sourcePort', code: 'missing_port',
            message: `node "${source.id}" has no output port "${edge.sourcePort}" (ports: ${ports.join(', ') || 'none'})` });
        }
      }
    }
    if (!target) {
      problems.push({ edgeId: edge.id, field: 'target', code: 'missing_node', message: `edge ${edge.id} ends at missing node "${edge.target}"` });
    } else {
      const def = definitions.get(target.id);
      if (def?.trigger) {
        problems.push({ nodeId: target.id, edgeId: edge.id, field: 'targetPort', code: 'missing_port',
          message: `trigger "${target.id}" has no input; edges cannot end at a trigger` });
      } else if (edge.targetPort !== 'in') {
        problems.push({ nodeId: target.id, edgeId: edge.id, field: 'targetPort', code: 'missing_port',
          message: `node "${target.id}" has no input port "${edge.targetPort}" (its input is "in")` });
      }
    }
  }

  for (const cycle of cyclesWithoutWait(workflow, definitions)) {
    problems.push({ nodeId: cycle[0], field: 'edges', code: 'cycle',
      message: `the loop ${[...cycle, cycle[0]].join(' → ')} has no delay or wait in it; it would run forever` });
  }

  return problems.length === 0 ? { ok: true, workflow, problems: [] } : { ok: false, problems };
}

/** Problems of one node's params: schema issues (except where a template decides at run time),
 *  template syntax errors and the node's own checks. */
export function paramProblems(
  nodeId: string,
  params: Record<string, unknown>,
  definition: AnyNodeDefinition,
  timezone: string,
  engine: TemplateEngine = defaultTemplates,
): Problem[] {
  const problems: Problem[] = [];
  for (const field of definition.fixedParams ?? []) {
    if (isTemplate(params[field])) {
      problems.push({ nodeId, field: `params.${field}`, code: 'invalid_param',
        message: 'is fixed when the workflow is activated, so it cannot hold a template' });
    }
  }
  for (const [path, source] of templatedStrings(params, definition.rawParams ?? [])) {
    const error = engine.check(source);
    if (error) problems.push({ nodeId, field: `params.${path}`, code: 'template_syntax', message: `template error: ${error}` });
  }
  const result = (definition.params as z.ZodType).safeParse(params);
  if (!result.success) {
    const decidedAtRunTime = (path: readonly PropertyKey[]) =>
      path.some((_, i) => isTemplate(getPath(params, path.slice(0, i + 1).map(String).join('.'))));
    const issues = result.error.issues.filter((issue) => !decidedAtRunTime(issue.path));
    problems.push(...problemsFromZod({ issues } as z.ZodError, 'params', { nodeId }));
    if (issues.length > 0) return problems;
  }
  if (definition.check) {
    const value = result.success ? result.data : params;
    for (const p of runCheck(definition, value, timezone, result.success)) {
      problems.push({ nodeId, field: `params.${p.field}`, code: 'invalid_param', message: p.message });
    }
  }
  return problems;
}

/** A node's check over raw params (a template decides some value) may trip over a template
 *  string where it expects a list or an object; the schema checks that value at run time. */
function runCheck(definition: AnyNodeDefinition, value: unknown, timezone: string, parsed: boolean) {
  try {
    return definition.check!(value, { timezone });
  } catch (err) {
    if (parsed) throw err;
    return [];
  }
}

function templatedStrings(value: unknown, raw: readonly string[], path = ''): Array<[string, string]> {
  if (isTemplate(value)) return [[path, value]];
  if (value === null || typeof value !== 'object') return [];
  const out: Array<[string, string]> = [];
  for (const [key, v] of Object.entries(value)) {
    if (path === '' && raw.includes(key)) continue;
    out.push(...templatedStrings(v, raw, path === '' ? key : `${path}.${key}`));
  }
  return out;
}

function safeOutputs(definition: AnyNodeDefinition, params: unknown): string[] {
  try {
    return outputsOf(definition, (definition.params as z.ZodType).safeParse(params).data ?? params);
  } catch {
    return [];
  }
}

function structuralProblems(error: z.ZodError, input: unknown): Problem[] {
  return error.issues.map((issue) => {
    const [collection, index, ...rest] = issue.path;
    const list = collection === 'nodes' || collection === 'edges' ? getPath(input, String(collection)) : undefined;
    const item = Array.isArray(list) && typeof index === 'number' ? (list[index] as { id?: unknown } | undefined) : undefined;
    const itemId = item && typeof item.id === 'string' ? item.id : undefined;
    if (itemId !== undefined) {
      return {
        ...(collection === 'nodes' ? { nodeId: itemId } : { edgeId: itemId }),
        field: rest.length ? rest.map(String).join('.') : String(collection),
        message: issue.message,
        code: issue.code,
      };
    }
    return problemsFromZod({ issues: [issue] } as z.ZodError)[0]!;
  });
}

/** Cycles made only of nodes that cannot wait (Tarjan's strongly connected components). */
function cyclesWithoutWait(workflow: Workflow, definitions: Map<string, AnyNodeDefinition>): string[][] {
  const keep = (id: string) => definitions.has(id) && !definitions.get(id)!.waits;
  const adjacency = new Map<string, string[]>();
  for (const e of workflow.edges) {
    if (!keep(e.source) || !keep(e.target)) continue;
    adjacency.set(e.source, [...(adjacency.get(e.source) ?? []), e.target]);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of adjacency.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (adjacency.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) cycles.push(component.reverse());
    }
  };
  for (const node of workflow.nodes) if (keep(node.id) && !index.has(node.id)) visit(node.id);
  return cycles;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
