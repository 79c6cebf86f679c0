// One row of the workflows list: name (opens the editor), active switch, last run, updated,
// version, and the row menu (rename, duplicate, export, delete).
import { Copy, Download, Pencil, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { WorkflowView } from '../api/types.js';
import { downloadWorkflow, duplicateWorkflow, exportWorkflow, removeWorkflow, setWorkflowActive } from '../api/workflows.js';
import { confirm } from '../ui/dialog.js';
import { toast } from '../ui/toast.js';
import { RelativeTime } from './list/RelativeTime.js';
import { RowMenu } from './list/RowMenu.js';
import { WorkflowsLastRun } from './WorkflowsLastRun.js';

export interface WorkflowRowActions {
  onChanged(workflow: WorkflowView): void;
  onCreated(workflow: WorkflowView): void;
  onRemoved(id: string): void;
  onRename(workflow: WorkflowView): void;
}

export function WorkflowsRow({ workflow, actions }: { workflow: WorkflowView; actions: WorkflowRowActions }) {
  const { id, name } = workflow;
  // While (de)activation is under way the switch shows the wanted state; on failure it reverts.
  const [pending, setPending] = useState<boolean | null>(null);
  const active = pending ?? workflow.active;

  const toggle = async () => {
    const next = !workflow.active;
    setPending(next);
    try {
      actions.onChanged(await setWorkflowActive(id, next));
      toast.success(next ? `“${name}” is active: its triggers are listening` : `“${name}” is inactive: its triggers stopped`);
    } catch (err) {
      toast.fail(err, next ? `“${name}” cannot be activated` : `“${name}” cannot be deactivated`);
    } finally {
      setPending(null);
    }
  };

  const duplicate = async () => {
    try {
      const copy = await duplicateWorkflow(workflow);
      actions.onCreated(copy);
      toast.success(`Created “${copy.name}”`);
    } catch (err) {
      toast.fail(err, `“${name}” cannot be duplicated`);
    }
  };

  const exportJson = () => {
    downloadWorkflow(workflow);
    toast.success(`Exported ${exportWorkflow(workflow).fileName}`);
  };

  const remove = async () => {
    const ok = await confirm({
      title: 'Delete this workflow?',
      message: (
        <>
          <strong>{name}</strong> will be deleted with all its versions.
          {workflow.active && ' It is active: its triggers stop at once.'} This cannot be undone.
        </>
      ),
      confirmLabel: 'Delete workflow',
      danger: true,
    });
    if (!ok) return;
    try {
      await removeWorkflow(id);
      actions.onRemoved(id);
      toast.success(`Deleted “${name}”`);
    } catch (err) {
      toast.fail(err, `“${name}” cannot be deleted`);
    }
  };

  return (
    <tr data-testid={`workflow-row-${id}`}>
      <td className="wf-name-cell">
        <Link to={`/workflows/${encodeURIComponent(id)}`} className="wf-name">{name}</Link>
        <div className="faint wf-summary">
          {workflow.description || `${workflow.nodes.length} ${workflow.nodes.length === 1 ? 'node' : 'nodes'}`}
        </div>
      </td>
      <td>
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={active}
          aria-label={`Active: ${name}`}
          title={active ? 'Active: click to stop its triggers' : 'Inactive: click to start its triggers'}
          disabled={pending !== null}
          aria-busy={pending !== null}
          data-testid={`workflow-active-${id}`}
          onClick={() => void toggle()}
        />
      </td>
      <td><WorkflowsLastRun workflowId={id} /></td>
      <td><RelativeTime iso={workflow.updatedAt} /></td>
      <td className="muted">v{workflow.version}</td>
      <td className="wf-actions">
        <RowMenu
          label={`Actions for ${name}`}
          testId={`workflow-menu-${id}`}
          items={[
            { label: 'Rename', icon: <Pencil size={14} />, testId: 'menu-rename', onSelect: () => actions.onRename(workflow) },
            { label: 'Duplicate', icon: <Copy size={14} />, testId: 'menu-duplicate', onSelect: () => void duplicate() },
            { label: 'Export JSON', icon: <Download size={14} />, testId: 'menu-export', onSelect: exportJson },
            { label: 'Delete', icon: <Trash2 size={14} />, testId: 'menu-delete', danger: true, onSelect: () => void remove() },
          ]}
        />
      </td>
    </tr>
  );
}
