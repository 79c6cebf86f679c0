// The inspector: the side panel that configures the one selected node. Its header (icon, title,
// description), the settings every node has, the params form generated from the node's JSON
// Schema with the server's problems inline, a preview of a message node for a chosen contact, and
// the node's data in the last run.
import type { Problem } from '@tern/shared';
import { MousePointerClick } from 'lucide-react';
import { type CSSProperties, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MessagePreview, PREVIEWABLE } from '../journeys/EmailPreview.js';
import { NodeRunData } from '../runs/NodeRunData.js';
import { describe } from '../store/catalogue.js';
import { type EditorState, useEditor } from '../store/editor-store.js';
import { selectParams } from '../store/params.js';
import { selectSingleNode } from '../store/selection.js';
import { problemsOfNode } from '../store/ui.js';
import { categoryColor, NodeIcon } from '../ui/icons.js';
import type { FieldErrors } from './errors.js';
import './inspector.css';
import { NodeSettings } from './NodeSettings.js';
import { SchemaForm } from './SchemaForm.js';
import { useContextFields } from './useContextFields.js';
import { useFieldGestures } from './useFieldGestures.js';

export function Inspector() {
  const nodeId = useEditor(selectSingleNode);
  const count = useEditor((s) => s.selectedNodes.size);
  if (!nodeId) {
    return (
      <div className="inspector inspector-empty empty-state" data-testid="inspector-empty">
        <MousePointerClick size={28} aria-hidden="true" />
        <h2>{count > 1 ? `${count} nodes selected` : 'Select a node to configure it'}</h2>
        <p>
          {count > 1
            ? 'Select just one node to see its settings.'
            : 'Double-click a node on the canvas, or select it and press Enter, to see its settings here.'}
        </p>
      </div>
    );
  }
  // Keyed by node: fields start fresh (nothing "touched") for each node.
  return <NodeInspector key={nodeId} nodeId={nodeId} />;
}

/** Problems about `params.*` by their path inside the params; the others (type, ports…) apart. */
function splitProblems(problems: Problem[]) {
  const params: FieldErrors = {};
  const other: Problem[] = [];
  for (const p of problems) {
    if (p.field === 'params' || p.field.startsWith('params.')) (params[p.field.slice(7)] ??= []).push(p.message);
    else other.push(p);
  }
  return { params, other };
}

/** The parts of a node the inspector shows: a node's position is left out, so dragging it does not re-render the form. */
const selectNodeFacts = (nodeId: string) => (s: EditorState) => {
  const n = s.workflow.nodes.find((x) => x.id === nodeId);
  return n ? { id: n.id, type: n.type, version: n.version, name: n.name, disabled: n.disabled, notes: n.notes, retry: n.retry } : null;
};

function NodeInspector({ nodeId }: { nodeId: string }) {
  const node = useEditor(useShallow(selectNodeFacts(nodeId)));
  const description = useEditor((s) => (node ? describe(s, node) : undefined));
  const params = useEditor(selectParams(nodeId));
  const setParams = useEditor((s) => s.setParams);
  const allProblems = useEditor((s) => s.problems);
  const problems = useMemo(() => splitProblems(problemsOfNode(allProblems, nodeId)), [allProblems, nodeId]);
  const fields = useContextFields(nodeId);
  const context = useMemo(() => ({ fields }), [fields]);
  const gestures = useFieldGestures();

  if (!node) return null;
  return (
    <div className="inspector" data-testid="inspector" {...gestures}>
      <NodeHeader node={node} title={description?.title} description={description?.description} category={description?.category} icon={description?.icon} />
      {problems.other.length > 0 && (
        <ul className="form-alert" role="alert" data-testid="inspector-problems">
          {problems.other.map((p, i) => <li key={i}>{p.message}</li>)}
        </ul>
      )}
      <NodeSettings node={node} />
      <section className="inspector-section" aria-labelledby={`${nodeId}-params-title`}>
        <h3 id={`${nodeId}-params-title`} className="inspector-heading">Parameters</h3>
        {description ? (
          <SchemaForm
            schema={description.params}
            value={params}
            onChange={(next) => setParams(nodeId, (next ?? {}) as Record<string, unknown>)}
            errors={problems.params}
            context={context}
          />
        ) : (
          <>
            <p className="form-alert">
              "{node.type}" version {node.version} is not in this server's catalogue; its parameters can be edited as JSON.
            </p>
            <SchemaForm
              schema={{ type: 'object', label: 'Parameters (JSON)' }}
              value={params}
              onChange={(next) => setParams(nodeId, (next ?? {}) as Record<string, unknown>)}
              errors={problems.params}
              context={context}
            />
          </>
        )}
      </section>
      {PREVIEWABLE[node.type] && (
        <section className="inspector-section" aria-labelledby={`${nodeId}-preview-title`}>
          <h3 id={`${nodeId}-preview-title`} className="inspector-heading">Preview</h3>
          <MessagePreview nodeId={nodeId} type={node.type} version={node.version} />
        </section>
      )}
      <section className="inspector-section" aria-labelledby={`${nodeId}-run-title`}>
        <h3 id={`${nodeId}-run-title`} className="inspector-heading">Last run</h3>
        <NodeRunData nodeId={nodeId} />
      </section>
    </div>
  );
}

function NodeHeader(props: { node: { type: string }; title?: string; description?: string; category?: string; icon?: string }) {
  return (
    <header className="inspector-header" style={{ '--node-color': categoryColor(props.category ?? 'other') } as CSSProperties}>
      <span className="inspector-icon">
        <NodeIcon name={props.icon ?? 'box'} size={18} />
      </span>
      <div className="inspector-title">
        <h2>{props.title ?? props.node.type}</h2>
        {props.description && <p className="muted">{props.description}</p>}
      </div>
    </header>
  );
}
