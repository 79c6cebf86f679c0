// A labelled form field with its hint and its error, wired for screen readers: the control gets
// an id, aria-invalid and aria-describedby through the render function's argument.
import { type ReactNode, useId } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

export function Field(props: {
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const described = [props.error ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, 'aria-invalid': props.error ? true : undefined, 'aria-describedby': described || undefined })}
      {props.error && (
        <span className="error" id={`${id}-error`} role="alert">
          {props.error}
        </span>
      )}
      {props.hint && (
        <span className="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
    </div>
  );
}
