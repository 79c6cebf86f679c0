// What every field of a SchemaForm can reach without prop drilling: the root schema (for `$ref`s),
// the context fields offered by autocomplete, whether templates are offered at all (not in
// credential forms), and the server's errors placed at their fields.
import { createContext, useContext } from 'react';
import type { FieldSuggestion } from './completions.js';
import type { PlacedError } from './errors.js';
import type { JsonSchema } from './schema.js';

/** What the host tells a form about where it is used. */
export interface SchemaFormContext {
  /** The context fields the value may read, for autocomplete. */
  fields?: FieldSuggestion[];
  /** Offer templates (autocomplete, "use a template" toggles); default true. */
  templates?: boolean;
}

export interface FormState {
  root: JsonSchema;
  /** The whole value being edited (a field may depend on a sibling, e.g. code on its language). */
  value: unknown;
  fields: FieldSuggestion[];
  templates: boolean;
  errorsAt(path: string): PlacedError[];
}

const NO_ERRORS: PlacedError[] = [];

export const FormStateContext = createContext<FormState>({
  root: {},
  value: undefined,
  fields: [],
  templates: true,
  errorsAt: () => NO_ERRORS,
});

export const useFormState = () => useContext(FormStateContext);
