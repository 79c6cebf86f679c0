// The one node component that renders every catalogue node: category stripe, icon, title, id,
// an input handle (unless a trigger), a handle per output port (labelled when there are several),
// the status of the run shown, the problems the server reported, and the journey stats when shown.
// It reads only its own node's slice of the store (node-view.ts, NodeStats.tsx), so dragging another
// node never re-renders it.
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { AlertTriangle, Ban, Check, Hourglass, Loader2, SkipForward, X } from 'lucide-react';
import { type CSSProperties, memo, useEffect, useRef } from 'react';
import type { StepStatus } from '../api/types.js';
import { categoryColor, NodeIcon } from '../ui/icons.js';
import type { WorkflowFlowNode } from './flow-model.js';
import { useNodeView } from './node-view.js';
import { NodeStats, PortCount } from './NodeStats.js';

const STATUS_LABEL: Record<StepStatus, string> = {
  running: 'Running',
  success: 'Succeeded',
  error: 'Failed',
  waiting: 'Waiting',
  skipped: 'Skipped',
  pending: 'Pending',
  canceled: 'Canceled',
};

function StatusIcon({ status }: { status: StepStatus }) {
  switch (status) {
    case 'running':
      return <Loader2 size={12} className="spin" aria-hidden="true" />;
    case 'success':
      return <Check size={12} aria-hidden="true" />;
    case 'error':
      return <X size={12} aria-hidden="true" />;
    case 'waiting':
    case 'pending':
      return <Hourglass size={12} aria-hidden="true" />;
    case 'skipped':
      return <SkipForward size={12} aria-hidden="true" />;
    case 'canceled':
      return <Ban size={12} aria-hidden="true" />;
  }
}

function WorkflowNodeView({ id, data, selected }: NodeProps<WorkflowFlowNode>) {
  const { description, ports, disabled, step, problems } = useNodeView(id, data.type, data.version);
  const portKey = ports.join('\n');
  const updateNodeInternals = useUpdateNodeInternals();
  const measuredPorts = useRef(portKey);
  // Handles added or removed (a switch case): React Flow must measure them again. Not on mount:
  // React Flow measures new nodes itself, in one batch, and 500 single measurements would not be.
  useEffect(() => {
    if (measuredPorts.current === portKey) return;
    measuredPorts.current = portKey;
    updateNodeInternals(id);
  }, [id, portKey, updateNodeInternals]);

  const hasInput = description ? description.inputs.length > 0 : true;
  const title = data.name || description?.title || data.type;
  const status = step?.status;
  const errorMessage = status === 'error' ? (step?.error?.message ?? 'This step failed') : null;
  const multiPort = ports.length > 1;
  const problemText = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('\n');

  const classes = ['wf-node'];
  if (selected) classes.push('selected');
  if (disabled) classes.push('disabled');
  if (!description) classes.push('unknown');
  if (status) classes.push(`status-${status}`);
  if (problems.length) classes.push('has-problems');

  return (
    <div
      className={classes.join(' ')}
      data-testid={`node-${id}`}
      data-status={status}
      style={{ '--node-color': categoryColor(description?.category ?? 'other') } as CSSProperties}
      title={errorMessage ?? undefined}
    >
      {hasInput && <Handle type="target" position={Position.Left} id="in" className="wf-handle wf-handle-in" />}
      <div className="wf-node-main">
        <span className="wf-node-icon">
          {description ? <NodeIcon name={description.icon} size={18} /> : <AlertTriangle size={18} aria-hidden="true" />}
        </span>
        <span className="wf-node-text">
          <span className="wf-node-title">{title}</span>
          <span className="wf-node-id mono">{id}</span>
        </span>
        {status && (
          <span
            className={`wf-node-status status-${status}`}
            data-testid={`node-status-${id}`}
            title={errorMessage ? `${STATUS_LABEL[status]}: ${errorMessage}` : STATUS_LABEL[status]}
            aria-label={errorMessage ? `${STATUS_LABEL[status]}: ${errorMessage}` : STATUS_LABEL[status]}
            role="img"
          >
            <StatusIcon status={status} />
          </span>
        )}
        {problems.length > 0 && (
          <span
            className="wf-node-problems"
            data-testid={`node-problems-${id}`}
            title={problemText}
            aria-label={`${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problemText}`}
            role="img"
          >
            <AlertTriangle size={12} aria-hidden="true" />
            {problems.length}
          </span>
        )}
      </div>
      {!description && (
        <div className="wf-node-warning">
          Unknown node type {data.type}@{data.version}
        </div>
      )}
      {disabled && <div className="wf-node-note">Disabled: passes its input through</div>}
      {errorMessage && <div className="wf-node-error">{errorMessage}</div>}
      <NodeStats id={id} portsShown={multiPort} />
      {multiPort ? (
        <div className="wf-node-ports">
          {ports.map((port) => (
            <div key={port} className="wf-node-port">
              <PortCount id={id} port={port} />
              <span className="wf-node-port-label">{port}</span>
              <Handle type="source" position={Position.Right} id={port} className="wf-handle wf-handle-out" />
            </div>
          ))}
        </div>
      ) : (
        ports.map((port) => <Handle key={port} type="source" position={Position.Right} id={port} className="wf-handle wf-handle-out" />)
      )}
    </div>
  );
}

export const WorkflowNode = memo(WorkflowNodeView);
