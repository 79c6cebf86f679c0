// The small button beside a number or on/off field that switches it to a template (the server
// accepts `{{ … }}` wherever a value goes) and back.
import { Braces } from 'lucide-react';

export function TemplateToggle(props: { on: boolean; onToggle(): void; label: string }) {
  return (
    <button
      type="button"
      className={`btn ghost icon small template-toggle${props.on ? ' on' : ''}`}
      aria-pressed={props.on}
      aria-label={props.on ? `Use a fixed value for ${props.label}` : `Use a template for ${props.label}`}
      title={props.on ? 'Use a fixed value' : 'Use a template'}
      onClick={props.onToggle}
    >
      <Braces size={14} aria-hidden="true" />
    </button>
  );
}
