// One field of a SchemaForm: picks the widget for its schema and value, frames it with its label,
// hint and messages, and checks the value as the user types (a missing value is only flagged once
// the field was edited; a wrong one at once).
import { useId, useState } from 'react';
import { CredentialPicker } from './CredentialPicker.js';
import { relativeMessage } from './errors.js';
import { FieldShell } from './FieldShell.js';
import { useFormState } from './form-context.js';
import { RulesBuilder } from './RulesBuilder.js';
import { groupKinds, type JsonSchema, kindOf, labelOf, resolve, type WidgetKind } from './schema.js';
import { validateValue } from './validate.js';
import { ArrayWidget } from './widgets/ArrayWidget.js';
import { BooleanWidget } from './widgets/BooleanWidget.js';
import { CodeWidget } from './widgets/CodeWidget.js';
import { DurationWidget } from './widgets/DurationWidget.js';
import { JsonWidget } from './widgets/JsonWidget.js';
import { ListWidget } from './widgets/ListWidget.js';
import { MultiSelectWidget } from './widgets/MultiSelectWidget.js';
import { NumberWidget } from './widgets/NumberWidget.js';
import { ObjectWidget } from './widgets/ObjectWidget.js';
import { RecordWidget } from './widgets/RecordWidget.js';
import { SelectWidget } from './widgets/SelectWidget.js';
import { isLongText, TextWidget } from './widgets/TextWidget.js';
import type { WidgetProps } from './widgets/types.js';
import { UnionWidget } from './widgets/UnionWidget.js';

export interface SchemaFieldProps {
  schema: JsonSchema;
  value: unknown;
  onChange(value: unknown): void;
  /** Dotted path in the form's value; `''` for the root. */
  path: string;
  /** The property name (the label when the schema has none). */
  name: string;
  required?: boolean;
  label?: string;
  labelHidden?: boolean;
  /** The form's root: objects and unions render without a frame of their own. */
  bare?: boolean;
}

/** Kinds whose value is checked here; structures check their own parts. */
const CHECKED: ReadonlySet<WidgetKind> = new Set(['text', 'template', 'number', 'select', 'multiselect', 'credential', 'list']);

const isMissing = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function renderWidget(kind: WidgetKind, p: WidgetProps) {
  // A switch rather than a lookup table: widgets import SchemaField back, and a table built at
  // module load would read them before they exist.
  switch (kind) {
    case 'text':
      return <TextWidget {...p} />;
    case 'template':
      return <TextWidget {...p} multiline={isLongText(p.path)} />;
    case 'number':
      return <NumberWidget {...p} />;
    case 'select':
      return <SelectWidget {...p} />;
    case 'multiselect':
      return <MultiSelectWidget {...p} />;
    case 'boolean':
      return <BooleanWidget {...p} />;
    case 'duration':
      return <DurationWidget {...p} />;
    case 'code':
      return <CodeWidget {...p} />;
    case 'json':
      return <JsonWidget {...p} />;
    case 'credential':
      return (
        <CredentialPicker
          id={p.id}
          value={typeof p.value === 'string' ? p.value : undefined}
          onChange={p.onChange}
          types={p.schema.credentialTypes}
          label={p.label}
          invalid={p.invalid}
          describedBy={p.describedBy}
        />
      );
    case 'rules':
      return <RulesBuilder value={p.value} onChange={p.onChange} errors={p.errors} path={p.path} />;
    case 'object':
      return <ObjectWidget {...p} />;
    case 'union':
      return <UnionWidget {...p} />;
    case 'array':
      return <ArrayWidget {...p} />;
    case 'list':
      return <ListWidget {...p} />;
    case 'record':
      return <RecordWidget {...p} />;
  }
}

export function SchemaField(props: SchemaFieldProps) {
  const form = useFormState();
  const id = useId();
  const [touched, setTouched] = useState(false);
  const schema = resolve(props.schema, form.root);
  const kind = kindOf(schema, props.value, form.root);
  const required = props.required ?? false;
  // An absent value shows its default: what the server will use.
  const value = props.value === undefined && 'default' in schema ? schema.default : props.value;
  const label = props.label ?? labelOf(schema, props.name);

  const local = CHECKED.has(kind) ? validateValue(schema, value, required, form.root) : null;
  const showLocal = local !== null && (touched || !isMissing(value));
  const server = form.errorsAt(props.path).filter((e) => kind !== 'rules' || e.path === props.path);
  const messages = [...new Set([...(showLocal ? [local] : []), ...server.map((e) => relativeMessage(props.path, e))])];
  const messageId = `${id}-msg`;

  const widget = renderWidget(kind, {
    id,
    schema,
    value,
    onChange: (next) => {
      setTouched(true);
      props.onChange(next);
    },
    path: props.path,
    label,
    required,
    invalid: messages.length > 0,
    describedBy: messages.length ? messageId : undefined,
    errors: form.errorsAt(props.path),
    bare: props.bare,
  });
  if (props.bare && (kind === 'object' || kind === 'union')) return widget;

  const testPath = props.path || (kind === 'rules' ? 'rules' : 'root');
  return (
    <FieldShell
      id={id}
      label={label}
      description={schema.description}
      required={required && !('default' in schema)}
      group={groupKinds.has(kind)}
      labelHidden={props.labelHidden}
      messages={messages}
      messageId={messageId}
      testId={`field-${testPath}`}
    >
      {widget}
    </FieldShell>
  );
}
