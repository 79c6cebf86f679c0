// Sticky notes: adding one (toolbar button, `N`) and the colours a note can take.
import { freshId, type Position, type StickyNote, type Workflow } from '@tern/shared';
import type { EditorStore } from '../store/editor-store.js';
import { GAP_X, NODE_WIDTH, rounded } from './geometry.js';

export const NOTE_COLORS = ['yellow', 'blue', 'green', 'pink', 'gray'] as const satisfies readonly StickyNote['color'][];
export const NOTE_WIDTH = 240;
export const NOTE_HEIGHT = 140;

/** Right of everything on the canvas, level with its top: where a note with no given place goes. */
function besideEverything(workflow: Workflow): Position {
  const items = [
    ...workflow.nodes.map((n) => ({ ...n.position, right: n.position.x + NODE_WIDTH })),
    ...(workflow.stickyNotes ?? []).map((n) => ({ ...n.position, right: n.position.x + n.width })),
  ];
  if (items.length === 0) return { x: 0, y: 0 };
  return { x: Math.max(...items.map((i) => i.right)) + GAP_X, y: Math.min(...items.map((i) => i.y)) };
}

/**
 * Adds an empty yellow note as one undo step, its top-left at `position` (default: right of the
 * workflow), and selects it; answers its id.
 */
export function addStickyNote(store: EditorStore, position?: Position): string {
  const state = store.getState();
  const note: StickyNote = {
    id: freshId(state.workflow, 'note'),
    text: '',
    position: rounded(position ?? besideEverything(state.workflow)),
    width: NOTE_WIDTH,
    height: NOTE_HEIGHT,
    color: 'yellow',
  };
  state.edit({ op: 'add', nodes: [], notes: [note] });
  state.select({ notes: [note.id] });
  return note.id;
}
