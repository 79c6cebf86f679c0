// The frame of one form field: its label (a legend for groups of controls), the description as a
// hint, the control, and its messages. Carries `data-testid="field-<dotted.path>"`.
import type { ReactNode } from 'react';

export interface FieldShellProps {
  /** The id of the control the label points at (single controls). */
  id: string;
  label: string;
  description?: string;
  required?: boolean;
  /** A group of controls: a fieldset with a legend instead of a label. */
  group?: boolean;
  /** Keeps the label for screen readers only (a list item titled by its header). */
  labelHidden?: boolean;
  messages: string[];
  messageId: string;
  testId: string;
  children: ReactNode;
}

export function FieldShell(props: FieldShellProps) {
  const title = (
    <>
      {props.label}
      {props.required && <span className="field-required" aria-hidden="true"> *</span>}
    </>
  );
  const body = (
    <>
      {props.description && <div className="hint">{props.description}</div>}
      {props.children}
      {props.messages.length > 0 && (
        <div id={props.messageId} className="field-messages">
          {props.messages.map((m) => <div key={m} className="field-error">{m}</div>)}
        </div>
      )}
    </>
  );
  if (props.group) {
    return (
      <fieldset className="field schema-group" data-testid={props.testId} aria-invalid={props.messages.length > 0 || undefined}>
        <legend className={props.labelHidden ? 'sr-only' : 'label'}>{title}</legend>
        {body}
      </fieldset>
    );
  }
  return (
    <div className="field" data-testid={props.testId}>
      <label htmlFor={props.id} className={props.labelHidden ? 'sr-only' : undefined}>{title}</label>
      {body}
    </div>
  );
}
