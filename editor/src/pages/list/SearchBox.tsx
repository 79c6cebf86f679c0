// A search field with its magnifier, labelled for screen readers.
import { Search } from 'lucide-react';

export function SearchBox(props: { label: string; placeholder: string; value: string; onChange(text: string): void; testId: string; className?: string }) {
  return (
    <label className={`search-box${props.className ? ` ${props.className}` : ''}`}>
      <Search size={16} aria-hidden="true" />
      <span className="sr-only">{props.label}</span>
      <input className="input" type="search" placeholder={props.placeholder} value={props.value}
        onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId} />
    </label>
  );
}
