// Free-form keys and values (data.set's values, HTTP headers) as rows of name and value, or as
// JSON for pasting. Values may be templates. Rows being typed (an empty or repeated name) are
// kept on screen until they make a valid entry.
import { Braces, List, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useFormState } from '../form-context.js';
import { isPlainObject, resolve } from '../schema.js';
import { TemplateInput } from '../TemplateInput.js';
import { JsonWidget } from './JsonWidget.js';
import type { WidgetProps } from './types.js';

interface Row {
  key: string;
  text: string;
  /** The stored value when it is not text (kept as is until the row is edited). */
  raw?: unknown;
}

const rowsOf = (value: unknown): Row[] =>
  Object.entries(isPlainObject(value) ? value : {}).map(([key, v]) =>
    typeof v === 'string' ? { key, text: v } : { key, text: JSON.stringify(v), raw: v },
  );

function objectOf(rows: Row[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of rows) if (r.key !== '' && !(r.key in out)) out[r.key] = r.raw !== undefined ? r.raw : r.text;
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

export function RecordWidget(props: WidgetProps) {
  const form = useFormState();
  const [asJson, setAsJson] = useState(false);
  const [draft, setDraft] = useState<Row[]>(() => rowsOf(props.value));
  // Rows on screen while they still make the stored value; else (undo, JSON edit) the value's rows.
  const rows = same(objectOf(draft), props.value) ? draft : rowsOf(props.value);
  const keyRule = resolve(props.schema.propertyNames, form.root).pattern;
  const keyPattern = keyRule ? new RegExp(keyRule, 'u') : null;

  const update = (next: Row[]) => {
    setDraft(next);
    const obj = objectOf(next);
    props.onChange(Object.keys(obj).length === 0 && !props.required ? undefined : obj);
  };
  const edit = (i: number, patch: Partial<Row>) => update(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <div className="record-widget">
      {asJson ? (
        <JsonWidget {...props} />
      ) : (
        <>
          {rows.length === 0 && <p className="hint">No entries yet.</p>}
          {rows.map((row, i) => {
            const duplicate = row.key !== '' && rows.findIndex((r) => r.key === row.key) !== i;
            const badKey = row.key !== '' && keyPattern && !keyPattern.test(row.key);
            return (
              <div key={i} className="record-row-wrap">
                <div className="record-row">
                  <input
                    id={i === 0 ? props.id : undefined}
                    className={`input record-key${duplicate || badKey ? ' invalid' : ''}`}
                    aria-label={`${props.label}: name ${i + 1}`}
                    placeholder="name"
                    value={row.key}
                    onChange={(e) => edit(i, { key: e.target.value })}
                  />
                  <div className="record-value">
                    <TemplateInput
                      value={row.text}
                      ariaLabel={`${props.label}: value ${i + 1}`}
                      placeholder="value or {{ template }}"
                      onChange={(text) => edit(i, { text, raw: undefined })}
                    />
                  </div>
                  <button type="button" className="btn ghost icon small" aria-label={`Remove ${row.key || `entry ${i + 1}`}`} onClick={() => update(rows.filter((_, j) => j !== i))}>
                    <Trash2 size={14} aria-hidden="true" />
                  </button>
                </div>
                {duplicate && <div className="field-error">"{row.key}" is used twice; only the first counts</div>}
                {badKey && <div className="field-error">"{row.key}" is not a valid name here</div>}
              </div>
            );
          })}
        </>
      )}
      <div className="widget-actions">
        {!asJson && (
          <button type="button" className="btn small" onClick={() => setDraft([...rows, { key: '', text: '' }])}>
            <Plus size={14} aria-hidden="true" /> Add entry
          </button>
        )}
        <button type="button" className="btn ghost small end" aria-pressed={asJson} onClick={() => setAsJson(!asJson)}>
          {asJson ? <List size={14} aria-hidden="true" /> : <Braces size={14} aria-hidden="true" />}
          {asJson ? 'Edit as rows' : 'Edit as JSON'}
        </button>
      </div>
    </div>
  );
}
