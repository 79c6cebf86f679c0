// Segment rules compiled to one PostgreSQL boolean expression over a `contacts` row (and, inside
// event rules, an `events` row named `e`): the twin of sqlite/segment-sql.ts, with the same meaning
// (the store suite runs every operator on both). Every value — rule values, JSON paths, event
// types, dates, even the patterns that recognise numbers and dates — is a bound parameter
// (segment-fragment.ts), cast to its type in the text, so a rule cannot inject SQL whatever it
// holds. Tags, fields, consent and event data are jsonb.
import { anniversariesToday } from '@tern/shared';
import { type CompileOptions, concat, type Fragment, groupZonesByToday, join, raw, readsAsNumber, sql } from '../segment-fragment.js';
import type { FieldTarget, ResolvedEventRule, ResolvedFieldRule, ResolvedGroup } from '../segment-rules.js';

/** The rules as a boolean expression over `contacts` (never NULL). */
export function compileSegment(rules: ResolvedGroup, options: CompileOptions): Fragment {
  return new Compiler(options).group(rules);
}

/** A fragment's `?` marks numbered from `$first` on, for node-postgres. */
export function numbered(fragment: Fragment, first = 1): string {
  let n = first;
  return fragment.text.replace(/\?/g, () => `$${n++}`);
}

const bool = (b: boolean) => raw(b ? 'TRUE' : 'FALSE');

/** JSON number syntax: text that reads as a number. */
const NUMBER_PATTERN = '^-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][-+]?[0-9]+)?$';
/** The ISO 8601 dates SQLite's date functions read (a day past the month's end rolls over, as there). */
const DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?)?(Z|[-+]([01][0-9]|2[0-3]):?[0-5][0-9])?$';
const OFFSET_PATTERN = '(Z|[-+][0-9:]{4,5})$';

/** Identifiers are chosen here, from fixed names only. */
const CONTACT_COLUMN_SQL: Record<string, Fragment> = Object.fromEntries(
  ['id', 'email', 'phone', 'first_name', 'last_name', 'timezone', 'locale', 'created_at', 'updated_at']
    .map((c) => [c, raw(`contacts.${c}`)]),
);
const JSON_COLUMN_SQL = { fields: raw('contacts.fields'), consent: raw('contacts.consent'), data: raw('e.data') };

/** How to read a target: as text, its type name, and (for JSON) the jsonb value itself. */
interface Accessor {
  /** The value as text (a JSON string unquoted, a number's digits, true/false). */
  text: Fragment;
  /** 'string', 'number', 'true', 'false', 'object', 'array', or NULL (missing or null). */
  type: Fragment;
  json: Fragment | null;
  /** Always a number (the score column): compared as it is. */
  number?: Fragment;
}

class Compiler {
  private zoneGroups: Array<[string, string[]]> | null = null;

  constructor(private readonly options: CompileOptions) {}

  group(group: ResolvedGroup): Fragment {
    if (group.rules.length === 0) return bool(group.match === 'all');
    const parts = group.rules.map((r) => (r.kind === 'group' ? this.group(r) : r.kind === 'event' ? this.event(r) : this.field(r)));
    return join(parts, group.match === 'all' ? ' AND ' : ' OR ');
  }

  private event(rule: ResolvedEventRule): Fragment {
    const conditions = [sql`e.contact_id = contacts.id`, sql`e.type = ${rule.event}::text`];
    if (rule.withinDays !== null) {
      conditions.push(sql`e.at >= ${new Date(this.options.now.getTime() - rule.withinDays * 86_400_000).toISOString()}::text`);
    }
    if (rule.filter) conditions.push(this.group(rule.filter));
    const where = join(conditions, ' AND ');
    const { op, value } = rule.count;
    // "At least once" is an EXISTS, which stops at the first event the index finds.
    const did = op === 'gte' && value === 1 ? sql`EXISTS (SELECT 1 FROM events e WHERE ${where})`
      : op === 'gte' && value === 0 ? bool(true)
        : sql`(SELECT count(*) FROM events e WHERE ${where}) ${raw(op === 'gte' ? '>=' : op === 'lte' ? '<=' : '=')} ${value}::int`;
    return rule.did ? did : sql`NOT (${did})`;
  }

  private field(rule: ResolvedFieldRule): Fragment {
    // Negative operators are the exact complement of their positive twin, missing values included.
    return sql`coalesce(${this.test(rule)}, FALSE)`;
  }

