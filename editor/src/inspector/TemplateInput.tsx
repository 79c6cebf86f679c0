// A text field that may hold Liquid templates: typing `{{` (or Ctrl+Space) lists the context
// fields available at this node, and choosing one inserts `{{ steps.lookup.status }}`. Templates
// are never evaluated here; the server reports their syntax errors.
import { Autocomplete } from './Autocomplete.js';
import { type FieldSuggestion, insertTemplate, templateRange } from './completions.js';
import { useFormState } from './form-context.js';

export interface TemplateInputProps {
  id?: string;
  value: string;
  onChange(text: string): void;
  multiline?: boolean;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
  ariaLabel?: string;
  testId?: string;
  /** Defaults to the fields of the form this input is in. */
  fields?: FieldSuggestion[];
  onBlur?(): void;
}

export function TemplateInput({ fields, ...props }: TemplateInputProps) {
  const form = useFormState();
  return (
    <Autocomplete
      {...props}
      className="template-input"
      suggestions={fields ?? form.fields}
      rangeAt={templateRange}
      insert={insertTemplate}
    />
  );
}
