// Canvas commands for the toolbar and the shortcuts: zoom to fit, auto-layout, a note in the
// middle of the view, and the view rectangle that placement needs. They need React Flow's
// instance, so they come from a hook used inside <ReactFlowProvider>.
import { getViewportForBounds, type ReactFlowInstance, type ReactFlowState, useReactFlow, useStoreApi } from '@xyflow/react';
import { useMemo } from 'react';
import { useEditorStoreApi } from '../store/editor-store.js';
import { centerOf, contains, freeSpot, NODE_HEIGHT, NODE_WIDTH, occupied, type Rect } from './geometry.js';
import { heights } from './add-node.js';
import { autoLayout, type SizeOf } from './layout.js';
import { addStickyNote, NOTE_HEIGHT, NOTE_WIDTH } from './notes.js';

export const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1, duration: 200, includeHiddenNodes: true } as const;

/** The part of the workflow the canvas shows, in flow coordinates. */
export function viewRect(s: Pick<ReactFlowState, 'transform' | 'width' | 'height'>): Rect {
  const [tx, ty, zoom] = s.transform;
  return { x: -tx / zoom, y: -ty / zoom, width: s.width / zoom, height: s.height / zoom };
}

/**
 * Zooms so the whole workflow is in view. Unlike React Flow's own fitView it does not wait for
 * every node to be measured: on a large workflow only the nodes in view are rendered, and the
 * others count with their estimated size.
 */
export function fitView(
  rf: Pick<ReactFlowInstance, 'getNodes' | 'getNodesBounds' | 'setViewport'>,
  state: Pick<ReactFlowState, 'width' | 'height' | 'minZoom'>,
  duration: number = FIT_VIEW_OPTIONS.duration,
): void {
  const nodes = rf.getNodes();
  if (nodes.length === 0 || state.width === 0 || state.height === 0) return;
  const bounds = rf.getNodesBounds(nodes);
  const viewport = getViewportForBounds(bounds, state.width, state.height, state.minZoom, FIT_VIEW_OPTIONS.maxZoom, FIT_VIEW_OPTIONS.padding);
  void rf.setViewport(viewport, { duration });
}

export interface CanvasCommands {
  view(): Rect;
  center(): { x: number; y: number };
  fitView(): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Auto-layout as one undo step, then zoom to fit. */
  autoLayout(): void;
  /** Adds a sticky note in the middle of the view; answers its id. */
  addStickyNote(): string;
  /** Pans to a node when it is out of view (e.g. one just added). */
  reveal(nodeId: string): void;
}

export function useCanvasCommands(): CanvasCommands {
  const store = useEditorStoreApi();
  const rf = useReactFlow();
  const rfStore = useStoreApi();
  return useMemo(() => {
    const view = () => viewRect(rfStore.getState());
    const measured: SizeOf = (id) => {
      const size = rf.getInternalNode(id)?.measured;
      return size?.width && size.height ? { width: size.width, height: size.height } : undefined;
    };
    return {
      view,
      center: () => centerOf(view()),
      fitView: () => fitView(rf, rfStore.getState()),
      zoomIn: () => void rf.zoomIn({ duration: 150 }),
      zoomOut: () => void rf.zoomOut({ duration: 150 }),
      autoLayout: () => {
        if (autoLayout(store, measured)) requestAnimationFrame(() => fitView(rf, rfStore.getState()));
      },
      addStickyNote: () => {
        const c = centerOf(view());
        const want = { x: c.x - NOTE_WIDTH / 2, y: c.y - NOTE_HEIGHT / 2 };
        // Not on top of nodes: a note under a node could not be clicked.
        const state = store.getState();
        const spot = freeSpot(want, { width: NOTE_WIDTH, height: NOTE_HEIGHT }, occupied(state.workflow, (id) => measured(id)?.height ?? heights(state)(id)));
        return addStickyNote(store, spot);
      },
      reveal: (nodeId) => {
        const node = store.getState().workflow.nodes.find((n) => n.id === nodeId);
        const rect = view();
        if (!node || rect.width === 0) return;
        const middle = { x: node.position.x + NODE_WIDTH / 2, y: node.position.y + NODE_HEIGHT / 2 };
        if (!contains(rect, middle)) void rf.setCenter(middle.x, middle.y, { zoom: rf.getZoom(), duration: 200 });
      },
    };
  }, [store, rf, rfStore]);
}