  private test({ target, op, value }: ResolvedFieldRule): Fragment {
    const x = accessor(target);
    const not = (f: Fragment) => sql`NOT coalesce(${f}, FALSE)`;
    switch (op) {
      case 'exists':
        return exists(x);
      case 'not_exists':
        return not(exists(x));
      case 'eq':
        return equals(x, value);
      case 'neq':
        return not(equals(x, value));
      case 'gt':
        return sql`${numeric(x)} > ${value}::numeric`;
      case 'gte':
        return sql`${numeric(x)} >= ${value}::numeric`;
      case 'lt':
        return sql`${numeric(x)} < ${value}::numeric`;
      case 'lte':
        return sql`${numeric(x)} <= ${value}::numeric`;
      case 'contains':
        return contains(x, target, String(value ?? ''));
      case 'not_contains':
        return not(contains(x, target, String(value ?? '')));
      case 'starts_with': {
        const v = String(value ?? '');
        return byType(x, sql`WHEN 'string' THEN left(lower(${x.text}), ${v.length}::int) = lower(${v}::text)`);
      }
      case 'ends_with': {
        const v = String(value ?? '');
        return byType(x, sql`WHEN 'string' THEN right(lower(${x.text}), ${v.length}::int) = lower(${v}::text)`);
      }
      case 'in':
        return inList(x, value as unknown[]);
      case 'not_in':
        return not(inList(x, value as unknown[]));
      case 'before':
        return sql`${epochMs(x)} < ${value}::numeric`;
      case 'after':
        return sql`${epochMs(x)} > ${value}::numeric`;
      case 'has_tag':
        return sql`contacts.tags @> jsonb_build_array(${value}::text)`;
      case 'not_has_tag':
        return sql`NOT (contacts.tags @> jsonb_build_array(${value}::text))`;
      case 'is_anniversary':
        return this.anniversary(x);
    }
  }

  /**
   * The month and day of the value among today's in the contact's time zone: the zones of the
   * world are on at most three dates at any moment, so the compiler groups the zones by their date
   * and each row finds its zone's group.
   */
  private anniversary(x: Accessor): Fragment {
    this.zoneGroups ??= groupZonesByToday(this.options.now);
    const fallback = anniversariesToday(this.options.now, this.options.timezone ?? 'UTC').join(',');
    const zone = sql`coalesce(contacts.timezone, ${this.options.timezone ?? 'UTC'}::text)`;
    const branches = this.zoneGroups.map(([days, zones]) => sql`WHEN ${zone} = ANY(${zones}::text[]) THEN ${days}::text`);
    const today = sql`CASE ${concat(branches)} ELSE ${fallback}::text END`;
    const md = sql`CASE WHEN ${x.text} ~ ${'^[0-9]{4}-[0-9]{2}-[0-9]{2}'}::text THEN substr(${x.text}, 6, 5)
      ELSE to_char(to_timestamp(${epochMs(x)} / 1000) AT TIME ZONE 'UTC', 'MM-DD') END`;
    return sql`strpos(',' || ${today} || ',', ',' || ${md} || ',') > 0`;
  }
}

function accessor(target: FieldTarget): Accessor {
  switch (target.kind) {
    case 'column': {
      const text = CONTACT_COLUMN_SQL[target.column]!;
      return { text, type: sql`CASE WHEN ${text} IS NOT NULL THEN 'string' END`, json: null };
    }
    case 'score':
      return { text: raw('contacts.score::text'), type: raw(`'number'`), json: null, number: raw('contacts.score') };
    case 'tags':
      return { text: raw(`(contacts.tags #>> '{}')`), type: raw(`'array'`), json: raw('contacts.tags') };
    case 'json': {
      const json = sql`(${JSON_COLUMN_SQL[target.column]} #> ${target.path}::text[])`;
      // jsonb_typeof names JSON null 'null'; true and false are told apart by their text.
      return {
        text: sql`(${json} #>> '{}')`,
        type: sql`CASE jsonb_typeof(${json}) WHEN 'null' THEN NULL WHEN 'boolean' THEN ${json} #>> '{}' ELSE jsonb_typeof(${json}) END`,
        json,
      };
    }
  }
}

// Each test branches once on the value's type (a CASE evaluates its operand once).
const byType = (x: Accessor, branches: Fragment) => sql`CASE ${x.type} ${branches} ELSE FALSE END`;

/** Text that reads as a number (JSON number syntax), as that number; else NULL. */
const textNumber = (text: Fragment) => sql`CASE WHEN trim(${text}) ~ ${NUMBER_PATTERN}::text THEN trim(${text})::numeric END`;

