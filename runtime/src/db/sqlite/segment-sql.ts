// Segment rules compiled to one SQLite boolean expression over a `contacts` row (and, inside event
// rules, an `events` row named `e`). Every value — rule values, JSON paths, event types, dates —
// is a bound parameter (segment-fragment.ts): the SQL text is built only from the fixed fragments
// of this file, so a rule cannot inject SQL whatever it holds. The meaning follows the rule
// evaluator of @tern/shared (rules.ts): "5" equals 5, text comparisons that ignore case do so here
// too, a missing value fails every test but the negative ones.
import { anniversariesToday } from '@tern/shared';
import { type CompileOptions, concat, type Fragment, groupZonesByToday, join, readsAsNumber, sql } from '../segment-fragment.js';
import type { FieldTarget, ResolvedEventRule, ResolvedFieldRule, ResolvedGroup } from '../segment-rules.js';

export type { CompileOptions, Fragment };

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
  /** The value (JSON true/false read as 1/0: tests look at `type` first). */
  value: Fragment;
  /** SQLite's typeof, or json_type for JSON values (NULL when the path is missing). */
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
      case 'starts_with': {
        const v = String(value ?? '');
        return byType(x, sql`WHEN 'text' THEN substr(lower(${x.value}), 1, ${v.length}) = lower(${v})`);
      }
      case 'ends_with': {
        const v = String(value ?? '');
        return byType(x, v === '' ? sql`WHEN 'text' THEN 1` : sql`WHEN 'text' THEN substr(lower(${x.value}), ${-v.length}) = lower(${v})`);
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
    const md = sql`CASE WHEN ${x.value} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(${x.value}, 6, 5)
      ELSE strftime('%m-%d', ${julianDay(x)}) END`;
    return sql`instr(',' || ${today} || ',', ',' || ${md} || ',') > 0`;
  }
}

function accessor(target: FieldTarget): Accessor {
  switch (target.kind) {
    case 'column': {
      const value = CONTACT_COLUMN_SQL[target.column]!;
      return { value, type: sql`typeof(${value})`, json: null };
    }
    case 'score':
      return { value: sql`contacts.score`, type: sql`'integer'`, json: null, number: true };
    case 'tags':
      return { value: sql`contacts.tags`, type: sql`'array'`, json: { doc: sql`contacts.tags`, path: '$' } };
    case 'json': {
      const doc = JSON_COLUMN_SQL[target.column];
      const path = `$${target.path.map((key) => `."${key}"`).join('')}`;
      return { value: sql`json_extract(${doc}, ${path})`, type: sql`json_type(${doc}, ${path})`, json: { doc, path } };
    }
  }
}

// Each test branches once on the value's type (a CASE evaluates its operand once), so a JSON
// value is read at most twice a row: its type, then the value in the branch that needs it. Type
// names are SQLite's typeof or json_type's: 'null' (NULL when a JSON path is missing), 'integer',
// 'real', 'text', 'true', 'false', 'object', 'array'.
const byType = (x: Accessor, branches: Fragment) => sql`CASE coalesce(${x.type}, 'null') ${branches} ELSE 0 END`;
const NUMERIC = sql`('integer', 'real')`;

/** Text that reads as a number (JSON number syntax), as that number; else NULL. */
const textNumber = (text: Fragment) =>
  sql`CASE WHEN json_valid(trim(${text})) AND json_type(trim(${text})) IN ${NUMERIC} THEN CAST(trim(${text}) AS REAL) END`;

/** The value as a number: a number, or text that reads as one; else NULL. */
function numeric(x: Accessor): Fragment {
  if (x.number) return x.value;
  return sql`CASE coalesce(${x.type}, 'null') WHEN 'integer' THEN ${x.value} WHEN 'real' THEN ${x.value} WHEN 'text' THEN ${textNumber(x.value)} END`;
}

