// Checks on the zod schemas a package declares (node params, credential fields): that they are
// zod schemas at all, that they convert to JSON Schema (what the editor builds forms from), and
// what their JSON Schema names (widgets, credential types, top-level params).
import { z } from 'zod';

type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A zod 4 schema, also one made by another copy of zod (a package that bundled its own). */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

/** The schema as the editor gets it, or why it cannot be one. */
export function toJsonSchema(schema: z.ZodType): { ok: true; json: Json } | { ok: false; message: string } {
  try {
    // Strict: a date, a function or a custom check has no JSON Schema, so no form field either.
    return { ok: true, json: z.toJSONSchema(schema, { io: 'input' }) as Json };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** Every value of `key` anywhere in a JSON Schema. */
function valuesOf(json: unknown, key: string): unknown[] {
  if (json === null || typeof json !== 'object') return [];
  const own = key in json ? [(json as Json)[key]] : [];
  return [...own, ...Object.values(json).flatMap((v) => valuesOf(v, key))];
}

export const widgetsIn = (json: Json): unknown[] => valuesOf(json, 'widget');

export const credentialTypesIn = (json: Json): string[] =>
  valuesOf(json, 'credentialTypes').flatMap((v) => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []));

/** The object schemas a form is made of: the object itself, or each option of a union of objects. */
function formObjects(json: Json): Json[] | null {
  if (json.type === 'object') return [json];
  const options = (json.oneOf ?? json.anyOf) as Json[] | undefined;
  if (!Array.isArray(options) || options.length === 0) return null;
  const objects = options.map(formObjects);
  return objects.every((o) => o !== null) ? objects.flat() as Json[] : null;
}

/** The top-level param names, or null when the schema is not an object (or a union of objects). */
export function topLevelParams(json: Json): Set<string> | null {
  const objects = formObjects(json);
  if (!objects) return null;
  return new Set(objects.flatMap((o) => Object.keys((o.properties as Json | undefined) ?? {})));
}
