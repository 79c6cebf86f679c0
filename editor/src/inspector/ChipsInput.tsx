// A list of short values as removable chips plus an input: Enter or a comma adds what was typed,
// Backspace in the empty input removes the last chip. Used for "is one of" rule values and for
// lists of plain values (tags, allowed IPs).
import { X } from 'lucide-react';
import { useState } from 'react';

export interface ChipsInputProps {
  id?: string;
  values: unknown[];
  onChange(values: unknown[]): void;
  /** Turns typed text into the stored item (e.g. "50" → 50). */
  coerce?(text: string): unknown;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
  ariaLabel?: string;
  testId?: string;
}

export function ChipsInput(props: ChipsInputProps) {
  const [text, setText] = useState('');
  const coerce = props.coerce ?? ((t: string) => t);

  const commit = (raw = text) => {
    const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
    setText('');
    if (parts.length) props.onChange([...props.values, ...parts.map(coerce)]);
  };

  return (
    <div className={`chips-input${props.invalid ? ' invalid' : ''}`}>
      {props.values.map((v, i) => (
        <span key={`${i}:${String(v)}`} className="chip">
          <span className="chip-text">{typeof v === 'string' ? v : JSON.stringify(v)}</span>
          <button
            type="button"
            className="chip-remove"
            aria-label={`Remove ${String(v)}`}
            onClick={() => props.onChange(props.values.filter((_, j) => j !== i))}
          >
            <X size={12} aria-hidden="true" />
          </button>
        </span>
      ))}
      <input
        id={props.id}
        className="chips-field"
        value={text}
        placeholder={props.values.length ? undefined : props.placeholder ?? 'Type and press Enter'}
        aria-label={props.ariaLabel}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        data-testid={props.testId}
        onChange={(e) => {
          const next = e.target.value;
          if (next.includes(',')) commit(next);
          else setText(next);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Backspace' && text === '' && props.values.length) {
            props.onChange(props.values.slice(0, -1));
          }
        }}
        onBlur={() => commit()}
      />
    </div>
  );
}
