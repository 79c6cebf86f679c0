// The text of an input that stores a parsed value (a number, a list): what the user typed stays
// as typed ("5.0", "5.") while it still means the stored value; when the value changes from
// elsewhere (undo, another control), the input shows the new value.
import { useState } from 'react';

export function useDraft<T>(value: T, format: (value: T) => string, parse: (text: string) => T): [string, (text: string) => void] {
  const [text, setText] = useState(() => format(value));
  const shown = Object.is(parse(text), value) || format(parse(text)) === format(value) ? text : format(value);
  return [shown, setText];
}

/** `"50"` → 50, `"-2.5"` → -2.5; anything else (including `"007"`, a code that keeps its zeros) stays text. */
export function numberOrText(text: string): string | number {
  return /^-?(0|[1-9]\d*)(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text;
}
