// The context fields a node can read, for template autocomplete, the rules builder's field input
// and Monaco: `trigger.*` (the last trigger payload, else a sample shape of the trigger's kind),
// `contact.*`, `workflow.*`, `execution.*`, and `steps.<id>.*` of the nodes upstream of it only,
// with their fields from the last run's outputs. Also the text logic of where a `{{ … }}` being
// typed starts and what choosing a suggestion inserts.
import type { NodeDescription, Workflow, WorkflowNode } from '@tern/shared';

export interface FieldSuggestion {
  /** The context path, e.g. `steps.lookup.status`. */
  path: string;
  /** A short hint: the kind of value and a sample of it. */
  detail: string;
}

/** Nesting below a root (`trigger`, `steps.<id>`) that suggestions go into. */
const MAX_DEPTH = 4;
/** Suggestions from one sample value at most, so a large payload stays quick to search. */
const MAX_PER_ROOT = 150;

const TRIGGER_SAMPLES: Record<string, unknown> = {
  webhook: { body: {}, query: {}, headers: {}, method: 'POST', path: '' },
  schedule: { firedAt: '2026-01-01T09:00:00.000Z' },
  event: { event: { type: 'order.completed', data: {}, at: '2026-01-01T09:00:00.000Z' }, contact: {} },
  manual: {},
};

/** Outputs of nodes as documented in the contract, offered until a run shows the real ones. */
const OUTPUT_SAMPLES: Record<string, unknown> = {
  'http.request': { status: 200, headers: {}, body: {} },
  'email.send': { messageId: '', status: '' },
  'sms.send': { messageId: '', status: '' },
  'trigger.webhook': TRIGGER_SAMPLES.webhook,
  'trigger.schedule': TRIGGER_SAMPLES.schedule,
  'trigger.event': TRIGGER_SAMPLES.event,
};

/** A contact's standard fields as templates and rules read them. */
export const CONTACT_FIELDS: FieldSuggestion[] = [
  ['id', 'text'], ['email', 'text'], ['phone', 'text'], ['first_name', 'text'], ['last_name', 'text'],
  ['timezone', 'text'], ['tags', 'list'], ['score', 'number'], ['fields', 'custom fields'],
].map(([key, detail]) => ({ path: `contact.${key}`, detail: `contact · ${detail}` }));

const RUN_FIELDS: FieldSuggestion[] = [
  { path: 'workflow.id', detail: 'workflow · text' },
  { path: 'workflow.name', detail: 'workflow · text' },
  { path: 'workflow.version', detail: 'workflow · number' },
  { path: 'workflow.settings.timezone', detail: 'workflow · text' },
  { path: 'execution.id', detail: 'this run · text' },
  { path: 'execution.mode', detail: 'this run · text' },
  { path: 'execution.startedAt', detail: 'this run · date' },
];

/** The nodes with a path into `nodeId`, nearest first. */
export function upstreamOf(workflow: Pick<Workflow, 'edges'>, nodeId: string): string[] {
  const incoming = new Map<string, string[]>();
  for (const e of workflow.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const seen = new Set<string>([nodeId]);
  const order: string[] = [];
  let frontier = [nodeId];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier)
      for (const source of incoming.get(id) ?? []) {
        if (seen.has(source)) continue;
        seen.add(source);
        order.push(source);
        next.push(source);
      }
    frontier = next;
  }
  return order;
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return `list of ${value.length}`;
  if (typeof value === 'object') return 'object';
  if (typeof value === 'string') {
    const short = value.length > 28 ? `${value.slice(0, 27)}…` : value;
    return short ? `text · "${short}"` : 'text';
  }
  return `${typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'yes/no' : typeof value} · ${String(value)}`;
}

/** The path of `value` and of everything inside it, to a sensible depth (lists: their first item). */
export function flattenPaths(prefix: string, value: unknown, label = ''): FieldSuggestion[] {
  const out: FieldSuggestion[] = [];
  const visit = (path: string, v: unknown, depth: number) => {
    if (out.length >= MAX_PER_ROOT) return;
    out.push({ path, detail: label ? `${label} · ${describeValue(v)}` : describeValue(v) });
    if (depth >= MAX_DEPTH || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      if (v.length && v[0] !== null && typeof v[0] === 'object') visit(`${path}.0`, v[0], depth + 1);
      return;
    }
    for (const [key, child] of Object.entries(v)) visit(`${path}.${key}`, child, depth + 1);
  };
  visit(prefix, value, 0);
  return out;
}

