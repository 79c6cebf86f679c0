// A JSON value edited as text (Monaco when it has loaded). What is typed stays as typed while it
// is not valid JSON yet, with the reason shown inline; valid JSON is stored as the value.
import { useRef, useState } from 'react';
import { useFormState } from '../form-context.js';
import { MonacoField } from '../MonacoField.js';
import { typesOf } from '../schema.js';
import type { WidgetProps } from './types.js';

const format = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

function parse(text: string): Parsed {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: `is not valid JSON yet: ${(err as Error).message}` };
  }
}

const TYPE_NAMES: Record<string, string> = { array: 'a list […]', object: 'an object {…}', string: 'text in quotes', number: 'a number', integer: 'a whole number', boolean: 'true or false' };

function typeProblem(types: string[], value: unknown): string | null {
  if (!types.length || value === undefined) return null;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (types.includes(actual) || (actual === 'number' && types.includes('integer'))) return null;
  return `must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}`;
}

export function JsonWidget(props: WidgetProps) {
  const form = useFormState();
  const [draft, setDraft] = useState(() => format(props.value));
  // The value when the draft stopped being valid JSON: while it is unchanged, the draft is kept.
  const heldFor = useRef<unknown>(props.value);
  const parsed = parse(draft);
  const inSync = parsed.ok ? format(parsed.value) === format(props.value) : heldFor.current === props.value;
  const text = inSync ? draft : format(props.value);
  const current = inSync ? parsed : parse(text);
  const problem = current.ok ? typeProblem(typesOf(props.schema), current.value) : current.message;

  const onText = (next: string) => {
    setDraft(next);
    const result = parse(next);
    if (result.ok) props.onChange(result.value);
    else heldFor.current = props.value;
  };

  return (
    <>
      <MonacoField
        id={props.id}
        language="json"
        value={text}
        onChange={onText}
        ariaLabel={props.label}
        describedBy={props.describedBy}
        invalid={props.invalid || !!problem}
        fields={form.templates ? form.fields : undefined}
        schema={{ ...props.schema, $defs: form.root.$defs }}
      />
      {problem && <div className="field-error">{problem}</div>}
    </>
  );
}
