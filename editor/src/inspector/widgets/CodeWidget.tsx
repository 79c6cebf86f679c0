// JavaScript for a code node (Monaco when it has loaded; a monospace textarea until then).
import { MonacoField } from '../MonacoField.js';
import type { WidgetProps } from './types.js';

export function CodeWidget(props: WidgetProps) {
  return (
    <MonacoField
      id={props.id}
      language="javascript"
      value={typeof props.value === 'string' ? props.value : ''}
      onChange={(text) => props.onChange(text === '' && !props.required ? undefined : text)}
      ariaLabel={props.label}
      describedBy={props.describedBy}
      invalid={props.invalid}
      height={220}
    />
  );
}
