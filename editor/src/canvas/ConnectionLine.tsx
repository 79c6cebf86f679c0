// The line drawn while a connection is dragged. Over a handle that may not take it, the line
// turns red and says why ("a trigger has no input…"), before the user lets go.
import { type ConnectionLineComponentProps, getSmoothStepPath } from '@xyflow/react';
import { useEditor } from '../store/editor-store.js';
import { linkBetween } from './connect.js';

export function ConnectionLine({ fromX, fromY, toX, toY, fromPosition, toPosition, connectionStatus, fromNode, fromHandle, toNode, toHandle }: ConnectionLineComponentProps) {
  const reason = useEditor((s) =>
    connectionStatus === 'invalid' && toNode
      ? s.connectionProblem(linkBetween({ ...fromHandle, nodeId: fromNode.id }, { nodeId: toNode.id, id: toHandle?.id ?? null }))
      : null,
  );
  const [path] = getSmoothStepPath({ sourceX: fromX, sourceY: fromY, targetX: toX, targetY: toY, sourcePosition: fromPosition, targetPosition: toPosition, borderRadius: 10 });
  return (
    <g className={`connection-line ${connectionStatus ?? ''}`}>
      <path d={path} fill="none" className="connection-path" />
      <circle cx={toX} cy={toY} r={3} className="connection-end" />
      {reason && (
        <text x={toX + 14} y={toY + 26} className="connection-reason" data-testid="connection-reason">
          {reason}
        </text>
      )}
    </g>
  );
}
