// Checks one field's value against its schema as the user types, worded for a marketer
// ("must not be empty", "must be at least 1"). Templates are never judged here: whatever they
// render to is for the server to check at run time.
import { type JsonSchema, isTemplate, resolve, typesOf, variantsOf, optionLabel } from './schema.js';

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** What is wrong with `value`, or null. `required` fields must hold something. */
export function validateValue(schema: JsonSchema, value: unknown, required: boolean, root: JsonSchema): string | null {
  const s = resolve(schema, root);
  if (value === undefined || value === null || value === '') return required ? 'must not be empty' : null;
  if (isTemplate(value)) return null;

  const variants = variantsOf(s, root);
  if (variants) {
    const messages = variants.map((v) => validateValue(v, value, true, root));
    return messages.includes(null) ? null : (messages.find((m) => m !== 'must not be empty') ?? messages[0] ?? null);
  }

  if ('const' in s && value !== s.const) return `must be ${optionLabel(s.const)}`;
  if (s.enum && !s.enum.includes(value)) return `must be one of: ${s.enum.map(optionLabel).join(', ')}`;

  const types = typesOf(s);
  if (typeof value === 'string') {
    if (types.length && !types.includes('string')) {
      if (types.includes('number') || types.includes('integer')) return 'must be a number';
      if (types.includes('boolean')) return 'must be on or off';
      return null;
    }
    return validateText(s, value);
  }
  if (typeof value === 'number') {
    if (types.length && !types.includes('number') && !types.includes('integer')) return null;
    return validateNumber(s, types, value);
  }
  if (Array.isArray(value)) return validateList(s, value, required, root);
  return null;
}

function validateText(s: JsonSchema, value: string): string | null {
  if (s.minLength !== undefined && value.length < s.minLength)
    return s.minLength <= 1 ? 'must not be empty' : `must be at least ${s.minLength} characters`;
  if (s.maxLength !== undefined && value.length > s.maxLength) return `must be at most ${s.maxLength} characters`;
  const pattern = s.pattern === undefined ? null : safeRegExp(s.pattern);
  if (pattern && !pattern.test(value))
    return s.placeholder ? `is not in the expected form, e.g. ${s.placeholder}` : 'is not in the expected form';
  if (s.format === 'uri' || s.format === 'url') {
    if (!/^https?:\/\/[^\s/]+/i.test(value)) return 'must be a web address starting with https:// or http://';
  }
  if (s.format === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'must be an email address';
  return null;
}

function validateNumber(s: JsonSchema, types: string[], value: number): string | null {
  if (!Number.isFinite(value)) return 'must be a number';
  if (types.includes('integer') && !types.includes('number') && !Number.isInteger(value)) return 'must be a whole number';
  if (s.minimum !== undefined && value < s.minimum) return `must be at least ${s.minimum}`;
  if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) return `must be greater than ${s.exclusiveMinimum}`;
  if (s.maximum !== undefined && value > s.maximum) return `must be at most ${s.maximum}`;
  if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum) return `must be less than ${s.exclusiveMaximum}`;
  return null;
}

function validateList(s: JsonSchema, value: unknown[], required: boolean, root: JsonSchema): string | null {
  const items = resolve(s.items, root);
  const choose = !!items.enum;
  if (isEmpty(value) && required && (s.minItems ?? 0) > 0) return choose ? 'choose at least one' : 'add at least one';
  if (s.minItems !== undefined && value.length < s.minItems)
    return `${choose ? 'choose' : 'add'} at least ${s.minItems === 1 ? 'one' : s.minItems}`;
  if (s.maxItems !== undefined && value.length > s.maxItems) return `may hold at most ${s.maxItems}`;
  if (items.enum || typesOf(items).some((t) => t === 'string' || t === 'number' || t === 'integer')) {
    for (const item of value) {
      const message = validateValue(items, item, true, root);
      if (message) return `${optionLabel(item)} ${message}`;
    }
  }
  return null;
}

const regexCache = new Map<string, RegExp | null>();
function safeRegExp(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    try {
      regexCache.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      regexCache.set(pattern, null);
    }
  }
  return regexCache.get(pattern) ?? null;
}
