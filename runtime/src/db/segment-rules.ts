// The rules of a segment, checked and resolved into what a store compiles to SQL. A segment rule is
// a field rule over the contact (`{ field, op, value }` with the condition operators) or an event
// rule (`{ event, op: did|did_not, count?, withinDays?, filter? }`), in all/any groups. Resolving
// names each field's storage (a column, the tags, a path in a JSON column) once, so every store
// compiles the same meaning, and every problem names the rule's path (`rules.rules[1].field`).
import { type Rule, type RuleOperator, ruleOperators, unaryOperators } from '@tern/shared';

export type EventCountOp = 'gte' | 'lte' | 'eq';

export interface EventRule {
  event: string;
  op: 'did' | 'did_not';
  /** How many times; default: at least once. */
  count?: { op: EventCountOp; value: number };
  /** Only events of the last N days (a rule that expires without any write: see refreshTimeBased). */
  withinDays?: number;
  /** Rules over the event: `data.<path>` (or `event.data.<path>`). */
  filter?: EventFilter;
}

export interface EventFilter {
  match: 'all' | 'any';
  rules: Array<Rule | EventFilter>;
}

export interface SegmentRules {
  match: 'all' | 'any';
  rules: Array<Rule | EventRule | SegmentRules>;
}

/** Contact columns a rule may name as `contact.<column>`. */
export const CONTACT_COLUMNS = ['id', 'email', 'phone', 'first_name', 'last_name', 'timezone', 'locale', 'created_at', 'updated_at'] as const;
export type ContactColumn = (typeof CONTACT_COLUMNS)[number];

/** Where a rule's value lives. `path` is a path of keys inside a JSON column. */
export type FieldTarget =
  | { kind: 'column'; column: ContactColumn }
  | { kind: 'score' }
  | { kind: 'tags' }
  | { kind: 'json'; column: 'fields' | 'consent' | 'data'; path: string[] };

export type FieldOperator = Exclude<RuleOperator, 'in_segment' | 'not_in_segment'>;

export interface ResolvedFieldRule {
  kind: 'field';
  target: FieldTarget;
  op: FieldOperator;
  value: unknown;
}

export interface ResolvedEventRule {
  kind: 'event';
  event: string;
  did: boolean;
  count: { op: EventCountOp; value: number };
  withinDays: number | null;
  filter: ResolvedGroup | null;
}

export interface ResolvedGroup {
  kind: 'group';
  match: 'all' | 'any';
  rules: Array<ResolvedFieldRule | ResolvedEventRule | ResolvedGroup>;
}

export interface RuleProblem {
  field: string;
  message: string;
}

