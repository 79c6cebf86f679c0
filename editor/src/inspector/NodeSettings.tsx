// The settings every node has, whatever its type: display name, id (what templates use, with a
// copy button), disabled, retry on error, and notes. Written with `updateNode`. Above them, when
// the catalogue has a newer version of the node that migrations lead to, "Upgrade to vN".
import type { NodePatch, WorkflowNode } from '@tern/shared';
import { ArrowUpCircle, Copy } from 'lucide-react';
import { useId, useState } from 'react';
import { post } from '../api/client.js';
import { describe } from '../store/catalogue.js';
import { useEditor, useEditorStoreApi } from '../store/editor-store.js';
import { toast } from '../ui/toast.js';
import { parseNumber } from './widgets/NumberWidget.js';

const DEFAULT_RETRY = { attempts: 3, delayMs: 1_000 };

/** What the settings show of a node. */
export type NodeFacts = Pick<WorkflowNode, 'id' | 'type' | 'version' | 'name' | 'disabled' | 'notes' | 'retry'>;

export function NodeSettings({ node }: { node: NodeFacts }) {
  const edit = useEditor((s) => s.edit);
  const id = useId();
  const patch = (p: NodePatch) => {
    const problem = edit({ op: 'updateNode', nodeId: node.id, patch: p });
    if (problem) toast.error(problem);
  };

  const copyId = async () => {
    try {
      await navigator.clipboard.writeText(node.id);
      toast.success(`Copied "${node.id}"`);
    } catch {
      toast.error('The clipboard is not available here; select the id and copy it by hand');
    }
  };

  return (
    <section className="inspector-section node-settings" aria-label="Node settings">
      <UpgradeNode node={node} />
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          className="input"
          value={node.name ?? ''}
          placeholder="Shown on the canvas"
          maxLength={200}
          data-testid="inspector-name"
          onChange={(e) => patch({ name: e.target.value === '' ? undefined : e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-id`}>Id</label>
        <div className="row">
          <input id={`${id}-id`} className="input mono" value={node.id} readOnly data-testid="inspector-id" />
          <button type="button" className="btn icon" aria-label="Copy the node id" title="Copy" data-testid="inspector-copy-id" onClick={() => void copyId()}>
            <Copy size={14} aria-hidden="true" />
          </button>
        </div>
        <div className="hint">
          Later steps read this node's output as <code>{`{{ steps.${node.id} }}`}</code>.
        </div>
      </div>
      <div className="switch-field">
        <button
          type="button"
          role="switch"
          id={`${id}-disabled`}
          className="switch"
          aria-checked={node.disabled === true}
          data-testid="inspector-disabled"
          onClick={() => patch({ disabled: node.disabled ? undefined : true })}
        />
        <label htmlFor={`${id}-disabled`}>
          Disabled <span className="hint">passes its input through untouched</span>
        </label>
      </div>
      <RetrySettings node={node} patch={patch} />
      <div className="field">
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea
          id={`${id}-notes`}
          className="textarea"
          rows={2}
          value={node.notes ?? ''}
          placeholder="What this step is for, for whoever reads the workflow next"
          maxLength={10_000}
          data-testid="inspector-notes"
          onChange={(e) => patch({ notes: e.target.value === '' ? undefined : e.target.value })}
        />
      </div>
    </section>
  );
}

/** Moves the node to the newest version of its type: the server chains the versions' migrations
 *  (`POST /api/nodes/upgrade`), and the node is replaced, same id and edges, in one undo step. */
function UpgradeNode({ node }: { node: NodeFacts }) {
  const store = useEditorStoreApi();
  const description = useEditor((s) => describe(s, node));
  const [busy, setBusy] = useState(false);
  if (!description?.canUpgrade || description.latestVersion === undefined) return null;

  const upgrade = async () => {
    const current = store.getState().workflow.nodes.find((n) => n.id === node.id);
    if (!current) return;
    setBusy(true);
    try {
      const { version, params } = await post<{ version: number; params: Record<string, unknown> }>('/api/nodes/upgrade', {
        type: current.type, fromVersion: current.version, params: current.params,
      });
      const { workflow, edit } = store.getState();
      const edges = workflow.edges.filter((e) => e.source === node.id || e.target === node.id);
      const problem = edit([{ op: 'remove', nodeIds: [node.id] }, { op: 'add', nodes: [{ ...current, version, params }], edges }]);
      if (problem) toast.error(problem);
      else toast.success(`Upgraded to version ${version}`);
    } catch (err) {
      toast.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field" data-testid="inspector-upgrade">
      <button type="button" className="btn" disabled={busy} onClick={() => void upgrade()}>
        <ArrowUpCircle size={14} aria-hidden="true" /> Upgrade to v{description.latestVersion}
      </button>
      <div className="hint">This node is version {node.version}; its params are carried over by the node's migration.</div>
    </div>
  );
}

/** A number input that stores only valid numbers; invalid text is flagged and, on leaving, reverts. */
function BoundedNumber(props: {
  id: string;
  label: string;
  value: number;
  valid(n: unknown): n is number;
  message: string;
  hint?: string;
  onChange(n: number): void;
}) {
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? String(props.value);
  const ok = props.valid(parseNumber(shown));
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        className={`input${ok ? '' : ' invalid'}`}
        inputMode="decimal"
        value={shown}
        aria-invalid={!ok || undefined}
        onChange={(e) => {
          setText(e.target.value);
          const n = parseNumber(e.target.value);
          if (props.valid(n)) props.onChange(n);
        }}
        onBlur={() => setText(null)}
      />
      {ok ? props.hint && <div className="hint">{props.hint}</div> : <div className="field-error">{props.message}</div>}
    </div>
  );
}

function RetrySettings({ node, patch }: { node: NodeFacts; patch(p: NodePatch): void }) {
  const id = useId();
  const retry = node.retry;
  return (
    <div className="retry-settings" data-testid="inspector-retry">
      <div className="switch-field">
        <button
          type="button"
          role="switch"
          id={`${id}-on`}
          className="switch"
          aria-checked={!!retry}
          onClick={() => patch({ retry: retry ? undefined : DEFAULT_RETRY })}
        />
        <label htmlFor={`${id}-on`}>
          Retry on error <span className="hint">try the step again when it fails</span>
        </label>
      </div>
      {retry && (
        <div className="retry-fields">
          <BoundedNumber
            id={`${id}-attempts`}
            label="Attempts in all"
            value={retry.attempts}
            valid={(n): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10}
            message="must be a whole number from 1 to 10"
            onChange={(attempts) => patch({ retry: { ...retry, attempts } })}
          />
          <BoundedNumber
            id={`${id}-delay`}
            label="First wait (seconds)"
            value={retry.delayMs / 1000}
            valid={(n): n is number => typeof n === 'number' && n >= 0 && n <= 86_400}
            message="must be from 0 to 86400 seconds"
            hint="doubles after each failure"
            onChange={(s) => patch({ retry: { ...retry, delayMs: Math.round(s * 1000) } })}
          />
        </div>
      )}
    </div>
  );
}
