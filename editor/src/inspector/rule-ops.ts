// The rule operators as a marketer reads them, what kind of value each takes, and how a rule's
// value changes when its operator does.
import { type Rule, type RuleOperator, ruleOperators, type Rules } from '@tern/shared';
import { isPlainObject } from './schema.js';
import { numberOrText } from './useDraft.js';

export const opLabels: Record<RuleOperator, string> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  ends_with: 'ends with',
  exists: 'exists',
  not_exists: 'does not exist',
  in: 'is one of',
  not_in: 'is not one of',
  before: 'is before',
  after: 'is after',
  has_tag: 'has tag',
  not_has_tag: 'does not have tag',
  in_segment: 'is in segment',
  not_in_segment: 'is not in segment',
  is_anniversary: 'is today (day and month)',
};

export type ValueKind = 'none' | 'list' | 'text' | 'scalar';

/** none: no value; list: several values; text: always text (dates, tags…); scalar: a number when it looks like one. */
export function valueKind(op: string): ValueKind {
  switch (op) {
    case 'exists':
    case 'not_exists':
    case 'is_anniversary':
      return 'none';
    case 'in':
    case 'not_in':
      return 'list';
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with':
    case 'before':
    case 'after':
    case 'has_tag':
    case 'not_has_tag':
    case 'in_segment':
    case 'not_in_segment':
      return 'text';
    default:
      return 'scalar';
  }
}

export const valuePlaceholder = (op: string) =>
  op === 'before' || op === 'after'
    ? '2026-12-31 or {{ … }}'
    : op.endsWith('tag')
      ? 'tag name'
      : op.endsWith('segment')
        ? 'segment'
        : 'value';

/** The typed text as stored: numbers as numbers where the operator compares them. */
export const coerceValue = (op: string, text: string): unknown => (valueKind(op) === 'scalar' ? numberOrText(text) : text);

/** The rule after its operator changes: the value kept where it still fits. */
export function withOperator(rule: Rule, op: RuleOperator): Rule {
  const kind = valueKind(op);
  const { value, ...rest } = rule;
  const next: Rule = { ...rest, op };
  if (kind === 'none') return next;
  if (kind === 'list') return { ...next, value: Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value] };
  const scalar = Array.isArray(value) ? value[0] : value;
  const text = scalar === undefined || scalar === null ? '' : typeof scalar === 'string' ? scalar : String(scalar);
  next.value = kind === 'text' ? text : typeof scalar === 'number' ? scalar : numberOrText(text);
  // The tag and segment operators read the contact whatever the field; name it so the rule reads well.
  if (!rule.field && (op === 'has_tag' || op === 'not_has_tag')) next.field = 'contact.tags';
  if (!rule.field && (op === 'in_segment' || op === 'not_in_segment')) next.field = 'contact';
  return next;
}

export const isOperator = (op: unknown): op is RuleOperator => (ruleOperators as readonly unknown[]).includes(op);

export const newRule = (): Rule => ({ field: '', op: 'eq', value: '' });
export const newGroup = (): Rules => ({ match: 'all', rules: [newRule()] });

/** Any value as a rules group (a node just added has none yet). */
export function asGroup(value: unknown): Rules {
  if (isPlainObject(value) && Array.isArray(value.rules)) {
    return { match: value.match === 'any' ? 'any' : 'all', rules: value.rules as Rules['rules'] };
  }
  return { match: isPlainObject(value) && value.match === 'any' ? 'any' : 'all', rules: [] };
}

export const isGroupValue = (r: unknown): r is Rules => isPlainObject(r) && Array.isArray(r.rules);
