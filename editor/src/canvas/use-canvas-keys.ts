// Binds the shortcut table to the canvas's actions while the canvas is shown, and makes the
// browser's own copy/cut/paste events carry workflow fragments. Nothing here fires while the
// user types in a field (inputs, textareas, Monaco), so text editing keeps its own keys.
import { parseFragment } from '@tern/shared';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { EditorStore } from '../store/editor-store.js';
import { toast } from '../ui/toast.js';
import type { CanvasUiStore } from './canvas-ui.js';
import { clipboardMemory, copySelection, cutSelection, pasteText, readClipboard, rememberClipboard, selectionText } from './clipboard.js';
import type { CanvasCommands } from './commands.js';
import { isControlKey, isTypingTarget, matchShortcut, type ShortcutId } from './shortcuts.js';

export interface CanvasKeyOptions {
  store: EditorStore;
  ui: CanvasUiStore;
  commands: CanvasCommands;
  readOnly: boolean;
  onSave?: () => void;
}

const NUDGE = 10;
const NUDGE_FAR = 50;
/** How long a Ctrl+C/X/V waits for the browser's own clipboard event before doing the work itself. */
const EVENT_GRACE_MS = 80;

const ARROW: Record<string, { x: number; y: number }> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
};

/** True when the user has selected text on the page: Ctrl+C then copies that text, not nodes. */
const hasTextSelection = () => {
  const selection = globalThis.getSelection?.();
  return !!selection && !selection.isCollapsed && selection.toString().trim() !== '';
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function useCanvasKeys(options: CanvasKeyOptions): void {
  // The handlers live for the canvas's lifetime and read the latest options through a ref.
  const ref = useRef(options);
  useLayoutEffect(() => {
    ref.current = options;
  });

  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    let nudging = false;

    const settle = () => clearTimeout(pending);
    const afterGrace = (work: () => void) => {
      settle();
      pending = setTimeout(work, EVENT_GRACE_MS);
    };

    const paste = (text: string | null) => {
      const { store, commands } = ref.current;
      const count = text ? pasteText(store, text, commands.view()) : 0;
      if (count > 0) toast.success(`Pasted ${plural(count, 'item')}`);
      else toast.info('The clipboard holds no Tern nodes to paste');
    };
    const reportCopy = (count: number, cut: boolean) => {
      if (count > 0) toast.success(`${cut ? 'Cut' : 'Copied'} ${plural(count, 'item')}`);
    };

    const actions: Record<ShortcutId, (e: KeyboardEvent) => void> = {
      undo: () => ref.current.store.getState().undo(),
      redo: () => ref.current.store.getState().redo(),
      copy: () => afterGrace(() => void copySelection(ref.current.store).then((n) => reportCopy(n, false))),
      cut: () => afterGrace(() => void cutSelection(ref.current.store).then((n) => reportCopy(n, true))),
      paste: () => afterGrace(() => void readClipboard().then(paste)),
      selectAll: () => {
        const { store } = ref.current;
        const { workflow, select } = store.getState();
        select({ nodes: workflow.nodes.map((n) => n.id), notes: (workflow.stickyNotes ?? []).map((n) => n.id) });
      },
      delete: () => {
        const { selectedNodes, selectedEdges, selectedNotes, edit, clearSelection } = ref.current.store.getState();
        if (selectedNodes.size + selectedEdges.size + selectedNotes.size === 0) return;
        edit({ op: 'remove', nodeIds: [...selectedNodes], edgeIds: [...selectedEdges], noteIds: [...selectedNotes] });
        clearSelection();
      },
      clearSelection: () => ref.current.store.getState().clearSelection(),
      nudge: (e) => nudge(e, NUDGE),
      nudgeFar: (e) => nudge(e, NUDGE_FAR),
      addNote: () => {
        const id = ref.current.commands.addStickyNote();
        ref.current.ui.getState().setEditingNote(id);
      },
      openSelected: () => {
        const { selectedNotes, selectedNodes, setPanel } = ref.current.store.getState();
        if (selectedNotes.size === 1 && selectedNodes.size === 0) {
          if (!ref.current.readOnly) ref.current.ui.getState().setEditingNote([...selectedNotes][0]!);
        } else if (selectedNodes.size === 1) setPanel('inspector');
      },
      autoLayout: () => ref.current.commands.autoLayout(),
      fitView: () => ref.current.commands.fitView(),
      save: () => ref.current.onSave?.(),
      help: () => {
        const { helpOpen, setHelpOpen } = ref.current.store.getState();
        setHelpOpen(!helpOpen);
      },
    };

    // Held arrows move the selection frame by frame as one undo step, ended when the key is let go.
    function nudge(e: KeyboardEvent, step: number) {
      const { store } = ref.current;
      const { workflow, selectedNodes, selectedNotes, edit, beginGesture } = store.getState();
      const d = ARROW[e.key]!;
      const positions: Record<string, { x: number; y: number }> = {};
      for (const item of [...workflow.nodes, ...(workflow.stickyNotes ?? [])]) {
        if (selectedNodes.has(item.id) || selectedNotes.has(item.id)) {
          positions[item.id] = { x: item.position.x + d.x * step, y: item.position.y + d.y * step };
        }
      }
      if (Object.keys(positions).length === 0) return;
      if (!nudging) beginGesture();
      nudging = true;
      edit({ op: 'move', positions });
    }
    const endNudge = () => {
      if (!nudging) return;
      nudging = false;
      ref.current.store.getState().endGesture();
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || isTypingTarget(e.target) || isControlKey(e)) return;
      const shortcut = matchShortcut(e);
      if (!shortcut) return;
      const inDialog = e.target instanceof Element && e.target.closest('[role="dialog"]');
      if (inDialog && shortcut.id !== 'help') return;
      if (shortcut.edits && ref.current.readOnly) {
        // Nothing to save, but the browser's "save page" would be a surprise.
        if (shortcut.id === 'save') e.preventDefault();
        return;
      }
      if ((shortcut.id === 'copy' || shortcut.id === 'cut') && hasTextSelection()) return;
      // Copy, cut and paste keep the browser's default so its clipboard events fire (see below).
      if (shortcut.id !== 'copy' && shortcut.id !== 'cut' && shortcut.id !== 'paste') e.preventDefault();
      actions[shortcut.id](e);
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key in ARROW) endNudge();
    };

    // The browser's clipboard events need no permission: they are the first choice, and the
    // key handlers above only do the work themselves when no such event follows.
    const claim = (e: ClipboardEvent, kind: 'copy' | 'cut' | 'paste') => {
      if (isTypingTarget(e.target) || (e.target instanceof Element && e.target.closest('[role="dialog"]'))) return false;
      if (kind !== 'paste' && hasTextSelection()) return false;
      if (kind !== 'copy' && ref.current.readOnly) return false;
      return true;
    };
    const onCopyOrCut = (e: ClipboardEvent) => {
      const kind = e.type === 'cut' ? 'cut' : 'copy';
      if (!claim(e, kind)) return;
      const { store } = ref.current;
      const text = selectionText(store);
      if (!text || !e.clipboardData) return;
      settle();
      e.preventDefault();
      e.clipboardData.setData('text/plain', text);
      rememberClipboard(text);
      const { selectedNodes, selectedNotes } = store.getState();
      const count = selectedNodes.size + selectedNotes.size;
      if (kind === 'cut') {
        const { edit, clearSelection } = store.getState();
        edit({ op: 'remove', nodeIds: [...selectedNodes], noteIds: [...selectedNotes] });
        clearSelection();
      }
      reportCopy(count, kind === 'cut');
    };
    const onPaste = (e: ClipboardEvent) => {
      if (!claim(e, 'paste')) return;
      settle();
      e.preventDefault();
      const text = e.clipboardData?.getData('text/plain') ?? '';
      // Text that is not ours (or an empty clipboard when writing to it was refused): our own copy.
      paste(parseFragment(text) ? text : clipboardMemory());
    };

    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', endNudge);
    document.addEventListener('copy', onCopyOrCut);
    document.addEventListener('cut', onCopyOrCut);
    document.addEventListener('paste', onPaste);
    return () => {
      settle();
      endNudge();
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', endNudge);
      document.removeEventListener('copy', onCopyOrCut);
      document.removeEventListener('cut', onCopyOrCut);
      document.removeEventListener('paste', onPaste);
    };
  }, []);
}
