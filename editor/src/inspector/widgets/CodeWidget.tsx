// Code for a code node (Monaco when it has loaded; a monospace textarea until then), in the
// language a sibling param names (`languageParam`): JavaScript, or TypeScript checked as such.
import { getPath } from '@tern/shared';
import { useFormState } from '../form-context.js';
import { MonacoField } from '../MonacoField.js';
import type { WidgetProps } from './types.js';

export function CodeWidget(props: WidgetProps) {
  const language = useCodeLanguage(props);
  const { fields } = useFormState();
  return (
    <MonacoField
      // A new model per language: Monaco parses a `.js` model as JavaScript whatever its mode.
      key={language}
      id={props.id}
      language={language}
      value={typeof props.value === 'string' ? props.value : ''}
      onChange={(text) => props.onChange(text === '' && !props.required ? undefined : text)}
      ariaLabel={props.label}
      describedBy={props.describedBy}
      invalid={props.invalid}
      height={220}
      fields={fields}
    />
  );
}

function useCodeLanguage({ schema, path }: WidgetProps): 'javascript' | 'typescript' {
  const { value } = useFormState();
  if (!schema.languageParam) return 'javascript';
  const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
  const siblings = parent === '' ? value : getPath(value, parent);
  return getPath(siblings, schema.languageParam) === 'typescript' ? 'typescript' : 'javascript';
}
