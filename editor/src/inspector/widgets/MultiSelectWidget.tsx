// Several choices among listed values (a list of `enum`), e.g. the days of a delay window: one
// toggle chip per value, kept in the schema's order.
import { optionLabel, resolve } from '../schema.js';
import { useFormState } from '../form-context.js';
import type { WidgetProps } from './types.js';

export function MultiSelectWidget(props: WidgetProps) {
  const form = useFormState();
  const options = resolve(props.schema.items, form.root).enum ?? [];
  const chosen = Array.isArray(props.value) ? props.value : [];
  const toggle = (option: unknown) => {
    const next = chosen.includes(option) ? chosen.filter((v) => v !== option) : options.filter((o) => o === option || chosen.includes(o));
    props.onChange(next);
  };
  return (
    <div className="toggle-chips" aria-describedby={props.describedBy}>
      {options.map((o, i) => (
        <button
          key={i}
          type="button"
          id={i === 0 ? props.id : undefined}
          className={`toggle-chip${chosen.includes(o) ? ' on' : ''}`}
          aria-pressed={chosen.includes(o)}
          onClick={() => toggle(o)}
        >
          {optionLabel(o)}
        </button>
      ))}
    </div>
  );
}
