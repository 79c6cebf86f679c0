// Segment rules compiled to one SQLite boolean expression over a `contacts` row (and, inside event
// rules, an `events` row named `e`). Every value — rule values, JSON paths, event types, dates —
// is a bound parameter: the SQL text is built only from the fixed fragments of this file, so a
// rule cannot inject SQL whatever it holds. The meaning follows the rule evaluator of
// @tern/shared (rules.ts): "5" equals 5, text comparisons that ignore case do so here too, a
// missing value fails every test but the negative ones.
import { anniversariesToday } from '@tern/shared';
import type { FieldTarget, ResolvedEventRule, ResolvedFieldRule, ResolvedGroup } from '../segment-rules.js';

/** SQL text and its positional parameters, in order. */
export interface Fragment {
  text: string;
  params: unknown[];
}

/**
 * Builds a fragment: interpolated fragments are inlined, anything else becomes a `?` parameter.
 * The only way this file produces SQL, so that no value is ever spliced into the text.
 */
function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let text = strings[0]!;
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (isFragment(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(toParam(value));
    }
    text += strings[i + 1]!;
  });
  return { text, params };
}

const isFragment = (v: unknown): v is Fragment => typeof v === 'object' && v !== null && 'text' in v && 'params' in v;
const toParam = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
const join = (parts: Fragment[], separator: ' AND ' | ' OR '): Fragment =>
  ({ text: parts.map((p) => `(${p.text})`).join(separator), params: parts.flatMap((p) => p.params) });
const concat = (parts: Fragment[]): Fragment => ({ text: parts.map((p) => p.text).join(' '), params: parts.flatMap((p) => p.params) });

export interface CompileOptions {
  /** What "today" and "the last N days" are measured from. */
  now: Date;
  /** The time zone of contacts without one, for `is_anniversary` (default UTC). */
  timezone?: string;
}

/** The rules as a boolean expression over `contacts` (never NULL). */
export function compileSegment(rules: ResolvedGroup, options: CompileOptions): Fragment {
  return new Compiler(options).group(rules);
}

/** Identifiers are chosen here, from fixed names only. */
const CONTACT_COLUMN_SQL: Record<string, Fragment> = Object.fromEntries(
  ['id', 'email', 'phone', 'first_name', 'last_name', 'timezone', 'locale', 'created_at', 'updated_at']
    .map((c) => [c, { text: `contacts.${c}`, params: [] }]),
);
const JSON_COLUMN_SQL = { fields: sql`contacts.fields`, consent: sql`contacts.consent`, data: sql`e.data` };

/** How to read a target: its value, its type name, and the JSON document it sits in (if any). */
interface Accessor {
  value: Fragment;
  /** 'integer' | 'real' | 'text' | … (SQLite's typeof, or json_type for JSON values: 'true', 'array' …). */
  type: Fragment;
  json: { doc: Fragment; path: string } | null;
  /** Always a number (the score column): compared as it is. */
  number?: true;
}

class Compiler {
  private zoneGroups: Array<[string, string[]]> | null = null;

  constructor(private readonly options: CompileOptions) {}

  group(group: ResolvedGroup): Fragment {
    if (group.rules.length === 0) return sql`${group.match === 'all' ? 1 : 0}`;
    const parts = group.rules.map((r) => (r.kind === 'group' ? this.group(r) : r.kind === 'event' ? this.event(r) : this.field(r)));
    return join(parts, group.match === 'all' ? ' AND ' : ' OR ');
  }

  private event(rule: ResolvedEventRule): Fragment {
    const conditions = [sql`e.contact_id = contacts.id`, sql`e.type = ${rule.event}`];
    if (rule.withinDays !== null) {
      conditions.push(sql`e.at >= ${new Date(this.options.now.getTime() - rule.withinDays * 86_400_000).toISOString()}`);
    }
    if (rule.filter) conditions.push(this.group(rule.filter));
    const where = join(conditions, ' AND ');
    const { op, value } = rule.count;
    // "At least once" is an EXISTS, which stops at the first event the index finds.
    const did = op === 'gte' && value === 1 ? sql`EXISTS (SELECT 1 FROM events e WHERE ${where})`
      : op === 'gte' && value === 0 ? sql`1`
        : sql`(SELECT count(*) FROM events e WHERE ${where}) ${{ text: op === 'gte' ? '>=' : op === 'lte' ? '<=' : '=', params: [] }} ${value}`;
    return rule.did ? did : sql`NOT (${did})`;
  }

