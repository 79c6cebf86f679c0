// Text and template fields: a single line, or several for long texts (an email's HTML). Any text
// param may hold a template, so both offer `{{` autocomplete; secrets are password inputs.
import { useFormState } from '../form-context.js';
import { TemplateInput } from '../TemplateInput.js';
import type { WidgetProps } from './types.js';

/** Fields that hold long text by their name. */
const LONG_TEXT = /^(html|text|body|message|content|template|markdown)$/i;

export const isLongText = (path: string) => LONG_TEXT.test(path.split('.').at(-1) ?? '');

export function TextWidget(props: WidgetProps & { multiline?: boolean }) {
  const form = useFormState();
  const text = props.value === undefined || props.value === null ? '' : String(props.value);
  // An optional field left empty is removed rather than stored as "", which a pattern may refuse.
  const set = (t: string) => props.onChange(t === '' && !props.required ? undefined : t);
  if (!form.templates || props.schema.writeOnly) {
    return (
      <input
        id={props.id}
        className={`input${props.invalid ? ' invalid' : ''}`}
        type={props.schema.writeOnly ? 'password' : 'text'}
        autoComplete={props.schema.writeOnly ? 'new-password' : 'off'}
        value={text}
        placeholder={props.schema.placeholder}
        aria-required={props.required || undefined}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => set(e.target.value)}
      />
    );
  }
  return (
    <TemplateInput
      id={props.id}
      value={text}
      onChange={set}
      multiline={props.multiline}
      placeholder={props.schema.placeholder}
      invalid={props.invalid}
      describedBy={props.describedBy}
    />
  );
}