const CONSENT_CHANNELS = new Set(['email', 'sms']);
const CONSENT_KEYS = new Set(['status', 'source', 'at']);
const STANDARD = new Set<string>([...CONTACT_COLUMNS, 'score', 'tags', 'consent', 'fields', 'segments']);
/** A key inside a JSON column: anything a JSON path can quote. */
const JSON_KEY = /^[^"\\[\]\u0000-\u001f]+$/;
const MAX_DEPTH = 8;
const MAX_RULES = 200;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The rules in their stored shape (trimmed, `match` defaulted), resolved, or every problem found. */
export function resolveSegmentRules(input: unknown, path = 'rules'): { rules: SegmentRules; resolved: ResolvedGroup } | { problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const counter = { rules: 0 };
  const parsed = group(input, path, 'contact', problems, counter, 0);
  if (counter.rules > MAX_RULES) problems.push({ field: path, message: `may hold at most ${MAX_RULES} rules` });
  if (problems.length > 0 || !parsed) return { problems };
  return { rules: parsed.stored as SegmentRules, resolved: parsed.resolved };
}

/** Whether membership can change with time alone (`withinDays`, `is_anniversary`): such segments are swept. */
export function dependsOnTime(group: ResolvedGroup): boolean {
  return group.rules.some((r) =>
    r.kind === 'group' ? dependsOnTime(r)
      : r.kind === 'event' ? r.withinDays !== null || (r.filter !== null && dependsOnTime(r.filter))
        : r.op === 'is_anniversary');
}

type Scope = 'contact' | 'event';
type Parsed<S> = { stored: S; resolved: ResolvedGroup };

function group(input: unknown, path: string, scope: Scope, problems: RuleProblem[], counter: { rules: number }, depth: number): Parsed<SegmentRules | EventFilter> | null {
  if (!isObject(input)) {
    problems.push({ field: path, message: 'must be a group: { "match": "all" | "any", "rules": [ … ] }' });
    return null;
  }
  const unknown = Object.keys(input).filter((k) => k !== 'match' && k !== 'rules');
  for (const key of unknown) problems.push({ field: `${path}.${key}`, message: 'is not part of a rules group (match, rules)' });
  const match = input.match ?? 'all';
  if (match !== 'all' && match !== 'any') problems.push({ field: `${path}.match`, message: 'must be "all" or "any"' });
  if (!Array.isArray(input.rules)) {
    problems.push({ field: `${path}.rules`, message: 'must be an array of rules' });
    return null;
  }
  if (depth >= MAX_DEPTH) {
    problems.push({ field: path, message: `groups may be nested at most ${MAX_DEPTH} deep` });
    return null;
  }
  const stored: Array<Rule | EventRule | SegmentRules> = [];
  const resolved: ResolvedGroup['rules'] = [];
  input.rules.forEach((raw, index) => {
    counter.rules++;
    const at = `${path}.rules[${index}]`;
    const rule = isObject(raw) && Array.isArray(raw.rules) ? group(raw, at, scope, problems, counter, depth + 1)
      : isObject(raw) && 'event' in raw && scope === 'contact' ? eventRule(raw, at, problems, counter, depth)
        : fieldRule(raw, at, scope, problems);
    if (rule) {
      stored.push(rule.stored);
      resolved.push(rule.resolved);
    }
  });
  return { stored: { match: match as 'all' | 'any', rules: stored } as SegmentRules, resolved: { kind: 'group', match: match as 'all' | 'any', rules: resolved } };
}

function fieldRule(raw: unknown, path: string, scope: Scope, problems: RuleProblem[]): { stored: Rule; resolved: ResolvedFieldRule } | null {
  if (!isObject(raw)) {
    problems.push({ field: path, message: scope === 'contact'
      ? 'must be a rule ({ field, op, value }), an event rule ({ event, op: "did" | "did_not" }) or a group'
      : 'must be a rule ({ field, op, value }) or a group' });
    return null;
  }
  const before = problems.length;
  for (const key of Object.keys(raw).filter((k) => k !== 'field' && k !== 'op' && k !== 'value')) {
    problems.push({ field: `${path}.${key}`, message: 'is not part of a rule (field, op, value)' });
  }
  const field = typeof raw.field === 'string' ? raw.field.trim() : '';
  const op = raw.op as RuleOperator;
  if (!(ruleOperators as readonly unknown[]).includes(op)) {
    problems.push({ field: `${path}.op`, message: `is not an operator; use one of: ${ruleOperators.filter((o) => !o.endsWith('_segment')).join(', ')}` });
  } else if (op === 'in_segment' || op === 'not_in_segment') {
    problems.push({ field: `${path}.op`, message: 'a segment cannot test membership of segments; combine their rules instead' });
  }
  const target = field === '' ? null : scope === 'contact' ? contactTarget(field, op) : eventTarget(field);
  if (field === '') problems.push({ field: `${path}.field`, message: 'name the field to test, e.g. contact.score' });
  else if (!target) {
    problems.push({ field: `${path}.field`, message: scope === 'contact'
      ? `"${field}" is not a contact field: use contact.email, contact.score, contact.tags, contact.consent.email.status, contact.<custom field> …`
      : `"${field}" is not a field of the event: use data.<field>, e.g. data.total` });
  }
  if (problems.length > before || !target) return null;
  const value = checkValue(op as FieldOperator, raw.value, target, `${path}.value`, problems);
  if (problems.length > before) return null;
  const stored: Rule = { field, op, ...(raw.value !== undefined && !unaryOperators.has(op) ? { value: raw.value } : {}) };
  return { stored, resolved: { kind: 'field', target, op: op as FieldOperator, value } };
}

function eventRule(raw: Record<string, unknown>, path: string, problems: RuleProblem[], counter: { rules: number }, depth: number): { stored: EventRule; resolved: ResolvedEventRule } | null {
  const before = problems.length;
  for (const key of Object.keys(raw).filter((k) => !['event', 'op', 'count', 'withinDays', 'filter'].includes(k))) {
    problems.push({ field: `${path}.${key}`, message: 'is not part of an event rule (event, op, count, withinDays, filter)' });
  }
  const event = typeof raw.event === 'string' ? raw.event.trim() : '';
  if (event === '' || event.length > 200) problems.push({ field: `${path}.event`, message: 'must name the event type, e.g. order.completed' });
  if (raw.op !== 'did' && raw.op !== 'did_not') problems.push({ field: `${path}.op`, message: 'must be "did" or "did_not" for an event rule' });
  let count: ResolvedEventRule['count'] = { op: 'gte', value: 1 };
  if (raw.count !== undefined) {
    const c = raw.count;
    if (!isObject(c) || !['gte', 'lte', 'eq'].includes(c.op as string) || !Number.isInteger(c.value) || (c.value as number) < 0) {
      problems.push({ field: `${path}.count`, message: 'must be { "op": "gte" | "lte" | "eq", "value": a whole number ≥ 0 }' });
    } else {
      count = { op: c.op as EventCountOp, value: c.value as number };
    }
  }
  const within = raw.withinDays;
  if (within !== undefined && (typeof within !== 'number' || !Number.isFinite(within) || within <= 0 || within > 36_500)) {
    problems.push({ field: `${path}.withinDays`, message: 'must be a number of days above 0' });
  }
  const filter = raw.filter === undefined ? null : group(raw.filter, `${path}.filter`, 'event', problems, counter, depth + 1);
  if (problems.length > before) return null;
  const stored: EventRule = {
    event, op: raw.op as EventRule['op'],
    ...(raw.count !== undefined ? { count } : {}),
    ...(within !== undefined ? { withinDays: within as number } : {}),
    ...(filter ? { filter: filter.stored as EventFilter } : {}),
  };
  return {
    stored,
    resolved: { kind: 'event', event, did: raw.op === 'did', count, withinDays: (within as number | undefined) ?? null, filter: filter?.resolved ?? null },
  };
}

/** `contact.<name>`: a column, the score, the tags, consent per channel, or a custom field. */
function contactTarget(field: string, op: unknown): FieldTarget | null {
  const parts = field.split('.').map((p) => p.trim());
  if (parts[0] !== 'contact' || parts.some((p) => p === '')) return null;
  const [, name, ...rest] = parts;
  if (name === undefined) return op === 'has_tag' || op === 'not_has_tag' ? { kind: 'tags' } : null;
  if (op === 'has_tag' || op === 'not_has_tag') return name === 'tags' && rest.length === 0 ? { kind: 'tags' } : null;
  if ((CONTACT_COLUMNS as readonly string[]).includes(name)) return rest.length === 0 ? { kind: 'column', column: name as ContactColumn } : null;
  if (name === 'score') return rest.length === 0 ? { kind: 'score' } : null;
  if (name === 'tags') return rest.length === 0 ? { kind: 'tags' } : null;
  if (name === 'consent') {
    const [channel, key, ...more] = rest;
    if (channel === undefined || !CONSENT_CHANNELS.has(channel) || more.length > 0) return null;
    if (key !== undefined && !CONSENT_KEYS.has(key)) return null;
    return { kind: 'json', column: 'consent', path: key === undefined ? [channel] : [channel, key] };
  }
  const path = name === 'fields' ? rest : [name, ...rest];
  if (path.length === 0 || (name !== 'fields' && STANDARD.has(name)) || !path.every((p) => JSON_KEY.test(p))) return null;
  return { kind: 'json', column: 'fields', path };
}

/** `data.<path>` or `event.data.<path>` of an event. */
function eventTarget(field: string): FieldTarget | null {
  const parts = field.split('.').map((p) => p.trim());
  const path = parts[0] === 'data' ? parts.slice(1) : parts[0] === 'event' && parts[1] === 'data' ? parts.slice(2) : null;
  if (!path || path.length === 0 || !path.every((p) => p !== '' && JSON_KEY.test(p))) return null;
  return { kind: 'json', column: 'data', path };
}

/** The value as the compiler takes it (numbers as numbers, lists as lists, dates as epoch ms). */
function checkValue(op: FieldOperator, value: unknown, target: FieldTarget, path: string, problems: RuleProblem[]): unknown {
  const fail = (message: string) => {
    problems.push({ field: path, message });
    return undefined;
  };
  if (unaryOperators.has(op)) return undefined;
  switch (op) {
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      return Number.isFinite(n) ? n : fail('must be a number');
    }
    case 'before':
    case 'after': {
      const t = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Date.parse(value) : Number.NaN;
      return Number.isFinite(t) ? t : fail('must be a date, e.g. 2026-12-31 or 2026-12-31T09:00:00Z');
    }
    case 'in':
    case 'not_in': {
      const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((s) => s.trim()) : null;
      if (!list || list.some((v) => !isScalar(v))) return fail('must be a list of values (or text separated by commas)');
      return list;
    }
    case 'has_tag':
    case 'not_has_tag':
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : fail('must name a tag');
    default:
      if (!isScalar(value)) return fail('must be text, a number, true/false or null');
      if (target.kind === 'tags' && op !== 'contains' && op !== 'not_contains') return fail('tags are tested with has_tag, not_has_tag, contains or not_contains');
      return value ?? null;
  }
}

const isScalar = (v: unknown) => v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v);