  private field(rule: ResolvedFieldRule): Fragment {
    const test = this.test(rule);
    // Negative operators are the exact complement of their positive twin, missing values included.
    return sql`coalesce(${test}, 0)`;
  }

  private test({ target, op, value }: ResolvedFieldRule): Fragment {
    const x = accessor(target);
    switch (op) {
      case 'exists':
        return exists(x);
      case 'not_exists':
        return sql`NOT coalesce(${exists(x)}, 0)`;
      case 'eq':
        return equals(x, value);
      case 'neq':
        return sql`NOT coalesce(${equals(x, value)}, 0)`;
      case 'gt':
        return sql`${numeric(x)} > ${value}`;
      case 'gte':
        return sql`${numeric(x)} >= ${value}`;
      case 'lt':
        return sql`${numeric(x)} < ${value}`;
      case 'lte':
        return sql`${numeric(x)} <= ${value}`;
      case 'contains':
        return contains(x, target, String(value ?? ''));
      case 'not_contains':
        return sql`NOT coalesce(${contains(x, target, String(value ?? ''))}, 0)`;
      case 'starts_with':
        return sql`${x.type} = 'text' AND substr(lower(${x.value}), 1, length(${String(value ?? '')})) = lower(${String(value ?? '')})`;
      case 'ends_with': {
        const v = String(value ?? '');
        return v === '' ? sql`${x.type} = 'text'` : sql`${x.type} = 'text' AND substr(lower(${x.value}), ${-v.length}) = lower(${v})`;
      }
      case 'in':
        return inList(x, value as unknown[]);
      case 'not_in':
        return sql`NOT coalesce(${inList(x, value as unknown[])}, 0)`;
      case 'before':
        return sql`${julianDay(x)} < ${toJulianDay(value as number)}`;
      case 'after':
        return sql`${julianDay(x)} > ${toJulianDay(value as number)}`;
      case 'has_tag':
        return sql`EXISTS (SELECT 1 FROM json_each(contacts.tags) WHERE value = ${value})`;
      case 'not_has_tag':
        return sql`NOT EXISTS (SELECT 1 FROM json_each(contacts.tags) WHERE value = ${value})`;
      case 'is_anniversary':
        return this.anniversary(x);
    }
  }

  /**
   * The month and day of the value among today's in the contact's time zone. At any moment the
   * zones of the world are on at most three dates: the compiler groups the zones by their date
   * and each row finds its zone's group (a membership test SQLite answers from one temporary index).
   */
  private anniversary(x: Accessor): Fragment {
    this.zoneGroups ??= groupZonesByToday(this.options.now);
    const fallback = anniversariesToday(this.options.now, this.options.timezone ?? 'UTC').join(',');
    const zone = sql`coalesce(contacts.timezone, ${this.options.timezone ?? 'UTC'})`;
    const branches = this.zoneGroups.map(([days, zones]) => sql`WHEN ${zone} IN (SELECT value FROM json_each(${JSON.stringify(zones)})) THEN ${days}`);
    const today = sql`CASE ${concat(branches)} ELSE ${fallback} END`;
    // The stored value as it is (no true/false mapping: no boolean is a date), read twice at most.
    const raw = x.json ? sql`json_extract(${x.json.doc}, ${x.json.path})` : x.value;
    const md = sql`CASE WHEN ${raw} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(${raw}, 6, 5)
      ELSE strftime('%m-%d', ${julianDay(x)}) END`;
    return sql`instr(',' || ${today} || ',', ',' || ${md} || ',') > 0`;
  }
}

/** Every time zone Intl knows, grouped by the month-days whose anniversary is today there. */
function groupZonesByToday(now: Date): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const zone of Intl.supportedValuesOf('timeZone').concat('UTC')) {
    const days = anniversariesToday(now, zone).join(',');
    groups.set(days, [...(groups.get(days) ?? []), zone]);
  }
  return [...groups];
}

function accessor(target: FieldTarget): Accessor {
  switch (target.kind) {
    case 'column': {
      const value = CONTACT_COLUMN_SQL[target.column]!;
      return { value, type: sql`typeof(${value})`, json: null };
    }
    case 'score':
      return { value: sql`contacts.score`, type: sql`typeof(contacts.score)`, json: null, number: true };
    case 'tags':
      return { value: sql`contacts.tags`, type: sql`'array'`, json: { doc: sql`contacts.tags`, path: '$' } };
    case 'json': {
      const doc = JSON_COLUMN_SQL[target.column];
      const path = `$${target.path.map((key) => `."${key}"`).join('')}`;
      // JSON true/false read as 'true'/'false' (as text would), not as SQLite's 1/0.
      const type = sql`json_type(${doc}, ${path})`;
      const value = sql`CASE ${type} WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE json_extract(${doc}, ${path}) END`;
      return { value, type, json: { doc, path } };
    }
  }
}

