// An on/off switch; like numbers, it can be switched to a template that renders true or false.
import { useState } from 'react';
import { useFormState } from '../form-context.js';
import { TemplateInput } from '../TemplateInput.js';
import { TemplateToggle } from '../TemplateToggle.js';
import type { WidgetProps } from './types.js';

export function BooleanWidget(props: WidgetProps) {
  const form = useFormState();
  const [templated, setTemplated] = useState(() => typeof props.value === 'string');
  const asTemplate = form.templates && (templated || typeof props.value === 'string');
  const on = props.value === true;
  const toggle = () => {
    if (asTemplate) props.onChange(undefined);
    setTemplated(!asTemplate);
  };
  return (
    <div className="with-toggle">
      {asTemplate ? (
        <TemplateInput
          id={props.id}
          value={typeof props.value === 'string' ? props.value : ''}
          onChange={(t) => props.onChange(t === '' ? undefined : t)}
          placeholder="{{ contact.fields.vip }}"
          describedBy={props.describedBy}
        />
      ) : (
        <span className="switch-row">
          <button
            type="button"
            id={props.id}
            role="switch"
            aria-checked={on}
            className="switch"
            aria-describedby={props.describedBy}
            onClick={() => props.onChange(!on)}
          />
          <span className="muted">{on ? 'On' : 'Off'}</span>
        </span>
      )}
      {form.templates && <TemplateToggle on={asTemplate} onToggle={toggle} label={props.label} />}
    </div>
  );
}
