// A choice among the values a schema lists (`enum`). Options are addressed by position, so
// numbers and text alike round-trip; a value not in the list (a template) stays shown.
import { optionLabel } from '../schema.js';
import type { WidgetProps } from './types.js';

export function SelectWidget(props: WidgetProps) {
  const options = props.schema.enum ?? [];
  const index = options.findIndex((o) => o === props.value);
  const unknown = props.value !== undefined && index < 0;
  const selected = index >= 0 ? String(index) : unknown ? 'other' : '';
  return (
    <select
      id={props.id}
      className={`select${props.invalid ? ' invalid' : ''}`}
      value={selected}
      aria-required={props.required || undefined}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
      onChange={(e) => props.onChange(e.target.value === '' ? undefined : options[Number(e.target.value)])}
    >
      {(props.value === undefined || !props.required) && (
        <option value="" disabled={props.required}>
          {props.required ? 'Choose…' : 'Not set'}
        </option>
      )}
      {unknown && <option value="other" disabled>{String(props.value)}</option>}
      {options.map((o, i) => <option key={i} value={String(i)}>{(typeof o === 'string' && props.schema.optionLabels?.[o]) || optionLabel(o)}</option>)}
    </select>
  );
}
