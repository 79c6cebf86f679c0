// An object with known properties: one field per property, in the schema's order. Nested objects
// sit in a fieldset (drawn by the field around them); the form's root renders bare.
import { useFormState } from '../form-context.js';
import { isPlainObject, joinPath, resolve } from '../schema.js';
import { SchemaField } from '../SchemaField.js';
import type { WidgetProps } from './types.js';

/** The object with `key` set, or removed when `next` is undefined. */
export function withKey(value: unknown, key: string, next: unknown): Record<string, unknown> {
  const out = { ...(isPlainObject(value) ? value : {}) };
  if (next === undefined) delete out[key];
  else out[key] = next;
  return out;
}

export function ObjectWidget(props: WidgetProps & { omit?: string }) {
  const form = useFormState();
  const value = isPlainObject(props.value) ? props.value : {};
  const required = new Set(props.schema.required ?? []);
  const entries = Object.entries(props.schema.properties ?? {}).filter(([key]) => key !== props.omit);
  return (
    <div className="schema-fields">
      {entries.map(([key, child]) => (
        <SchemaField
          key={key}
          schema={resolve(child, form.root)}
          name={key}
          path={joinPath(props.path, key)}
          value={value[key]}
          required={required.has(key)}
          onChange={(next) => props.onChange(withKey(props.value, key, next))}
        />
      ))}
    </div>
  );
}