export interface ContextSource {
  workflow: Pick<Workflow, 'nodes' | 'edges'>;
  lastOutputs: Record<string, unknown>;
  lastTrigger: unknown;
  describe(node: WorkflowNode): NodeDescription | undefined;
}

/** Every field a template or rule of `nodeId` can read. */
export function contextFields(source: ContextSource, nodeId: string): FieldSuggestion[] {
  const byId = new Map(source.workflow.nodes.map((n) => [n.id, n]));
  const upstream = upstreamOf(source.workflow, nodeId).filter((id) => byId.has(id));
  // The trigger upstream decides the payload's shape; a node not yet connected gets the workflow's.
  const triggerKind = (n: WorkflowNode | undefined) => (n ? source.describe(n)?.trigger : undefined);
  const kind =
    upstream.map((id) => triggerKind(byId.get(id))).find(Boolean) ??
    source.workflow.nodes.map(triggerKind).find(Boolean);

  const trigger: FieldSuggestion[] = [];
  if (source.lastTrigger !== undefined && source.lastTrigger !== null) trigger.push(...flattenPaths('trigger', source.lastTrigger, 'trigger'));
  if (kind) trigger.push(...flattenPaths('trigger', TRIGGER_SAMPLES[kind] ?? {}, 'trigger'));
  if (!trigger.length) trigger.push({ path: 'trigger', detail: 'trigger · the payload that started the run' });

  const steps = upstream.flatMap((id) => {
    const node = byId.get(id)!;
    const name = node.name || source.describe(node)?.title || node.type;
    const out = source.lastOutputs[id];
    if (out !== undefined) return flattenPaths(`steps.${id}`, out, name);
    const sample = OUTPUT_SAMPLES[node.type];
    return sample ? flattenPaths(`steps.${id}`, sample, name) : [{ path: `steps.${id}`, detail: `${name} · output` }];
  });

  return dedupe([...steps, ...trigger, ...CONTACT_FIELDS, ...RUN_FIELDS]);
}

function dedupe(list: FieldSuggestion[]): FieldSuggestion[] {
  const seen = new Set<string>();
  return list.filter((s) => (seen.has(s.path) ? false : (seen.add(s.path), true)));
}

/** Suggestions matching what was typed: paths that start with it first, then those containing it. */
export function filterSuggestions(all: FieldSuggestion[], query: string, limit = 50): FieldSuggestion[] {
  const q = query.trim().toLowerCase();
  if (!q) return all.slice(0, limit);
  const starts: FieldSuggestion[] = [];
  const contains: FieldSuggestion[] = [];
  for (const s of all) {
    const p = s.path.toLowerCase();
    if (p.startsWith(q)) starts.push(s);
    else if (p.includes(q)) contains.push(s);
  }
  return [...starts, ...contains].slice(0, limit);
}

/** The part of a text a suggestion replaces, and what was typed there so far. */
export interface SuggestRange {
  query: string;
  from: number;
  to: number;
}

const PATH_CHARS = /^[\w.[\]-]*$/;

/**
 * Inside an open `{{` before the caret (a `{{ steps.loo` being typed), the range from the braces
 * to the end of the path and any closing braces; with `forced` (Ctrl+Space) and no open braces,
 * the caret itself. Null when nothing should be suggested.
 */
export function templateRange(text: string, caret: number, forced: boolean): SuggestRange | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.lastIndexOf('}}') > open) return forced ? { query: '', from: caret, to: caret } : null;
  const inner = before.slice(open + 2).trimStart();
  if (!PATH_CHARS.test(inner)) return forced ? { query: '', from: caret, to: caret } : null;
  const after = /^[\w.[\]-]*(\s*\}\})?/.exec(text.slice(caret))?.[0] ?? '';
  return { query: inner, from: open, to: caret + after.length };
}

/** The text with `{{ path }}` in place of the range, and the caret just after it. */
export function insertTemplate(text: string, range: SuggestRange, path: string) {
  const inserted = `{{ ${path} }}`;
  return { text: text.slice(0, range.from) + inserted + text.slice(range.to), caret: range.from + inserted.length };
}

/** The whole text is the query (a field path input). */
export const wholeRange = (text: string): SuggestRange => ({ query: text, from: 0, to: text.length });
export const insertPath = (_text: string, _range: SuggestRange, path: string) => ({ text: path, caret: path.length });
