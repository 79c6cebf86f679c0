// A form generated from a JSON Schema (a node's params, a credential's data): one field per
// property with the widget its `widget` hint or type calls for. Edits flow out through
// `onChange(value)` as the whole new value. `errors` (by dotted path, e.g. `rules.0.value`) show
// under the field they concern, or at the top when no field matches.
import { useMemo } from 'react';
import { type FieldErrors, placeErrors, type PlacedError } from './errors.js';
import { FormStateContext, type FormState, type SchemaFormContext } from './form-context.js';
import { type JsonSchema, asSchema } from './schema.js';
import { SchemaField } from './SchemaField.js';
import './inspector.css';

export interface SchemaFormProps {
  schema: unknown;
  value: unknown;
  onChange(value: unknown): void;
  errors?: FieldErrors;
  context?: SchemaFormContext;
}

const NONE: PlacedError[] = [];

export function SchemaForm({ schema, value, onChange, errors, context }: SchemaFormProps) {
  const root: JsonSchema = asSchema(schema);
  const placed = useMemo(() => placeErrors(root, value, errors), [root, value, errors]);
  const state = useMemo<FormState>(
    () => ({
      root,
      value,
      fields: context?.fields ?? [],
      templates: context?.templates ?? true,
      errorsAt: (path) => placed.byField.get(path) ?? NONE,
    }),
    [root, value, context?.fields, context?.templates, placed],
  );
  // `properties: {}` (a manual trigger) has nothing to set; a bare `{ type: 'object' }` is free JSON.
  const empty = !!root.properties && Object.keys(root.properties).length === 0 && !root.additionalProperties && !root.widget;

  return (
    <FormStateContext.Provider value={state}>
      <div className="schema-form">
        {placed.top.length > 0 && (
          <ul className="form-alert" role="alert" data-testid="form-problems">
            {placed.top.map((e, i) => (
              <li key={i}>{e.path ? `${e.path}: ${e.message}` : e.message}</li>
            ))}
          </ul>
        )}
        {empty ? (
          <p className="muted">This node has no settings.</p>
        ) : (
          <SchemaField schema={root} value={value} onChange={onChange} path="" name="" label={root.label ?? 'Settings'} required bare />
        )}
      </div>
    </FormStateContext.Provider>
  );
}
