// The params a node starts with when it is added from the palette, read from its JSON Schema:
// every default, and for a required field without one the plainest value of its type (so the
// form opens on something editable rather than on `undefined`).
type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows a local `$ref` (`#/$defs/x`, `#/definitions/x`); sibling keys override the target's. */
function resolve(schema: unknown, root: Schema, depth = 0): Schema {
  if (!isObject(schema)) return {};
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 20) return schema;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  const { $ref: _, ...rest } = schema;
  return { ...resolve(target, root, depth + 1), ...rest };
}

function typeOf(schema: Schema): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === 'string' && x !== 'null');
  return undefined;
}

function valueFor(raw: unknown, root: Schema, required: boolean, depth: number): unknown {
  if (depth > 20) return undefined;
  const schema = resolve(raw, root);
  if ('default' in schema) return structuredClone(schema.default);
  if ('const' in schema) return schema.const;
  const type = typeOf(schema);
  const branches = schema.oneOf ?? schema.anyOf;
  // A union (flow.delay's modes, a body of several shapes) starts as its first branch.
  if (!type && Array.isArray(branches) && branches.length > 0) return valueFor(branches[0], root, required, depth + 1);
  if (!required) return undefined;
  const choices = Array.isArray(schema.enum) ? schema.enum : null;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isObject(schema.properties) ? schema.properties : {};
      const requiredKeys = new Set(Array.isArray(schema.required) ? schema.required : []);
      for (const [key, prop] of Object.entries(props)) {
        const value = valueFor(prop, root, requiredKeys.has(key), depth + 1);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const items: unknown[] = [];
      for (let i = 0; i < min; i++) {
        const item = valueFor(schema.items, root, true, depth + 1);
        if (item === undefined) break;
        items.push(item);
      }
      return items;
    }
    case 'string':
      return choices ? choices[0] : '';
    case 'number':
    case 'integer': {
      if (choices) return choices[0];
      if (typeof schema.minimum === 'number') return schema.minimum;
      if (typeof schema.exclusiveMinimum === 'number') return schema.exclusiveMinimum + 1;
      return 0;
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return choices ? choices[0] : undefined;
  }
}

/** A node's starting params from its params JSON Schema. */
export function defaultParams(schema: unknown): Record<string, unknown> {
  const root = isObject(schema) ? schema : {};
  const value = valueFor(root, root, true, 0);
  return isObject(value) ? value : {};
}
