// The node palette, generated from the catalogue (`GET /api/nodes`): grouped by category,
// searchable by title, type and description. Drag an item onto the canvas to place it there, or
// click it (Enter when focused) to add it after the selected node, connected.
import './palette.css';
import type { NodeDescription } from '@tern/shared';
import { useStore as useFlowStore } from '@xyflow/react';
import { Search } from 'lucide-react';
import { type CSSProperties, type KeyboardEvent, useDeferredValue, useMemo, useState } from 'react';
import { useEditor, useEditorStoreApi } from '../store/editor-store.js';
import { categoryColor, NodeIcon } from '../ui/icons.js';
import { addNodeAfterSelection } from './add-node.js';
import { useCanvasCommands } from './commands.js';
import { startPaletteDrag } from './palette-drag.js';
import { groupCatalogue } from './palette-groups.js';

export function Palette() {
  const store = useEditorStoreApi();
  const commands = useCanvasCommands();
  const catalogue = useEditor((s) => s.nodeTypes);
  // The canvas turns connecting off when it is read-only: the palette follows it.
  const editable = useFlowStore((s) => s.nodesConnectable);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const groups = useMemo(() => groupCatalogue(catalogue, deferred), [catalogue, deferred]);

  const add = (description: NodeDescription) => {
    if (!editable) return;
    const id = addNodeAfterSelection(store, description, commands.center());
    if (id) requestAnimationFrame(() => commands.reveal(id));
  };

  // Up and down move between items (and from the search box into the list).
  const onListKey = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const items = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.palette-item')];
    if (items.length === 0) return;
    e.preventDefault();
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === 'ArrowDown' ? Math.min(at + 1, items.length - 1) : at - 1;
    if (next < 0) e.currentTarget.querySelector<HTMLInputElement>('input')?.focus();
    else items[next]!.focus();
  };

  return (
    <aside className="palette" data-testid="palette" aria-label="Nodes" onKeyDown={onListKey}>
      <div className="palette-search">
        <Search size={14} aria-hidden="true" className="palette-search-icon" />
        <input
          type="search"
          className="input"
          data-testid="palette-search"
          aria-label="Search nodes"
          placeholder="Search nodes…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && query) {
              e.stopPropagation();
              setQuery('');
            } else if (e.key === 'Enter') {
              // Enter in the search box adds the first match.
              const first = groupCatalogue(catalogue, query)[0]?.items[0];
              if (first) add(first);
            }
          }}
        />
      </div>
      <div className="palette-list">
        {catalogue.length === 0 && <p className="palette-empty muted">Loading nodes…</p>}
        {catalogue.length > 0 && groups.length === 0 && <p className="palette-empty muted">No node matches “{deferred}”.</p>}
        {groups.map((group) => (
          <section key={group.category} className="palette-group" aria-labelledby={`palette-group-${group.category}`}>
            <h3 id={`palette-group-${group.category}`} className="palette-group-title">
              {group.label}
            </h3>
            <ul>
              {group.items.map((d) => (
                <li key={d.type}>
                  <button
                    type="button"
                    className="palette-item"
                    data-testid={`palette-item-${d.type}`}
                    style={{ '--node-color': categoryColor(group.category) } as CSSProperties}
                    draggable={editable}
                    disabled={!editable}
                    title={`${d.title} (${d.type}): ${d.description}\nDrag onto the canvas, or click to add after the selected node.`}
                    onDragStart={(e) => startPaletteDrag(e.dataTransfer, d)}
                    onClick={() => add(d)}
                  >
                    <span className="palette-item-icon">
                      <NodeIcon name={d.icon} size={16} />
                    </span>
                    <span className="palette-item-text">
                      <span className="palette-item-title">{d.title}</span>
                      <span className="palette-item-description">{d.description}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}
