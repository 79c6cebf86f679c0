// A duration as `{ amount, unit }`: a number and a unit side by side.
import { useFormState } from '../form-context.js';
import { isPlainObject, optionLabel, resolve } from '../schema.js';
import { useDraft } from '../useDraft.js';
import { validateValue } from '../validate.js';
import { parseNumber } from './NumberWidget.js';
import type { WidgetProps } from './types.js';

const DEFAULT_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks'];

export function DurationWidget(props: WidgetProps) {
  const form = useFormState();
  const value = isPlainObject(props.value) ? props.value : {};
  const amountSchema = resolve(props.schema.properties?.amount, form.root);
  const unitSchema = resolve(props.schema.properties?.unit, form.root);
  const units = (unitSchema.enum as string[] | undefined) ?? DEFAULT_UNITS;
  const fallbackUnit = (unitSchema.default as string | undefined) ?? (units.includes('hours') ? 'hours' : units[0]!);
  const unit = typeof value.unit === 'string' ? value.unit : fallbackUnit;
  const [text, setText] = useDraft(value.amount, (v) => (v === undefined ? '' : String(v)), parseNumber);
  const problem = value.amount === undefined ? null : validateValue(amountSchema, value.amount, true, form.root);

  return (
    <>
      <div className="duration-row">
        <input
          id={props.id}
          className={`input${problem || props.invalid ? ' invalid' : ''}`}
          inputMode="decimal"
          aria-label={`${props.label}: amount`}
          aria-invalid={problem ? true : undefined}
          aria-describedby={props.describedBy}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            props.onChange({ ...value, unit, amount: parseNumber(e.target.value) });
          }}
        />
        <select
          className="select"
          aria-label={`${props.label}: unit`}
          value={unit}
          onChange={(e) => props.onChange({ ...value, unit: e.target.value })}
        >
          {units.map((u) => <option key={u} value={u}>{optionLabel(u)}</option>)}
        </select>
      </div>
      {problem && <div className="field-error">Amount {problem}</div>}
    </>
  );
}
