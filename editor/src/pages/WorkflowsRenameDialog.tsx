// Rename a workflow from the list: saves its current definition under the new name (a new version).
import { type FormEvent, useState } from 'react';
import type { WorkflowView } from '../api/types.js';
import { renameWorkflow } from '../api/workflows.js';
import { Dialog } from '../ui/dialog.js';
import { toast } from '../ui/toast.js';
import { Field } from './list/Field.js';

export function WorkflowsRenameDialog(props: { workflow: WorkflowView; onRenamed(workflow: WorkflowView): void; onClose(): void }) {
  const [name, setName] = useState(props.workflow.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError('A workflow needs a name');
    if (trimmed === props.workflow.name) return props.onClose();
    setBusy(true);
    setError(null);
    try {
      const renamed = await renameWorkflow(props.workflow.id, trimmed);
      props.onRenamed(renamed);
      toast.success(`Renamed to “${renamed.name}”`);
      props.onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Rename workflow"
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>Cancel</button>
          <button type="submit" form="rename-workflow" className="btn primary" disabled={busy} data-testid="rename-save">
            {busy ? 'Saving…' : 'Rename'}
          </button>
        </>
      }
    >
      <form id="rename-workflow" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name" error={error} hint="Saving the new name creates a new version of the workflow.">
          {(a) => (
            <input {...a} className={`input${error ? ' invalid' : ''}`} value={name} maxLength={200}
              onChange={(e) => setName(e.target.value)} onFocus={(e) => e.currentTarget.select()} data-testid="rename-input" />
          )}
        </Field>
      </form>
    </Dialog>
  );
}
