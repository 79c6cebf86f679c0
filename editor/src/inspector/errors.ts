// Where a server-reported problem shows in a form: under the deepest field the form renders for
// its path (`rules.0.value` under the rules builder, `auth.secret` under the secret's input), or
// at the top of the form when no field matches.
import {
  discriminatorOf, isPlainObject, type JsonSchema, joinPath, kindOf, resolve, splitPath, variantIndex, variantsOf,
} from './schema.js';

/** Messages by dotted path relative to the form's value (`''` is the value itself). */
export type FieldErrors = Record<string, string[]>;

export interface PlacedError {
  /** The full path the message is about. */
  path: string;
  message: string;
}

/** The path of the field that shows an error at `path`, or null when the form has none for it. */
export function errorTarget(root: JsonSchema, value: unknown, path: string): string | null {
  const target = walk(root, value, splitPath(path), [], root);
  return target === '' && ['object', 'union'].includes(kindOf(root, value, root)) ? null : target;
}

function walk(schema: JsonSchema, value: unknown, rest: string[], done: string[], root: JsonSchema): string | null {
  if (rest.length === 0) return joinPath(...done);
  const s = resolve(schema, root);
  const [key, ...tail] = rest as [string, ...string[]];
  const here = done.length ? joinPath(...done) : null;
  const child = (value: unknown) => (isPlainObject(value) ? value[key] : undefined);
  switch (kindOf(s, value, root)) {
    case 'object': {
      const prop = s.properties?.[key];
      return prop ? walk(prop, child(value), tail, [...done, key], root) : here;
    }
    case 'union': {
      const variants = variantsOf(s, root)!;
      const disc = discriminatorOf(variants)!;
      if (key === disc) return joinPath(...done, key);
      const variant = variants[Math.max(0, variantIndex(variants, disc, value))]!;
      const prop = variant.properties?.[key];
      return prop ? walk(prop, child(value), tail, [...done, key], root) : here;
    }
    case 'array': {
      const index = Number(key);
      if (!Number.isInteger(index) || !Array.isArray(value) || index >= value.length) return here;
      return walk(s.items ?? {}, value[index], tail, [...done, key], root);
    }
    default:
      // A widget that edits the whole value (rules, JSON, key/value rows…) shows its inner errors.
      return joinPath(...done);
  }
}

/** Groups errors by the field that shows them; `top` holds those no field shows. */
export function placeErrors(root: JsonSchema, value: unknown, errors: FieldErrors | undefined) {
  const byField = new Map<string, PlacedError[]>();
  const top: PlacedError[] = [];
  for (const [path, messages] of Object.entries(errors ?? {})) {
    const target = errorTarget(root, value, path);
    for (const message of messages) {
      if (target === null) top.push({ path, message });
      else byField.set(target, [...(byField.get(target) ?? []), { path, message }]);
    }
  }
  return { byField, top };
}

/** `headers.x-api-key` under the field `headers` reads "x-api-key: …"; the field's own errors read as they are. */
export function relativeMessage(fieldPath: string, error: PlacedError): string {
  if (error.path === fieldPath) return error.message;
  const sub = fieldPath === '' ? error.path : error.path.slice(fieldPath.length + 1);
  return `${sub}: ${error.message}`;
}
