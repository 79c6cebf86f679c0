// A connection on the canvas: a rounded step line with an arrow, the source port's name on
// edges that leave a node with several ports (`true`/`false`, `case_0`…), and a remove button
// while it is selected.
import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getSmoothStepPath } from '@xyflow/react';
import { X } from 'lucide-react';
import { memo } from 'react';
import { useEditorStoreApi } from '../store/editor-store.js';
import { useCanvasUi } from './canvas-ui.js';
import type { PortFlowEdge } from './flow-model.js';

function PortEdgeView(props: EdgeProps<PortFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, selected, data, interactionWidth } = props;
  const store = useEditorStoreApi();
  const readOnly = useCanvasUi((s) => s.readOnly);
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 10, offset: 24 });
  const label = data?.label;
  const removable = selected && !readOnly;
  return (
    <>
      {/* The label is SVG (drawn by BaseEdge), not an HTML overlay: an overlay per edge costs a
          DOM query per edge on every frame of a drag in a large workflow. */}
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={interactionWidth}
        className="port-edge"
        label={label}
        labelX={labelX}
        labelY={labelY}
        labelBgPadding={[6, 2]}
        labelBgBorderRadius={8}
      />
      {removable && (
        <EdgeLabelRenderer>
          <button
            type="button"
            className="edge-remove nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY + (label ? 18 : 0)}px)` }}
            aria-label="Remove this connection"
            title="Remove this connection"
            data-testid={`edge-remove-${id}`}
            onClick={() => {
              const state = store.getState();
              state.edit({ op: 'remove', edgeIds: [id] });
              state.setSelected('edges', id, false);
            }}
          >
            <X size={12} aria-hidden="true" />
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const PortEdge = memo(PortEdgeView);