/** The value as a number: a number, or text that reads as one; else NULL. */
function numeric(x: Accessor): Fragment {
  if (x.number) return x.number;
  return sql`CASE ${x.type} WHEN 'number' THEN ${x.text}::numeric WHEN 'string' THEN ${textNumber(x.text)} END`;
}

function exists(x: Accessor): Fragment {
  return sql`CASE coalesce(${x.type}, 'null') WHEN 'null' THEN FALSE WHEN 'string' THEN ${x.text} <> '' ELSE TRUE END`;
}

/** Equal as rules.ts means it: with a number on either side numbers are compared, else text;
 *  true and false equal their text; an object or a list equals no text or number. */
function equals(x: Accessor, value: unknown): Fragment {
  if (value === null || value === undefined) return sql`${x.type} IS NULL`;
  if (typeof value === 'number') {
    return byType(x, sql`WHEN 'number' THEN ${numeric(x)} = ${value}::numeric WHEN 'string' THEN ${textNumber(x.text)} = ${value}::numeric
      WHEN 'true' THEN ${bool(value === 1)} WHEN 'false' THEN ${bool(value === 0)}`);
  }
  const text = String(value);
  const number = typeof value === 'boolean' ? Number(value) : readsAsNumber(text) ? Number(text) : null;
  return byType(x, sql`WHEN 'string' THEN ${x.text} = ${text}::text WHEN 'number' THEN ${numeric(x)} = ${number}::numeric
    WHEN 'true' THEN ${bool(text === 'true')} WHEN 'false' THEN ${bool(text === 'false')}`);
}

function inList(x: Accessor, list: unknown[]): Fragment {
  const texts = list.filter((v) => v !== null && v !== undefined && typeof v !== 'number').map(String);
  const numbers = list.filter((v): v is number => typeof v === 'number');
  const anyNumbers = numbers.concat(texts.filter(readsAsNumber).map(Number));
  const has = (text: string, n: number) => bool(texts.includes(text) || numbers.includes(n));
  return sql`CASE coalesce(${x.type}, 'null')
    WHEN 'string' THEN ${x.text} = ANY(${texts}::text[]) OR ${textNumber(x.text)} = ANY(${numbers}::numeric[])
    WHEN 'number' THEN ${numeric(x)} = ANY(${anyNumbers}::numeric[])
    WHEN 'true' THEN ${has('true', 1)} WHEN 'false' THEN ${has('false', 0)}
    WHEN 'null' THEN ${bool(list.some((v) => v === null || v === undefined))} ELSE FALSE END`;
}

function contains(x: Accessor, target: FieldTarget, value: string): Fragment {
  const inText = sql`strpos(lower(${x.text}), lower(${value}::text)) > 0`;
  if (!x.json) return byType(x, sql`WHEN 'string' THEN ${inText}`);
  // Only an array's elements are read (jsonb_array_elements refuses anything else).
  const inArray = sql`EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${x.json}) = 'array' THEN ${x.json} END) j(v)
    WHERE (jsonb_typeof(j.v) <> 'number' AND (j.v #>> '{}') = ${value}::text)
       OR (jsonb_typeof(j.v) = 'number' AND (j.v #>> '{}')::numeric = ${readsAsNumber(value) ? Number(value) : null}::numeric))`;
  return target.kind === 'tags' ? inArray : byType(x, sql`WHEN 'string' THEN ${inText} WHEN 'array' THEN ${inArray}`);
}

/**
 * Dates as epoch ms: numbers as they are, text in the ISO 8601 forms SQLite reads (UTC unless it
 * names an offset); anything else NULL. The text is checked before the cast, which would fail the
 * whole query on a date PostgreSQL cannot read; a day past the month's end rolls over, as in SQLite.
 */
function epochMs(x: Accessor): Fragment {
  const t = x.text;
  const zoned = sql`CASE WHEN ${t} ~ ${OFFSET_PATTERN}::text THEN ${t} ELSE ${t} || 'Z' END`;
  const firstOfMonth = sql`(substr(${zoned}, 1, 8) || '01' || substr(${zoned}, 11))::timestamptz`;
  const parsed = sql`${firstOfMonth} + (substr(${t}, 9, 2)::int - 1) * interval '1 day'`;
  return sql`CASE ${x.type} WHEN 'number' THEN ${t}::numeric
    WHEN 'string' THEN CASE WHEN ${t} ~ ${DATE_PATTERN}::text THEN extract(epoch FROM ${parsed}) * 1000 END END`;
}
