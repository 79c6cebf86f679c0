// The workflow canvas: a controlled React Flow whose nodes and edges are derived from the store's
// workflow (see flow-model.ts) and whose every change goes back through the store's `edit`, so
// undo/redo, dirty tracking and validation see everything. Needs <EditorStoreProvider> and
// <ReactFlowProvider> around it.
import '@xyflow/react/dist/style.css';
import './canvas.css';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  type EdgeTypes,
  MarkerType,
  MiniMap,
  type Node,
  type NodeTypes,
  ReactFlow,
  type ReactFlowState,
  useReactFlow,
  useStore,
  useStoreApi,
} from '@xyflow/react';
import { Maximize, MousePointerClick } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { describe } from '../store/catalogue.js';
import { useEditor, useEditorStoreApi } from '../store/editor-store.js';
import { CanvasUiContext, createCanvasUi, useCanvasUi, useCanvasUiApi } from './canvas-ui.js';
import { fitView, useCanvasCommands } from './commands.js';
import { ConnectionLine } from './ConnectionLine.js';
import { FlowModel, type FlowNode, type PortFlowEdge } from './flow-model.js';
import { NoteNode } from './NoteNode.js';
import { PortEdge } from './PortEdge.js';
import { useCanvasKeys } from './use-canvas-keys.js';
import { useFlowHandlers } from './use-flow-handlers.js';
import { WorkflowNode } from './WorkflowNode.js';

// Defined once: React Flow re-mounts every node when these objects change.
const nodeTypes: NodeTypes = { workflow: WorkflowNode, note: NoteNode };
const edgeTypes: EdgeTypes = { port: PortEdge };
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
/** Above this many nodes, only the ones in view are rendered. */
const LARGE = 200;
/**
 * Below this zoom the text on nodes cannot be read: it is not painted (canvas.css, `.zoomed-out`),
 * which keeps dragging smooth when a large workflow is seen whole.
 */
const READABLE_ZOOM = 0.35;
const isZoomedOut = (s: ReactFlowState) => s.transform[2] < READABLE_ZOOM;

export interface CanvasProps {
  /** Ctrl/Cmd+S. */
  onSave?: () => void;
  /** Viewing an old version or an execution: nothing can be changed. */
  readOnly?: boolean;
}

export function Canvas({ onSave, readOnly = false }: CanvasProps) {
  const [ui] = useState(() => createCanvasUi(readOnly));
  useEffect(() => ui.setState({ readOnly, ...(readOnly ? { editingNote: null } : {}) }), [ui, readOnly]);
  return (
    <CanvasUiContext.Provider value={ui}>
      <CanvasFlow onSave={onSave} readOnly={readOnly} />
    </CanvasUiContext.Provider>
  );
}

function CanvasFlow({ onSave, readOnly = false }: CanvasProps) {
  const store = useEditorStoreApi();
  const commands = useCanvasCommands();
  const uiApi = useCanvasUiApi();
  useCanvasKeys({ store, ui: uiApi, commands, readOnly, onSave });

  const [model] = useState(() => new FlowModel());
  const [measuredVersion, setMeasuredVersion] = useState(0);
  const workflowNodes = useEditor((s) => s.workflow.nodes);
  const workflowNotes = useEditor((s) => s.workflow.stickyNotes);
  const workflowEdges = useEditor((s) => s.workflow.edges);
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const selectedNotes = useEditor((s) => s.selectedNotes);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const catalogue = useEditor((s) => s.nodeTypeIndex);
  const hint = useCanvasUi((s) => s.hint);
  const zoomedOut = useStore(isZoomedOut);

  const nodes = useMemo(
    () => model.nodes({ nodes: workflowNodes, stickyNotes: workflowNotes }, selectedNodes, selectedNotes, catalogue),
    // measuredVersion: a node was measured, so its object must carry the new size
    [model, workflowNodes, workflowNotes, selectedNodes, selectedNotes, catalogue, measuredVersion],
  );
  const edges = useMemo(
    () => model.edges({ nodes: workflowNodes, edges: workflowEdges }, selectedEdges, catalogue),
    [model, workflowNodes, workflowEdges, selectedEdges, catalogue],
  );

  const remeasured = useCallback(() => setMeasuredVersion((v) => v + 1), []);
  const handlers = useFlowHandlers(model, readOnly, remeasured);
  useFitOnLoad(workflowNodes.length + (workflowNotes?.length ?? 0));

  const minimapClass = useCallback(
    (node: Node) =>
      node.type === 'note'
        ? 'minimap-note'
        : `minimap-node cat-${describe(store.getState(), node.data as { type: string; version: number })?.category ?? 'other'}`,
    [store],
  );

  const empty = workflowNodes.length === 0;

  return (
    <div
      className={`canvas${readOnly ? ' read-only' : ''}${zoomedOut ? ' zoomed-out' : ''}`}
      data-testid="canvas"
      onDragOver={handlers.onDragOver}
      onDrop={handlers.onDrop}
    >
      <ReactFlow<FlowNode, PortFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        connectionLineComponent={ConnectionLine}
        {...handlers.flow}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        zoomOnDoubleClick={false}
        onlyRenderVisibleElements={workflowNodes.length > LARGE}
        minZoom={0.1}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        aria-label="Workflow canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <Controls showFitView={false} showInteractive={false}>
          <ControlButton onClick={() => commands.fitView()} title="Zoom to fit (Shift+1)" aria-label="Zoom to fit">
            <Maximize aria-hidden="true" />
          </ControlButton>
        </Controls>
        <MiniMap pannable zoomable nodeClassName={minimapClass} ariaLabel="Overview of the workflow" />
      </ReactFlow>
      {empty && <EmptyState readOnly={readOnly} />}
      {hint && (
        <div className="canvas-hint" role="alert" data-testid="canvas-hint">
          {hint}
        </div>
      )}
    </div>
  );
}

/** Zooms to fit once per workflow opened, as soon as its nodes are on the canvas. */
function useFitOnLoad(itemCount: number) {
  const rf = useReactFlow();
  const rfStore = useStoreApi();
  const workflowId = useEditor((s) => s.workflowId);
  const paneReady = useStore((s) => s.width > 0 && s.height > 0 && s.nodeLookup.size > 0);
  const fitted = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (fitted.current === workflowId) return;
    // A workflow opened empty has nothing to fit; the first node dropped on it must not zoom in.
    if (itemCount === 0) {
      fitted.current = workflowId;
      return;
    }
    if (!paneReady) return;
    fitted.current = workflowId;
    fitView(rf, rfStore.getState(), 0);
  }, [rf, rfStore, workflowId, itemCount, paneReady]);
}

function EmptyState({ readOnly }: { readOnly: boolean }) {
  return (
    <div className="canvas-empty" data-testid="canvas-empty">
      <div className="empty-state">
        <MousePointerClick size={28} aria-hidden="true" />
        {readOnly ? (
          <h2>This version has no nodes</h2>
        ) : (
          <>
            <h2>Drag a trigger from the left to start</h2>
            <p>or press Enter on a palette item. Press <kbd className="kbd">?</kbd> for all shortcuts.</p>
          </>
        )}
      </div>
    </div>
  );
}
