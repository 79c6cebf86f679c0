// Run data as a table: a list of objects becomes one row per item and one column per key; an
// object becomes key/value rows; anything else, one cell. Nested values show as compact JSON.
import './runs.css';

const MAX_ROWS = 200;
const MAX_COLUMNS = 40;
const MAX_CELL = 120;

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function cellText(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
}

function Cell({ value }: { value: unknown }) {
  const kind = value === null ? 'null' : typeof value === 'object' ? 'json' : typeof value;
  return <td className={`dtab-${kind}`} title={typeof value === 'string' ? value : undefined}>{cellText(value)}</td>;
}

/** The columns of a list of objects: every key, in the order first seen. */
export function columnsOf(rows: Array<Record<string, unknown>>): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

export function DataTable({ value }: { value: unknown }) {
  let body;
  if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) {
    const rows = value as Array<Record<string, unknown>>;
    const columns = columnsOf(rows).slice(0, MAX_COLUMNS);
    body = (
      <>
        <thead>
          <tr>
            <th scope="col">#</th>
            {columns.map((c) => <th key={c} scope="col">{c}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, MAX_ROWS).map((row, i) => (
            <tr key={i}>
              <td className="dtab-index">{i}</td>
              {columns.map((c) => <Cell key={c} value={row[c]} />)}
            </tr>
          ))}
        </tbody>
      </>
    );
  } else if (Array.isArray(value) || isRecord(value)) {
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : Object.entries(value);
    body = (
      <>
        <thead>
          <tr>
            <th scope="col">{Array.isArray(value) ? '#' : 'Key'}</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {entries.slice(0, MAX_ROWS).map(([key, v]) => (
            <tr key={key}>
              <th scope="row" className="dtab-key">{key}</th>
              <Cell value={v} />
            </tr>
          ))}
        </tbody>
      </>
    );
  } else {
    body = (
      <tbody>
        <tr>
          <Cell value={value} />
        </tr>
      </tbody>
    );
  }
  const count = Array.isArray(value) ? value.length : isRecord(value) ? Object.keys(value).length : 1;
  return (
    <div className="data-table-wrap" data-testid="data-table">
      <table className="table data-table mono">{body}</table>
      {count > MAX_ROWS && <p className="hint">The first {MAX_ROWS} of {count} rows are shown; the tree shows all.</p>}
    </div>
  );
}
