// "Import CSV": pick a file, see what Tern makes of it before anything is written (a dry run: the
// columns and the field each goes into, changeable per column; the first contacts; every broken
// row with its reason), then import, leaving out the broken rows if asked, and see the counts.
import { FileUp } from 'lucide-react';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.js';
import { type ImportResult, type ImportRowError, importContacts } from '../../api/contacts.js';
import { Dialog } from '../../ui/dialog.js';
import { FilePickButton } from '../list/FilePickButton.js';
import { toast } from '../../ui/toast.js';
import { contactName } from './contact-text.js';
import { mappingChoices } from './import-fields.js';
import { TagChips } from './TagChips.js';

type Stage =
  | { step: 'checking' }
  | { step: 'preview'; result: ImportResult }
  | { step: 'importing'; result: ImportResult }
  | { step: 'done'; result: ImportResult }
  | { step: 'failed'; message: string; errors: ImportRowError[] };

export function ContactsImportButton({ onImported }: { onImported(): void }) {
  const [file, setFile] = useState<{ name: string; csv: string } | null>(null);
  return (
    <>
      <FilePickButton accept=".csv,text/csv" fileLabel="CSV file of contacts" testId="import-contacts"
        onFile={(picked) => void picked.text().then((csv) => setFile({ name: picked.name, csv }))}>
        Import CSV
      </FilePickButton>
      {file && (
        <ImportDialog
          file={file}
          onClose={(imported) => {
            setFile(null);
            if (imported) onImported();
          }}
        />
      )}
    </>
  );
}

function ImportDialog({ file, onClose }: { file: { name: string; csv: string }; onClose(imported: boolean): void }) {
  const [stage, setStage] = useState<Stage>({ step: 'checking' });
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);

  const check = async (next: Record<string, string> | null) => {
    setStage({ step: 'checking' });
    try {
      const result = await importContacts({ csv: file.csv, dryRun: true, ...(next ? { mapping: next } : {}) });
      setMapping(result.mapping);
      setStage({ step: 'preview', result });
    } catch (err) {
      setStage(failure(err));
    }
  };
  useEffect(() => {
    void check(null);
    // The first dry run, once the file is read; later ones follow mapping changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const run = async (result: ImportResult) => {
    setStage({ step: 'importing', result });
    try {
      const done = await importContacts({ csv: file.csv, mapping: mapping ?? result.mapping, skipInvalid });
      setStage({ step: 'done', result: done });
      toast.success(`Imported ${file.name}: ${done.created} created, ${done.updated} updated`);
    } catch (err) {
      setStage(failure(err));
    }
  };

  const result = stage.step === 'preview' || stage.step === 'importing' ? stage.result : null;
  const invalidRows = result ? new Set(result.errors.map((e) => e.row)).size : 0;
  const footer =
    stage.step === 'done' ? (
      <button type="button" className="btn primary" onClick={() => onClose(true)}>Done</button>
    ) : (
      <>
        <button type="button" className="btn" onClick={() => onClose(false)}>Cancel</button>
        {result && (
          <button type="button" className="btn primary" data-testid="import-run"
            disabled={stage.step === 'importing' || (invalidRows > 0 && !skipInvalid) || result.valid === 0}
            onClick={() => void run(result)}>
            <FileUp size={16} />
            {stage.step === 'importing' ? 'Importing…' : `Import ${result.valid.toLocaleString('en')} contact${result.valid === 1 ? '' : 's'}`}
          </button>
        )}
      </>
    );

  return (
    <Dialog title={`Import ${file.name}`} onClose={() => onClose(stage.step === 'done')} footer={footer} wide>
      {stage.step === 'checking' && <p className="muted" aria-busy="true">Reading the file…</p>}
      {stage.step === 'failed' && (
        <div className="stack" role="alert" data-testid="import-failed">
          <p className="form-error">{stage.message}</p>
          <RowErrors errors={stage.errors} />
        </div>
      )}
      {stage.step === 'done' && <ImportCounts result={stage.result} />}
      {result && mapping && (
        <>
          <p className="muted" data-testid="import-summary">
            {result.total.toLocaleString('en')} row{result.total === 1 ? '' : 's'}: {result.valid.toLocaleString('en')} ready to import
            {invalidRows > 0 && <>, <strong className="text-danger">{invalidRows} with problems</strong></>}. Nothing is written until you import.
          </p>
          <ColumnMapping columns={result.columns} mapping={mapping} proposed={result.mapping}
            disabled={stage.step === 'importing'} onChange={(next) => void check(next)} />
          <PreviewTable result={result} />
          {result.errors.length > 0 && (
            <>
              <RowErrors errors={result.errors} />
              <label className="checkbox">
                <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} data-testid="import-skip-invalid" />
                Leave out the {invalidRows} row{invalidRows === 1 ? '' : 's'} with problems and import the rest
              </label>
            </>
          )}
        </>
      )}
    </Dialog>
  );
}

