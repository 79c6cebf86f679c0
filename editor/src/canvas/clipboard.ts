// Copy, cut and paste of canvas selections as JSON text: the system clipboard when the browser
// allows it, else a copy kept in memory (so copy/paste inside the editor always works). Pasting
// accepts our fragments and whole exported workflow files, into this or any other workflow.
import { copyFragment, type Fragment, parseFragment, pasteEdit, type Position, type Workflow } from '@tern/shared';
import type { EditorStore } from '../store/editor-store.js';
import { contains, type Rect } from './geometry.js';

let memory: string | null = null;

/** The text of the last copy made in this tab (the fallback when the clipboard API is refused). */
export const clipboardMemory = () => memory;

/** Keeps text as the in-memory copy (the browser's copy event put it on the clipboard itself). */
export function rememberClipboard(text: string | null): void {
  memory = text;
}

/** The selection as clipboard text, or null when nothing that can be copied is selected. */
export function selectionText(store: EditorStore): string | null {
  const { workflow, selectedNodes, selectedNotes } = store.getState();
  const fragment = copyFragment(workflow, selectedNodes, selectedNotes);
  if (fragment.nodes.length === 0 && (fragment.stickyNotes ?? []).length === 0) return null;
  return JSON.stringify(fragment, null, 2);
}

/** Puts text on the clipboard (and in memory); answers whether the system clipboard took it. */
export async function writeClipboard(text: string): Promise<boolean> {
  rememberClipboard(text);
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The clipboard's text, or the in-memory copy when the clipboard cannot be read or holds none of ours. */
export async function readClipboard(): Promise<string | null> {
  try {
    const text = await navigator.clipboard.readText();
    if (parseFragment(text)) return text;
  } catch {
    // permission refused or no clipboard API: fall back to our own copy
  }
  return memory;
}

/** Copies the selection; answers the number of nodes and notes copied. */
export async function copySelection(store: EditorStore): Promise<number> {
  const text = selectionText(store);
  if (!text) return 0;
  await writeClipboard(text);
  const fragment = parseFragment(text)!;
  return fragment.nodes.length + (fragment.stickyNotes ?? []).length;
}

/** Copies the selection, then removes it as one undo step. */
export async function cutSelection(store: EditorStore): Promise<number> {
  const text = selectionText(store);
  if (!text) return 0;
  const count = await copySelection(store);
  const { selectedNodes, selectedNotes, edit, clearSelection } = store.getState();
  edit({ op: 'remove', nodeIds: [...selectedNodes], noteIds: [...selectedNotes] });
  clearSelection();
  return count;
}

/** One paste step: far enough down that a copy of a row of nodes does not cover the row. */
const STEP = { x: 40, y: 80 };

/**
 * How far to move a pasted fragment so the copy is visible: onto the middle of `view` when it
 * would land out of sight, else down-right by steps until it covers nothing already there (so
 * pasting into the workflow it came from, twice, gives two visible copies).
 */
export function pasteOffset(workflow: Workflow, fragment: Fragment, view?: Rect): Position {
  const items = [...fragment.nodes, ...(fragment.stickyNotes ?? [])].map((i) => i.position);
  if (items.length === 0) return { x: 0, y: 0 };
  const min = { x: Math.min(...items.map((p) => p.x)), y: Math.min(...items.map((p) => p.y)) };
  const max = { x: Math.max(...items.map((p) => p.x)), y: Math.max(...items.map((p) => p.y)) };
  const center = { x: (min.x + max.x) / 2, y: (min.y + max.y) / 2 };
  if (view && !contains(view, center)) {
    return { x: Math.round(view.x + view.width / 2 - center.x), y: Math.round(view.y + view.height / 3 - center.y) };
  }
  const occupied = new Set([...workflow.nodes, ...(workflow.stickyNotes ?? [])].map((i) => `${Math.round(i.position.x)},${Math.round(i.position.y)}`));
  const offset = { x: 0, y: 0 };
  const covers = () => items.some((p) => occupied.has(`${Math.round(p.x + offset.x)},${Math.round(p.y + offset.y)}`));
  for (let i = 0; i < 50 && covers(); i++) {
    offset.x += STEP.x;
    offset.y += STEP.y;
  }
  return offset;
}

/**
 * Pastes clipboard text as one undo step: every id made fresh, edges following their nodes; the
 * pasted items become the selection. Answers how many items were pasted (0 when the text holds
 * no nodes or notes).
 */
export function pasteText(store: EditorStore, text: string, view?: Rect): number {
  const fragment = parseFragment(text);
  if (!fragment) return 0;
  const state = store.getState();
  const edit = pasteEdit(state.workflow, fragment, pasteOffset(state.workflow, fragment, view));
  const count = edit.nodes.length + (edit.notes ?? []).length;
  if (count === 0) return 0;
  if (state.edit(edit) !== null) return 0;
  state.select({ nodes: edit.nodes.map((n) => n.id), notes: (edit.notes ?? []).map((n) => n.id) });
  return count;
}
