// The credential form's values, checks and request body, derived from a credential type's JSON
// Schema. Pure functions, so the dialog only renders.
import type { CredentialFieldSchema, CredentialTypeInfo, CredentialView } from '../api/credentials.js';

export type FieldValue = string | boolean;
export type FormValues = Record<string, FieldValue>;

export interface FormField {
  name: string;
  schema: CredentialFieldSchema;
  kind: 'boolean' | 'number' | 'text' | 'url' | 'secret';
  required: boolean;
  /** Editing, and the server holds a value for this secret: empty means "keep it". */
  kept: boolean;
}

export function formFields(info: CredentialTypeInfo, existing?: CredentialView): FormField[] {
  const required = new Set(info.fields.required ?? []);
  return Object.entries(info.fields.properties ?? {}).map(([name, schema]) => {
    const secret = info.secret.includes(name);
    const kind: FormField['kind'] = secret
      ? 'secret'
      : schema.type === 'boolean'
        ? 'boolean'
        : schema.type === 'integer' || schema.type === 'number'
          ? 'number'
          : schema.format === 'uri'
            ? 'url'
            : 'text';
    return { name, schema, kind, required: required.has(name), kept: secret && !!existing?.secrets.includes(name) };
  });
}

/** New: the schema's defaults. Edit: the stored non-secret fields; secrets start empty. */
export function initialValues(fields: FormField[], existing?: CredentialView): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    const stored = f.kind === 'secret' ? undefined : existing?.fields[f.name];
    const value = stored !== undefined ? stored : existing ? undefined : f.schema.default;
    values[f.name] = f.kind === 'boolean' ? value === true : value === undefined || value === null ? '' : String(value);
  }
  return values;
}

/** Messages by field name for what can be told before asking the server. */
export function checkValues(fields: FormField[], values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (typeof v !== 'string') continue;
    if (v === '') {
      const mustHave = f.required && (f.kind === 'number' || (f.schema.minLength ?? 0) > 0);
      if (mustHave && !f.kept) errors[f.name] = 'Required';
    } else if (f.kind === 'number' && !Number.isFinite(Number(v))) {
      errors[f.name] = 'Must be a number';
    }
  }
  return errors;
}

/** The `data` to send: what PUT replaces (every non-secret field) and the secrets typed in; an
 *  empty secret on edit is left out so the server keeps it; an empty optional field is left out so
 *  its default applies. */
export function dataOf(fields: FormField[], values: FormValues): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (typeof v === 'boolean') data[f.name] = v;
    else if (v === '' || v === undefined) {
      if (f.kept || !f.required) continue;
      data[f.name] = '';
    } else data[f.name] = f.kind === 'number' ? Number(v) : v;
  }
  return data;
}
