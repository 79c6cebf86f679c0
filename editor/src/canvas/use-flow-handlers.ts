// React Flow's events turned into store edits: moves (a drag is one undo step), selection,
// measured sizes, connections (checked by the same rules while dragging and on drop, with the
// reason shown when refused) and drops from the palette.
import {
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type Node,
  type NodeChange,
  useReactFlow,
} from '@xyflow/react';
import type { Position } from '@tern/shared';
import { type DragEvent, type MouseEvent as ReactMouseEvent, useCallback, useMemo } from 'react';
import { useEditorStoreApi } from '../store/editor-store.js';
import { addNodeAt } from './add-node.js';
import { useCanvasUiApi } from './canvas-ui.js';
import { connectionGuard, connectLink, linkBetween, linkOf } from './connect.js';
import { type FlowModel, type FlowNode, isNoteId, type PortFlowEdge } from './flow-model.js';
import { NODE_HEIGHT, NODE_WIDTH, rounded } from './geometry.js';
import { PALETTE_MIME, readPaletteDrag } from './palette-drag.js';

/** `onMeasured` runs when a node's measured size changed, so its React Flow object is rebuilt. */
export function useFlowHandlers(model: FlowModel, readOnly: boolean, onMeasured: () => void) {
  const store = useEditorStoreApi();
  const rf = useReactFlow();
  const uiApi = useCanvasUiApi();

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const state = store.getState();
      const positions: Record<string, Position> = {};
      let moved = false;
      let measured = false;
      let selection: { nodes: Set<string>; notes: Set<string> } | null = null;
      for (const change of changes) {
        if (change.type === 'dimensions') {
          // Resizing a note is recorded by the note itself; this is the browser's measurement.
          if (change.dimensions && change.resizing === undefined) measured = model.setMeasured(change.id, change.dimensions) || measured;
        } else if (change.type === 'position') {
          if (change.position && !readOnly) {
            positions[change.id] = rounded(change.position);
            moved = true;
          }
        } else if (change.type === 'select') {
          selection ??= { nodes: new Set(state.selectedNodes), notes: new Set(state.selectedNotes) };
          const set = isNoteId(state, change.id) ? selection.notes : selection.nodes;
          if (change.selected) set.add(change.id);
          else set.delete(change.id);
        }
      }
      if (moved) state.edit({ op: 'move', positions });
      if (selection) state.select({ nodes: selection.nodes, notes: selection.notes, edges: store.getState().selectedEdges });
      if (measured) onMeasured();
    },
    [store, model, readOnly, onMeasured],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<PortFlowEdge>[]) => {
      const state = store.getState();
      let selected: Set<string> | null = null;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        selected ??= new Set(state.selectedEdges);
        if (change.selected) selected.add(change.id);
        else selected.delete(change.id);
      }
      if (selected) state.select({ nodes: state.selectedNodes, notes: state.selectedNotes, edges: selected });
    },
    [store],
  );

  const beginGesture = useCallback(() => store.getState().beginGesture(), [store]);
  const endGesture = useCallback(() => store.getState().endGesture(), [store]);
  const isValidConnection = useMemo(() => connectionGuard(store), [store]);

  const onConnect = useCallback(
    (connection: Connection) => {
      const problem = connectLink(store, linkOf(connection));
      if (problem) uiApi.getState().showHint(`Cannot connect: ${problem}`);
    },
    [store, uiApi],
  );

  // A drop that React Flow did not turn into a connection: on a node's body (connect to its
  // input, as a user would expect), or on a handle that refused it (say why).
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (readOnly || !state.fromNode || !state.fromHandle) return;
      const from = { ...state.fromHandle, nodeId: state.fromNode.id };
      if (state.toHandle && state.toNode && state.isValid === false) {
        const problem = store.getState().connectionProblem(linkBetween(from, { nodeId: state.toNode.id, id: state.toHandle.id }));
        if (problem) uiApi.getState().showHint(`Cannot connect: ${problem}`);
        return;
      }
      if (state.toHandle || from.type !== 'source') return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      const target = point && document.elementFromPoint(point.clientX, point.clientY)?.closest('.react-flow__node');
      const targetId = target?.getAttribute('data-id');
      if (!targetId || targetId === from.nodeId || isNoteId(store.getState(), targetId)) return;
      const problem = connectLink(store, linkBetween(from, { nodeId: targetId, id: 'in' }));
      if (problem) uiApi.getState().showHint(`Cannot connect: ${problem}`);
    },
    [store, uiApi, readOnly],
  );

  const onNodeDoubleClick = useCallback(
    (_: ReactMouseEvent, node: Node) => {
      if (!isNoteId(store.getState(), node.id)) store.getState().setPanel('inspector');
    },
    [store],
  );

  const onDragOver = useCallback(
    (e: DragEvent) => {
      if (readOnly || !e.dataTransfer.types.includes(PALETTE_MIME)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    [readOnly],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const key = readPaletteDrag(e.dataTransfer);
      if (readOnly || !key) return;
      e.preventDefault();
      const description = store.getState().nodeTypeIndex.get(key);
      if (!description) return;
      const at = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addNodeAt(store, description, { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 });
    },
    [store, rf, readOnly],
  );

  return useMemo(
    () => ({
      flow: {
        onNodesChange,
        onEdgesChange,
        onConnect,
        onConnectEnd,
        isValidConnection,
        onNodeDragStart: beginGesture,
        onNodeDragStop: endGesture,
        onSelectionDragStart: beginGesture,
        onSelectionDragStop: endGesture,
        onNodeDoubleClick,
      },
      onDragOver,
      onDrop,
    }),
    [onNodesChange, onEdgesChange, onConnect, onConnectEnd, isValidConnection, beginGesture, endGesture, onNodeDoubleClick, onDragOver, onDrop],
  );
}
