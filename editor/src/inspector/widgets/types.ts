// What every widget of a SchemaForm gets.
import type { PlacedError } from '../errors.js';
import type { JsonSchema } from '../schema.js';

export interface WidgetProps {
  /** The id the field's label points at. */
  id: string;
  /** The field's schema, `$ref` resolved. */
  schema: JsonSchema;
  value: unknown;
  onChange(value: unknown): void;
  /** Dotted path in the form's value (`''` for the root). */
  path: string;
  label: string;
  required: boolean;
  invalid: boolean;
  /** The id of the element holding the field's messages. */
  describedBy?: string;
  /** The server's errors placed at this field (widgets that edit a whole structure show them inside). */
  errors: PlacedError[];
  /** The root of the form: no fieldset of its own. */
  bare?: boolean;
}
