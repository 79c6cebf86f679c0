// Run data as a collapsible JSON tree: keys, values coloured by type, objects and arrays folded
// open or shut, long strings cut short with a way to see them whole, and buttons to copy a value
// or its template path (`steps.hot.body.email`, ready to paste into a template).
import { ChevronDown, ChevronRight, Copy, Link2 } from 'lucide-react';
import { useState } from 'react';
import { childPath, copyText } from './clipboard.js';
import './runs.css';

const LONG_STRING = 160;
const CHILDREN_PAGE = 100;

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'undefined';

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'object' ? type : 'undefined';
}

export interface DataTreeProps {
  value: unknown;
  /** The template path of the value itself, e.g. `steps.hot`; copying a child's path starts with it. */
  rootPath?: string;
  /** Levels shown open at first. */
  openDepth?: number;
}

export function DataTree({ value, rootPath = '', openDepth = 2 }: DataTreeProps) {
  return (
    <div className="data-tree mono" data-testid="data-tree">
      <TreeNode name={null} value={value} path={rootPath} depth={0} openDepth={openDepth} />
    </div>
  );
}

function TreeNode(props: { name: string | number | null; value: unknown; path: string; depth: number; openDepth: number }) {
  const { name, value, path, depth, openDepth } = props;
  const kind = kindOf(value);
  const structured = kind === 'object' || kind === 'array';
  const entries: Array<[string | number, unknown]> = !structured
    ? []
    : kind === 'array'
      ? (value as unknown[]).map((v, i) => [i, v])
      : Object.entries(value as Record<string, unknown>);
  // An empty object or array has nothing to fold.
  const container = structured && entries.length > 0;
  const [open, setOpen] = useState(depth < openDepth && entries.length <= 50);
  const [shown, setShown] = useState(CHILDREN_PAGE);
  const label = name === null ? (path || 'value') : String(name);

  return (
    <div className="dt-node">
      <div className="dt-row">
        {container ? (
          <button
            type="button"
            className="dt-toggle"
            aria-expanded={open}
            aria-label={`${open ? 'Collapse' : 'Expand'} ${label}`}
            onClick={() => setOpen(!open)}
          >
            {open ? <ChevronDown size={12} /> : <ChevronRight size={12} />}
          </button>
        ) : (
          <span className="dt-toggle-space" />
        )}
        {name !== null && <span className={typeof name === 'number' ? 'dt-index' : 'dt-key'}>{name}</span>}
        {name !== null && <span className="dt-colon">:</span>}
        {structured && !container ? (
          <span className="dt-meta">{kind === 'array' ? '[ ]' : '{ }'}</span>
        ) : container ? (
          <span className="dt-meta">
            {kind === 'array' ? `[ ${entries.length} ${entries.length === 1 ? 'item' : 'items'} ]` : `{ ${entries.length} ${entries.length === 1 ? 'key' : 'keys'} }`}
          </span>
        ) : (
          <Scalar value={value} kind={kind} />
        )}
        <span className="dt-actions">
          <button
            type="button"
            className="btn ghost icon small"
            aria-label={`Copy value of ${label}`}
            title="Copy value"
            onClick={() => void copyText(typeof value === 'string' ? value : JSON.stringify(value, null, 2) ?? '', 'the value')}
          >
            <Copy size={12} />
          </button>
          {path && (
            <button
              type="button"
              className="btn ghost icon small"
              aria-label={`Copy path ${path}`}
              title={`Copy path ${path}`}
              onClick={() => void copyText(path, path)}
            >
              <Link2 size={12} />
            </button>
          )}
        </span>
      </div>
      {container && open && (
        <div className="dt-children">
          {entries.slice(0, shown).map(([key, child]) => (
            <TreeNode key={key} name={key} value={child} path={childPath(path, key)} depth={depth + 1} openDepth={openDepth} />
          ))}
          {entries.length > shown && (
            <button type="button" className="btn ghost small" onClick={() => setShown(shown + CHILDREN_PAGE)}>
              Show {Math.min(CHILDREN_PAGE, entries.length - shown)} more of {entries.length - shown}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function Scalar({ value, kind }: { value: unknown; kind: Kind }) {
  const [whole, setWhole] = useState(false);
  if (kind !== 'string') return <span className={`dt-${kind}`}>{kind === 'undefined' ? 'undefined' : String(value)}</span>;
  const text = value as string;
  const long = text.length > LONG_STRING;
  return (
    <span className="dt-string">
      "{long && !whole ? `${text.slice(0, LONG_STRING)}…` : text}"
      {long && (
        <button type="button" className="dt-more" onClick={() => setWhole(!whole)}>
          {whole ? 'show less' : `show all ${text.length} characters`}
        </button>
      )}
    </span>
  );
}