function exists(x: Accessor): Fragment {
  return sql`CASE coalesce(${x.type}, 'null') WHEN 'null' THEN 0 WHEN 'text' THEN ${x.value} <> '' ELSE 1 END`;
}

/** Equal as rules.ts means it: with a number on either side numbers are compared, else text;
 *  true and false equal their text; an object or a list equals no text or number. */
function equals(x: Accessor, value: unknown): Fragment {
  if (value === null || value === undefined) return sql`coalesce(${x.type}, 'null') = 'null'`;
  if (typeof value === 'number') {
    return byType(x, sql`WHEN 'integer' THEN ${x.value} = ${value} WHEN 'real' THEN ${x.value} = ${value}
      WHEN 'text' THEN ${textNumber(x.value)} = ${value} WHEN 'true' THEN ${value === 1 ? 1 : 0} WHEN 'false' THEN ${value === 0 ? 1 : 0}`);
  }
  const text = String(value);
  const number = typeof value === 'boolean' ? Number(value) : readsAsNumber(text) ? Number(text) : null;
  return byType(x, sql`WHEN 'text' THEN ${x.value} = ${text} WHEN 'integer' THEN ${x.value} = ${number} WHEN 'real' THEN ${x.value} = ${number}
    WHEN 'true' THEN ${text === 'true' ? 1 : 0} WHEN 'false' THEN ${text === 'false' ? 1 : 0}`);
}

function inList(x: Accessor, list: unknown[]): Fragment {
  const texts = list.filter((v) => v !== null && v !== undefined && typeof v !== 'number').map(String);
  const numbers = list.filter((v): v is number => typeof v === 'number');
  const anyNumbers = numbers.concat(texts.filter(readsAsNumber).map(Number));
  const has = (text: string, n: number) => (texts.includes(text) || numbers.includes(n) ? 1 : 0);
  const hasNull = list.some((v) => v === null || v === undefined) ? 1 : 0;
  return sql`CASE coalesce(${x.type}, 'null')
    WHEN 'text' THEN ${x.value} IN (SELECT value FROM json_each(${JSON.stringify(texts)}))
      OR ${textNumber(x.value)} IN (SELECT value FROM json_each(${JSON.stringify(numbers)}))
    WHEN 'integer' THEN ${x.value} IN (SELECT value FROM json_each(${JSON.stringify(anyNumbers)}))
    WHEN 'real' THEN ${x.value} IN (SELECT value FROM json_each(${JSON.stringify(anyNumbers)}))
    WHEN 'true' THEN ${has('true', 1)} WHEN 'false' THEN ${has('false', 0)} WHEN 'null' THEN ${hasNull} ELSE 0 END`;
}

function contains(x: Accessor, target: FieldTarget, value: string): Fragment {
  const inText = sql`instr(lower(${x.value}), lower(${value})) > 0`;
  if (!x.json) return byType(x, sql`WHEN 'text' THEN ${inText}`);
  const inArray = sql`EXISTS (SELECT 1 FROM json_each(${x.json.doc}, ${x.json.path}) j
    WHERE (j.type NOT IN ${NUMERIC} AND CAST(j.value AS TEXT) = ${value})
       OR (j.type IN ${NUMERIC} AND ${readsAsNumber(value) ? Number(value) : null} = j.value))`;
  return target.kind === 'tags' ? inArray : byType(x, sql`WHEN 'text' THEN ${inText} WHEN 'array' THEN ${inArray}`);
}

/** Dates as Julian day numbers: text through SQLite's date parser, numbers as epoch ms. */
function julianDay(x: Accessor): Fragment {
  return sql`CASE coalesce(${x.type}, 'null') WHEN 'integer' THEN ${x.value} / 86400000.0 + 2440587.5
    WHEN 'real' THEN ${x.value} / 86400000.0 + 2440587.5 WHEN 'text' THEN julianday(${x.value}) END`;
}

const toJulianDay = (epochMs: number) => epochMs / 86_400_000 + 2_440_587.5;
