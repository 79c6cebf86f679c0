// A code or JSON field edited with Monaco, loaded lazily: a plain textarea stands in while Monaco
// loads, where it cannot run (test DOMs) and if its chunk fails to load, so the field always works.
import { Component, lazy, type ReactNode, Suspense } from 'react';
import type { FieldSuggestion } from './completions.js';

export interface MonacoFieldProps {
  id?: string;
  value: string;
  onChange(text: string): void;
  language: 'json' | 'javascript' | 'typescript';
  ariaLabel?: string;
  describedBy?: string;
  invalid?: boolean;
  testId?: string;
  height?: number;
  /** Context fields offered inside `{{ }}`. */
  fields?: FieldSuggestion[];
  /** JSON Schema the value is checked against (JSON only). */
  schema?: unknown;
}

const LazyMonaco = lazy(() => import('./MonacoEditor.js'));

/** Monaco needs a real browser (layout, workers); test DOMs get the textarea. */
const monacoAvailable = () => import.meta.env.MODE !== 'test' && typeof Worker !== 'undefined';

export function MonacoField(props: MonacoFieldProps) {
  const fallback = (
    <textarea
      id={props.id}
      className={`textarea mono code-fallback${props.invalid ? ' invalid' : ''}`}
      rows={Math.max(4, Math.min(16, props.value.split('\n').length + 1))}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      aria-label={props.ariaLabel}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
      data-testid={props.testId}
      data-language={props.language}
      spellCheck={false}
    />
  );
  if (!monacoAvailable()) return fallback;
  return (
    <FallbackOnError fallback={fallback}>
      <Suspense fallback={fallback}>
        <LazyMonaco {...props} fallback={fallback} />
      </Suspense>
    </FallbackOnError>
  );
}

class FallbackOnError extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
