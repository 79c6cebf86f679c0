// A number field. What is typed stays as typed ("2.50") while it means the stored number; text
// that is no number is kept and flagged. The braces button switches the field to a template.
import { useState } from 'react';
import { useFormState } from '../form-context.js';
import { isTemplate } from '../schema.js';
import { TemplateInput } from '../TemplateInput.js';
import { TemplateToggle } from '../TemplateToggle.js';
import { useDraft } from '../useDraft.js';
import type { WidgetProps } from './types.js';

const formatNumber = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** "" → nothing, "12.5" → 12.5, anything else stays text (and is reported as not a number). */
export function parseNumber(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/i.test(t) ? Number(t) : text;
}

export function NumberWidget(props: WidgetProps) {
  const form = useFormState();
  const [templated, setTemplated] = useState(() => isTemplate(props.value));
  const [text, setText] = useDraft(props.value, formatNumber, parseNumber);
  const asTemplate = form.templates && (templated || isTemplate(props.value));

  const toggle = () => {
    if (asTemplate) {
      const n = typeof props.value === 'string' ? parseNumber(props.value) : props.value;
      props.onChange(typeof n === 'number' ? n : undefined);
    }
    setTemplated(!asTemplate);
  };

  return (
    <div className="with-toggle">
      {asTemplate ? (
        <TemplateInput
          id={props.id}
          value={formatNumber(props.value)}
          onChange={(t) => props.onChange(t === '' ? undefined : t)}
          placeholder="{{ trigger.body.amount }}"
          invalid={props.invalid}
          describedBy={props.describedBy}
        />
      ) : (
        <input
          id={props.id}
          className={`input${props.invalid ? ' invalid' : ''}`}
          inputMode="decimal"
          value={text}
          placeholder={props.schema.placeholder}
          aria-required={props.required || undefined}
          aria-invalid={props.invalid || undefined}
          aria-describedby={props.describedBy}
          onChange={(e) => {
            setText(e.target.value);
            props.onChange(parseNumber(e.target.value));
          }}
        />
      )}
      {form.templates && <TemplateToggle on={asTemplate} onToggle={toggle} label={props.label} />}
    </div>
  );
}
