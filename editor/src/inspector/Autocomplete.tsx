// A text input (or textarea) with a keyboard-navigable list of context-field suggestions: ↑/↓ move,
// Enter or Tab choose, Escape closes, Ctrl+Space opens it anywhere. Where the query sits in the
// text and what choosing inserts are the caller's (templates insert `{{ path }}`, a rule's field
// input the bare path).
import { type KeyboardEvent, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type FieldSuggestion, filterSuggestions, type SuggestRange } from './completions.js';

export interface AutocompleteProps {
  id?: string;
  value: string;
  onChange(text: string): void;
  suggestions: FieldSuggestion[];
  rangeAt(text: string, caret: number, forced: boolean): SuggestRange | null;
  insert(text: string, range: SuggestRange, path: string): { text: string; caret: number };
  /** ArrowDown opens the list (single-line inputs whose whole text is the query). */
  openOnArrow?: boolean;
  multiline?: boolean;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
  ariaLabel?: string;
  testId?: string;
  className?: string;
  onBlur?(): void;
}

export function Autocomplete(props: AutocompleteProps) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const listId = useId();
  const [range, setRange] = useState<SuggestRange | null>(null);
  const [active, setActive] = useState(0);
  const pendingCaret = useRef<number | null>(null);
  const items = useMemo(() => (range ? filterSuggestions(props.suggestions, range.query) : []), [range, props.suggestions]);
  const open = range !== null && items.length > 0;

  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    if (caret === null || !ref.current) return;
    pendingCaret.current = null;
    ref.current.setSelectionRange(caret, caret);
  });

  // Keep the highlighted suggestion in view while moving through a long list.
  useLayoutEffect(() => {
    if (open) document.getElementById(`${listId}-${active}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [open, active, listId]);

  const update = (text: string, caret: number, forced = false) => {
    setRange(props.rangeAt(text, caret, forced));
    setActive(0);
  };
  const caretOf = () => ref.current?.selectionStart ?? props.value.length;

  const choose = (item: FieldSuggestion) => {
    if (!range) return;
    const next = props.insert(props.value, range, item.path);
    pendingCaret.current = next.caret;
    setRange(null);
    props.onChange(next.text);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === ' ' || e.code === 'Space')) {
      e.preventDefault();
      update(props.value, caretOf(), true);
      return;
    }
    if (!open) {
      if (e.key === 'ArrowDown' && props.openOnArrow) {
        e.preventDefault();
        update(props.value, caretOf(), true);
      }
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setActive((a) => (a + 1) % items.length);
        break;
      case 'ArrowUp':
        e.preventDefault();
        setActive((a) => (a - 1 + items.length) % items.length);
        break;
      case 'Enter':
      case 'Tab':
        e.preventDefault();
        choose(items[Math.min(active, items.length - 1)]!);
        break;
      case 'Escape':
        // Closes the list only, not the dialog or panel around it.
        e.preventDefault();
        e.stopPropagation();
        setRange(null);
        break;
    }
  };

  const common = {
    ref,
    id: props.id,
    value: props.value,
    placeholder: props.placeholder,
    className: `${props.multiline ? 'textarea' : 'input'}${props.invalid ? ' invalid' : ''}${props.className ? ` ${props.className}` : ''}`,
    role: 'combobox',
    'aria-expanded': open,
    'aria-controls': open ? listId : undefined,
    'aria-autocomplete': 'list' as const,
    'aria-activedescendant': open ? `${listId}-${active}` : undefined,
    'aria-invalid': props.invalid || undefined,
    'aria-describedby': props.describedBy,
    'aria-label': props.ariaLabel,
    'data-testid': props.testId,
    spellCheck: false,
    autoComplete: 'off',
    onChange: (e: { target: HTMLInputElement | HTMLTextAreaElement }) => {
      props.onChange(e.target.value);
      update(e.target.value, e.target.selectionStart ?? e.target.value.length);
    },
    onKeyDown,
    onBlur: () => {
      setRange(null);
      props.onBlur?.();
    },
  };

  return (
    <div className="autocomplete">
      {props.multiline ? <textarea rows={4} {...common} /> : <input type="text" {...common} />}
      {open && (
        <ul className="suggestions" role="listbox" id={listId} aria-label="Available fields">
          {items.map((item, i) => (
            <li
              key={item.path}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // mousedown, not click: the input keeps its focus and caret.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(item);
              }}
            >
              <span className="suggestion-path">{item.path}</span>
              <span className="suggestion-detail">{item.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