function failure(err: unknown): Stage {
  const errors = err instanceof ApiError ? (err.details.filter((d) => typeof (d as ImportRowError).row === 'number') as ImportRowError[]) : [];
  return { step: 'failed', message: err instanceof Error ? err.message : String(err), errors };
}

function ColumnMapping(props: { columns: string[]; mapping: Record<string, string>; proposed: Record<string, string>; disabled: boolean; onChange(mapping: Record<string, string>): void }) {
  return (
    <div className="import-mapping" data-testid="import-mapping">
      <h3>Columns</h3>
      <div className="import-mapping-grid">
        {props.columns.map((column) => (
          <label key={column} className="import-mapping-row">
            <span className="mono import-column" title={column}>{column}</span>
            <span className="faint" aria-hidden="true">→</span>
            <select className="select" aria-label={`Field for the column ${column}`} data-testid={`import-map-${column}`}
              disabled={props.disabled} value={props.mapping[column] ?? ''}
              onChange={(e) => props.onChange({ ...props.mapping, [column]: e.target.value })}>
              {mappingChoices(column, props.proposed[column]).map((c) => <option key={c.field} value={c.field}>{c.label}</option>)}
            </select>
          </label>
        ))}
      </div>
    </div>
  );
}

function PreviewTable({ result }: { result: ImportResult }) {
  if (result.preview.length === 0) return null;
  return (
    <div className="stack">
      <h3>First contacts</h3>
      <div className="card table-card import-preview">
        <table className="table" data-testid="import-preview">
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Phone</th><th scope="col">Tags</th></tr>
          </thead>
          <tbody>
            {result.preview.map((c, i) => (
              <tr key={c.id ?? i}>
                <td>{contactName(c)}</td>
                <td>{c.email ?? <span className="faint">—</span>}</td>
                <td className="mono">{c.phone ?? <span className="faint">—</span>}</td>
                <td><TagChips tags={c.tags ?? []} max={3} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function RowErrors({ errors }: { errors: ImportRowError[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="stack">
      <h3>Rows with problems</h3>
      <ul className="import-errors" data-testid="import-errors">
        {errors.map((e, i) => (
          <li key={i}>
            <strong>Row {e.row}</strong>
            {e.column ? <> · column <span className="mono">{e.column}</span></> : e.field ? <> · {e.field}</> : null}: {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ImportCounts({ result }: { result: ImportResult }) {
  const counts: [string, number][] = [['Created', result.created], ['Updated', result.updated], ['Left out', result.skipped]];
  return (
    <div className="import-counts" data-testid="import-result">
      {counts.map(([label, n]) => (
        <div key={label} className="card card-body stat-tile">
          <span className="stat-value">{n.toLocaleString('en')}</span>
          <span className="muted">{label}</span>
        </div>
      ))}
    </div>
  );
}
