// JSON Schema helpers for the params forms: the subset zod 4's `z.toJSONSchema(…, { io: 'input' })`
// produces, plus the editor hints nodes put on it (`label`, `widget`, `placeholder`, …). Which widget
// a field gets, how unions are told apart, and what a new value starts as are decided here, so the
// form components only render.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  title?: string;
  /** A write-only (secret) value: rendered as a password input. */
  writeOnly?: boolean;
  // Editor hints (shared's ParamMeta)
  label?: string;
  description?: string;
  widget?: string;
  placeholder?: string;
  credentialTypes?: string[];
  languageParam?: string;
  optionLabels?: Record<string, string>;
}

export type WidgetKind =
  | 'text' | 'number' | 'select' | 'multiselect' | 'boolean' | 'duration' | 'template' | 'code' | 'json'
  | 'credential' | 'rules' | 'object' | 'array' | 'list' | 'record' | 'union';

/** Kinds that render as a group of controls (a fieldset with a legend) rather than one labelled control. */
export const groupKinds: ReadonlySet<WidgetKind> = new Set(['multiselect', 'duration', 'rules', 'object', 'array', 'list', 'record', 'union']);

export const asSchema = (value: unknown): JsonSchema =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : {};

/** The schema with a local `$ref` replaced by its target; hints written next to the ref win. */
export function resolve(schema: JsonSchema | undefined, root: JsonSchema): JsonSchema {
  let s = schema ?? {};
  for (let depth = 0; s.$ref && depth < 20; depth++) {
    const { $ref, ...rest } = s;
    const name = /^#\/\$defs\/(.+)$/.exec($ref)?.[1];
    const target = name !== undefined ? root.$defs?.[decodeURIComponent(name)] : $ref === '#' ? root : undefined;
    s = { ...(target ?? {}), ...rest };
  }
  return s;
}

export function typesOf(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  const samples = s.enum ?? ('const' in s ? [s.const] : []);
  return [...new Set(samples.map((v) => (v === null ? 'null' : typeof v)))];
}

const isNumberType = (t: string) => t === 'number' || t === 'integer';

export const isTemplate = (value: unknown): value is string => typeof value === 'string' && /\{\{|\{%/.test(value);

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export function variantsOf(s: JsonSchema, root: JsonSchema): JsonSchema[] | null {
  const list = s.oneOf ?? s.anyOf;
  return list?.length ? list.map((v) => resolve(v, root)) : null;
}

/** The property whose `const` tells the variants of a union apart (`mode`, `type`), if there is one. */
export function discriminatorOf(variants: JsonSchema[]): string | null {
  const first = variants[0]?.properties;
  if (!first) return null;
  for (const key of Object.keys(first)) {
    const consts = variants.map((v) => v.properties?.[key]?.const);
    if (consts.every((c) => c !== undefined) && new Set(consts).size === consts.length) return key;
  }
  return null;
}

export function variantIndex(variants: JsonSchema[], key: string, value: unknown): number {
  if (!isPlainObject(value)) return -1;
  return variants.findIndex((v) => v.properties?.[key]?.const === value[key]);
}

export const isRecordSchema = (s: JsonSchema) =>
  typesOf(s).includes('object') &&
  Object.keys(s.properties ?? {}).length === 0 &&
  s.additionalProperties !== undefined &&
  s.additionalProperties !== false;

const isDurationShape = (s: JsonSchema) =>
  !!s.properties?.amount && !!s.properties?.unit?.enum && Object.keys(s.properties).length === 2;

const enumItems = (s: JsonSchema, root: JsonSchema) => {
  const items = resolve(s.items, root);
  return items.enum ? items : null;
};

const isPrimitiveSchema = (s: JsonSchema) => {
  const types = typesOf(s);
  return types.length > 0 && types.every((t) => t === 'string' || isNumberType(t) || t === 'boolean');
};

/** The widget a field gets: its `widget` hint first, then its JSON type; the value breaks ties. */
export function kindOf(schema: JsonSchema, value: unknown, root: JsonSchema): WidgetKind {
  const s = resolve(schema, root);
  const hint = s.widget;
  const types = typesOf(s);
  const isArray = types.includes('array');
  if (hint === 'rules') return 'rules';
  if (hint === 'credential') return 'credential';
  if (hint === 'code') return 'code';
  if (hint === 'duration' || (!hint && isDurationShape(s))) return 'duration';
  const variants = variantsOf(s, root);
  if (variants && discriminatorOf(variants)) return 'union';
  switch (hint) {
    case 'select':
      return isArray && enumItems(s, root) ? 'multiselect' : 'select';
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'template':
      // A template field whose schema also takes objects (http.respond's body) may hold one.
      return value !== undefined && typeof value !== 'string' ? 'json' : 'template';
    case 'json':
      if (isRecordSchema(s)) return 'record';
      if (isArray && isPrimitiveSchema(resolve(s.items, root))) return 'list';
      return 'json';
    case 'text':
      return s.enum ? 'select' : 'text';
  }
  if (variants) return variants.every((v) => typesOf(v).every((t) => t === 'string')) ? 'text' : 'json';
  if (s.enum) return 'select';
  if (types.includes('object')) {
    if (Object.keys(s.properties ?? {}).length) return 'object';
    return isRecordSchema(s) ? 'record' : 'json';
  }
  if (isArray) {
    if (enumItems(s, root)) return 'multiselect';
    const items = resolve(s.items, root);
    if (isPrimitiveSchema(items)) return 'list';
    return s.items ? 'array' : 'json';
  }
  if (types.length === 1) {
    if (types[0] === 'string') return 'text';
    if (isNumberType(types[0]!)) return 'number';
    if (types[0] === 'boolean') return 'boolean';
  }
  return 'json';
}

/** What a new value of this schema starts as: defaults and constants, empty lists for required lists. */
export function defaultValue(schema: JsonSchema, root: JsonSchema): unknown {
  const s = resolve(schema, root);
  if ('default' in s) return structuredClone(s.default);
  if ('const' in s) return s.const;
  const variants = variantsOf(s, root);
  if (variants && discriminatorOf(variants)) return defaultValue(variants[0]!, root);
  const types = typesOf(s);
  if (types.includes('object') && s.properties) {
    const out: Record<string, unknown> = {};
    const required = new Set(s.required ?? []);
    for (const [key, prop] of Object.entries(s.properties)) {
      const p = resolve(prop, root);
      const v = defaultValue(p, root);
      if (v === undefined) continue;
      if ('default' in p || 'const' in p || required.has(key)) out[key] = v;
    }
    return out;
  }
  if (types.includes('array')) return [];
  if (types.includes('object')) return {};
  return undefined;
}

const ACRONYMS = new Set(['url', 'id', 'ip', 'ips', 'sid', 'smtp', 'http', 'html', 'json', 'api', 'sms', 'utc', 'iana', 'cidr', 'hmac', 'uri']);

/** `first_name` → "First name", `accountSid` → "Account SID", `when_done` → "When done"; all-caps stays. */
export function humanize(key: string): string {
  if (/^[A-Z0-9_]+$/.test(key) && /[A-Z]/.test(key)) return key;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const labelOf = (s: JsonSchema, key: string) => s.label ?? s.title ?? humanize(key);

/** The display text of an enum value. */
export const optionLabel = (value: unknown) => (typeof value === 'string' ? humanize(value) : String(value));

/** Splits a dotted path; `''` is the root. */
export const splitPath = (path: string) => (path === '' ? [] : path.split('.'));
export const joinPath = (...parts: Array<string | number>) => parts.filter((p) => p !== '').join('.');
