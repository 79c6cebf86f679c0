// SQL fragments for the segment compilers of both stores (sqlite/segment-sql.ts,
// postgres/segment-sql.ts): text with a `?` for each value, and the values in order. Values never
// enter the text, so a rule cannot inject SQL whatever it holds; the fixed fragments of the
// compilers hold no `?` of their own (PostgreSQL numbers the marks as $1, $2…).
import { anniversariesToday } from '@tern/shared';

/** SQL text and its positional parameters, in order. */
export interface Fragment {
  text: string;
  params: unknown[];
}

/**
 * Builds a fragment: interpolated fragments are inlined, anything else becomes a `?` parameter.
 * The only way the compilers produce SQL, so that no value is ever spliced into the text.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
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
// SQLite binds no booleans; the PostgreSQL compiler writes its booleans as TRUE/FALSE text.
const toParam = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

export interface CompileOptions {
  /** What "today" and "the last N days" are measured from. */
  now: Date;
  /** The time zone of contacts without one, for `is_anniversary` (default UTC). */
  timezone?: string;
}

/** Fixed SQL text (never a value). */
export const raw = (text: string): Fragment => ({ text, params: [] });

export const join = (parts: Fragment[], separator: ' AND ' | ' OR '): Fragment =>
  ({ text: parts.map((p) => `(${p.text})`).join(separator), params: parts.flatMap((p) => p.params) });
export const concat = (parts: Fragment[]): Fragment => ({ text: parts.map((p) => p.text).join(' '), params: parts.flatMap((p) => p.params) });

export const readsAsNumber = (v: string) => v.trim() !== '' && Number.isFinite(Number(v));

/** Every time zone Intl knows, grouped by the month-days whose anniversary is today there. */
export function groupZonesByToday(now: Date): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const zone of Intl.supportedValuesOf('timeZone').concat('UTC')) {
    const days = anniversariesToday(now, zone).join(',');
    groups.set(days, [...(groups.get(days) ?? []), zone]);
  }
  return [...groups];
}
