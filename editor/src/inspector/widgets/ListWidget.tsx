// A list of plain values (tags, allowed IP ranges) as chips.
import { ChipsInput } from '../ChipsInput.js';
import { useFormState } from '../form-context.js';
import { resolve, typesOf } from '../schema.js';
import { numberOrText } from '../useDraft.js';
import type { WidgetProps } from './types.js';

export function ListWidget(props: WidgetProps) {
  const form = useFormState();
  const itemTypes = typesOf(resolve(props.schema.items, form.root));
  const numeric = itemTypes.includes('number') || itemTypes.includes('integer');
  const values = Array.isArray(props.value) ? props.value : [];
  return (
    <ChipsInput
      id={props.id}
      values={values}
      onChange={(next) => props.onChange(next.length === 0 && !props.required ? undefined : next)}
      coerce={numeric ? numberOrText : undefined}
      ariaLabel={`Add to ${props.label}`}
      invalid={props.invalid}
      describedBy={props.describedBy}
      placeholder={props.schema.placeholder}
    />
  );
}
