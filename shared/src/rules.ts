// Condition rules: all/any groups of { field, op, value } over the execution context, nestable.
// Used by logic.condition and logic.switch, by event filters and goals, and (compiled to SQL by the
// runtime) by segments.
import { z } from 'zod';
import { isAnniversary } from './anniversary.js';
import { getPath } from './paths.js';

export const ruleOperators = [
  'eq', 'neq', 'gt', 'gte', 'lt', 'lte',
  'contains', 'not_contains', 'starts_with', 'ends_with',
  'exists', 'not_exists', 'in', 'not_in', 'before', 'after',
  'has_tag', 'not_has_tag', 'in_segment', 'not_in_segment', 'is_anniversary',
] as const;
export type RuleOperator = (typeof ruleOperators)[number];

/** Operators that take no value. */
export const unaryOperators: ReadonlySet<RuleOperator> = new Set(['exists', 'not_exists', 'is_anniversary']);

export const ruleSchema = z.object({
  field: z.string().min(1, 'name the field to test, e.g. trigger.body.score'),
  op: z.enum(ruleOperators, { error: `must be one of: ${ruleOperators.join(', ')}` }),
  value: z.unknown().optional(),
});
export type Rule = z.output<typeof ruleSchema>;

export interface Rules {
  match: 'all' | 'any';
  rules: Array<Rule | Rules>;
}

export const rulesSchema: z.ZodType<Rules> = z.lazy(() =>
  z.object({
    match: z.enum(['all', 'any']).default('all'),
    rules: z.array(z.union([ruleSchema, rulesSchema])),
  }),
) as z.ZodType<Rules>;

export function isGroup(rule: Rule | Rules): rule is Rules {
  return Array.isArray((rule as Rules).rules);
}

/** Facts about the contact that rules can ask for but that are not plain fields. */
export interface RuleFacts {
  hasTag?(tag: string): boolean;
  inSegment?(segment: string): boolean;
  /** "Today" for `is_anniversary` (a node passes its clock); default: the system clock. */
  now?(): Date;
}

export class RuleError extends Error {
  override name = 'RuleError';
}

/** Evaluates rules against data. An empty group is true for `all` and false for `any`. */
export function evaluateRules(rules: Rules, data: unknown, facts: RuleFacts = {}): boolean {
  const test = (r: Rule | Rules) => (isGroup(r) ? evaluateRules(r, data, facts) : evaluateRule(r, data, facts));
  return rules.match === 'any' ? rules.rules.some(test) : rules.rules.every(test);
}

export function evaluateRule(rule: Rule, data: unknown, facts: RuleFacts = {}): boolean {
  const actual = getPath(data, rule.field);
  const expected = rule.value;
  switch (rule.op) {
    case 'exists':
      return actual !== undefined && actual !== null && actual !== '';
    case 'not_exists':
      return actual === undefined || actual === null || actual === '';
    case 'eq':
      return looseEquals(actual, expected);
    case 'neq':
      return !looseEquals(actual, expected);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compareNumbers(rule.op, actual, expected);
    case 'contains':
      return contains(actual, expected);
    case 'not_contains':
      return !contains(actual, expected);
    case 'starts_with':
      return typeof actual === 'string' && actual.toLowerCase().startsWith(String(expected ?? '').toLowerCase());
    case 'ends_with':
      return typeof actual === 'string' && actual.toLowerCase().endsWith(String(expected ?? '').toLowerCase());
    case 'in':
      return asList(expected).some((v) => looseEquals(actual, v));
    case 'not_in':
      return !asList(expected).some((v) => looseEquals(actual, v));
    case 'before':
    case 'after':
      return compareDates(rule.op, actual, expected);
    case 'has_tag':
    case 'not_has_tag': {
      const tag = String(expected ?? '');
      const has = facts.hasTag ? facts.hasTag(tag) : asList(getPath(data, 'contact.tags')).includes(tag);
      return rule.op === 'has_tag' ? has : !has;
    }
    case 'in_segment':
    case 'not_in_segment': {
      const inside = inSegment(rule.op, String(expected ?? ''), data, facts);
      return rule.op === 'in_segment' ? inside : !inside;
    }
    case 'is_anniversary': {
      // The contact's time zone, else the workflow's: a birthday greeting goes out on the contact's day.
      const timezone = getPath(data, 'contact.timezone') || getPath(data, 'workflow.settings.timezone') || 'UTC';
      return isAnniversary(actual, facts.now ? facts.now() : new Date(), String(timezone));
    }
  }
}

/**
 * Membership by segment id or name: from the installation's facts, else from `contact.segments`,
 * the `[{ id, name }]` a runtime with segments puts into the contact it hands to rules.
 */
function inSegment(op: RuleOperator, segment: string, data: unknown, facts: RuleFacts): boolean {
  if (facts.inSegment) return facts.inSegment(segment);
  const segments = getPath(data, 'contact.segments');
  if (!Array.isArray(segments)) throw new RuleError(`"${op}" needs segments, which this installation does not provide`);
  return segments.some((s) => s === segment || (typeof s === 'object' && s !== null && (s.id === segment || s.name === segment)));
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** Equal as the marketer means it: "5" equals 5, "true" equals true, case matters for text. */
function looseEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    return x !== null && y !== null && x === y;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a) === String(b);
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

function compareNumbers(op: 'gt' | 'gte' | 'lt' | 'lte', a: unknown, b: unknown): boolean {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === null || y === null) return false;
  switch (op) {
    case 'gt':
      return x > y;
    case 'gte':
      return x >= y;
    case 'lt':
      return x < y;
    case 'lte':
      return x <= y;
  }
}

function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((v) => looseEquals(v, expected));
  if (typeof actual === 'string') return actual.toLowerCase().includes(String(expected ?? '').toLowerCase());
  return false;
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split(',').map((s) => s.trim());
  return value === undefined || value === null ? [] : [value];
}

function toTime(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function compareDates(op: 'before' | 'after', a: unknown, b: unknown): boolean {
  const x = toTime(a);
  const y = toTime(b);
  if (x === null || y === null) return false;
  return op === 'before' ? x < y : x > y;
}