const NUMERIC = sql`('integer', 'real')`;

/** The value as a number: a number, or text that reads as one (JSON number syntax); else NULL. */
function numeric(x: Accessor): Fragment {
  if (x.number) return x.value;
  return sql`CASE WHEN ${x.type} IN ${NUMERIC} THEN ${x.value}
    WHEN ${x.type} = 'text' AND json_valid(trim(${x.value})) AND json_type(trim(${x.value})) IN ${NUMERIC} THEN CAST(trim(${x.value}) AS REAL) END`;
}

/** The value as a number only when it is stored as one. */
const typedNumber = (x: Accessor) => sql`CASE WHEN ${x.type} IN ${NUMERIC} THEN ${x.value} END`;
/** The value as text, for equality with text (JSON objects and arrays as their JSON). */
const asText = (x: Accessor) => sql`CAST(${x.value} AS TEXT)`;

function exists(x: Accessor): Fragment {
  return sql`${x.value} IS NOT NULL AND ${x.type} <> 'null' AND ${asText(x)} <> ''`;
}

const readsAsNumber = (v: string) => v.trim() !== '' && Number.isFinite(Number(v));

/** Equal as rules.ts means it: with a number on either side numbers are compared, else text. */
function equals(x: Accessor, value: unknown): Fragment {
  if (value === null || value === undefined) return sql`${x.value} IS NULL OR ${x.type} = 'null'`;
  if (typeof value === 'number') return sql`${numeric(x)} = ${value}`;
  if (typeof value === 'boolean') return sql`${asText(x)} = ${String(value)} OR ${typedNumber(x)} = ${value ? 1 : 0}`;
  const text = String(value);
  return readsAsNumber(text)
    ? sql`(${x.type} NOT IN ${NUMERIC} AND ${asText(x)} = ${text}) OR ${typedNumber(x)} = ${Number(text)}`
    : sql`${x.type} NOT IN ${NUMERIC} AND ${asText(x)} = ${text}`;
}

function inList(x: Accessor, list: unknown[]): Fragment {
  const texts = list.filter((v) => v !== null && v !== undefined && typeof v !== 'number').map(String);
  const numbersOfText = texts.filter(readsAsNumber).map(Number);
  const numbers = list.filter((v): v is number => typeof v === 'number');
  const hasNull = list.some((v) => v === null || v === undefined);
  return sql`(${x.type} NOT IN ${NUMERIC} AND ${asText(x)} IN (SELECT value FROM json_each(${JSON.stringify(texts)})))
    OR ${typedNumber(x)} IN (SELECT value FROM json_each(${JSON.stringify(numbersOfText)}))
    OR ${numeric(x)} IN (SELECT value FROM json_each(${JSON.stringify(numbers)}))
    OR (${hasNull ? 1 : 0} AND (${x.value} IS NULL OR ${x.type} = 'null'))`;
}

function contains(x: Accessor, target: FieldTarget, value: string): Fragment {
  const inText = sql`${x.type} = 'text' AND instr(lower(${x.value}), lower(${value})) > 0`;
  if (!x.json) return inText;
  const inArray = sql`${x.type} = 'array' AND EXISTS (SELECT 1 FROM json_each(${x.json.doc}, ${x.json.path}) j
    WHERE (j.type NOT IN ${NUMERIC} AND CAST(j.value AS TEXT) = ${value})
       OR (j.type IN ${NUMERIC} AND ${readsAsNumber(value) ? Number(value) : null} = j.value))`;
  return target.kind === 'tags' ? inArray : sql`(${inText}) OR (${inArray})`;
}

/** Dates as Julian day numbers: text through SQLite's date parser, numbers as epoch ms. */
function julianDay(x: Accessor): Fragment {
  return sql`CASE WHEN ${x.type} IN ${NUMERIC} THEN ${x.value} / 86400000.0 + 2440587.5 WHEN ${x.type} = 'text' THEN julianday(${x.value}) END`;
}

const toJulianDay = (epochMs: number) => epochMs / 86_400_000 + 2_440_587.5;
