// A list of structured items (a switch's cases, each a rules group): each item in its own card
// with move up, move down and remove, and a button to add one.
import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useFormState } from '../form-context.js';
import { defaultValue, joinPath, resolve } from '../schema.js';
import { SchemaField } from '../SchemaField.js';
import type { WidgetProps } from './types.js';

/** "Cases" → "Case", "Values" → "Value": what one item is called. */
export const singular = (label: string) => (/[^s]s$/i.test(label) && label.length > 3 ? label.slice(0, -1) : 'Item');

export function ArrayWidget(props: WidgetProps) {
  const form = useFormState();
  const items = Array.isArray(props.value) ? props.value : [];
  const itemSchema = resolve(props.schema.items, form.root);
  const name = singular(props.label);
  const set = (next: unknown[]) => props.onChange(next);
  const move = (from: number, to: number) => {
    const next = [...items];
    next.splice(to, 0, ...next.splice(from, 1));
    set(next);
  };

  return (
    <div className="array-widget">
      {items.length === 0 && <p className="hint">None yet.</p>}
      <ol className="array-items">
        {items.map((item, i) => {
          const title = `${name} ${i + 1}`;
          return (
            <li key={i} className="array-item">
              <div className="array-item-head">
                <span className="array-item-title">{title}</span>
                <button type="button" className="btn ghost icon small" aria-label={`Move ${title} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>
                  <ArrowUp size={14} aria-hidden="true" />
                </button>
                <button type="button" className="btn ghost icon small" aria-label={`Move ${title} down`} disabled={i === items.length - 1} onClick={() => move(i, i + 1)}>
                  <ArrowDown size={14} aria-hidden="true" />
                </button>
                <button type="button" className="btn ghost icon small" aria-label={`Remove ${title}`} onClick={() => set(items.filter((_, j) => j !== i))}>
                  <Trash2 size={14} aria-hidden="true" />
                </button>
              </div>
              <SchemaField
                schema={itemSchema}
                name={String(i)}
                label={title}
                labelHidden
                path={joinPath(props.path, i)}
                value={item}
                required
                onChange={(next) => set(items.map((v, j) => (j === i ? next : v)))}
              />
            </li>
          );
        })}
      </ol>
      <div className="widget-actions">
        <button type="button" className="btn small" onClick={() => set([...items, defaultValue(itemSchema, form.root) ?? ''])}>
          <Plus size={14} aria-hidden="true" /> Add {name.toLowerCase()}
        </button>
      </div>
    </div>
  );
}
