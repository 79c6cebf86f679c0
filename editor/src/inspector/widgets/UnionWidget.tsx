// A union told apart by a constant property (`mode`, `type`): a selector for the variant, then the
// chosen variant's fields. Switching keeps the fields both variants share and fills in defaults.
import { useId } from 'react';
import { useFormState } from '../form-context.js';
import { FieldShell } from '../FieldShell.js';
import {
  defaultValue, discriminatorOf, humanize, isPlainObject, joinPath, type JsonSchema, optionLabel, variantIndex, variantsOf,
} from '../schema.js';
import { ObjectWidget } from './ObjectWidget.js';
import type { WidgetProps } from './types.js';

const variantLabel = (variant: JsonSchema, key: string) =>
  variant.title ?? variant.label ?? optionLabel(variant.properties?.[key]?.const);

export function switchVariant(value: unknown, variant: JsonSchema, key: string, root: JsonSchema): Record<string, unknown> {
  const base = defaultValue(variant, root) as Record<string, unknown>;
  const old = isPlainObject(value) ? value : {};
  const next: Record<string, unknown> = { ...base, [key]: variant.properties?.[key]?.const };
  for (const prop of Object.keys(variant.properties ?? {})) if (prop !== key && old[prop] !== undefined) next[prop] = old[prop];
  return next;
}

export function UnionWidget(props: WidgetProps) {
  const form = useFormState();
  const id = useId();
  const variants = variantsOf(props.schema, form.root)!;
  const key = discriminatorOf(variants)!;
  const found = variantIndex(variants, key, props.value);
  const unset = found < 0 && props.value === undefined && !props.required && !props.bare;
  const index = found < 0 ? 0 : found;
  const variant = variants[index]!;
  const selectorPath = joinPath(props.path, key);
  const selectorErrors = form.errorsAt(selectorPath).map((e) => e.message);
  const keySchema = variants[0]!.properties?.[key] ?? {};

  const onVariant = (choice: string) => {
    if (choice === '') props.onChange(undefined);
    else props.onChange(switchVariant(props.value, variants[Number(choice)]!, key, form.root));
  };

  return (
    <div className="schema-fields union">
      <FieldShell
        id={id}
        label={keySchema.label ?? humanize(key)}
        messages={selectorErrors}
        messageId={`${id}-msg`}
        testId={`field-${selectorPath}`}
      >
        <select id={id} className="select" value={unset ? '' : String(index)} onChange={(e) => onVariant(e.target.value)}>
          {!props.required && !props.bare && <option value="">Not set</option>}
          {variants.map((v, i) => <option key={i} value={String(i)}>{variantLabel(v, key)}</option>)}
        </select>
      </FieldShell>
      {!unset && (
        <ObjectWidget
          {...props}
          schema={variant}
          omit={key}
          // Edits inside a variant always carry its constant, even before the selector was touched.
          onChange={(next) => props.onChange({ ...(next as Record<string, unknown>), [key]: variant.properties?.[key]?.const })}
        />
      )}
    </div>
  );
}
