// The canvas's keyboard shortcuts: one table that both the key handler and the help panel read,
// so what the help lists is exactly what the keys do.
export type ShortcutId =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'selectAll'
  | 'delete'
  | 'clearSelection'
  | 'nudge'
  | 'nudgeFar'
  | 'addNote'
  | 'openSelected'
  | 'autoLayout'
  | 'fitView'
  | 'save'
  | 'help';

export type ShortcutGroup = 'Edit' | 'Select' | 'Canvas' | 'General';

export interface Shortcut {
  id: ShortcutId;
  /** Each combo is one way to press it: `Mod` is Cmd on a Mac and Ctrl elsewhere. */
  combos: readonly string[];
  label: string;
  group: ShortcutGroup;
  /** Changes the workflow, so does nothing on a read-only canvas. */
  edits: boolean;
}

const ARROWS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'] as const;

export const shortcuts: readonly Shortcut[] = [
  { id: 'undo', combos: ['Mod+Z'], label: 'Undo', group: 'Edit', edits: true },
  { id: 'redo', combos: ['Mod+Shift+Z', 'Mod+Y'], label: 'Redo', group: 'Edit', edits: true },
  { id: 'copy', combos: ['Mod+C'], label: 'Copy the selection (as JSON)', group: 'Edit', edits: false },
  { id: 'cut', combos: ['Mod+X'], label: 'Cut the selection', group: 'Edit', edits: true },
  { id: 'paste', combos: ['Mod+V'], label: 'Paste nodes (also from another workflow or an exported file)', group: 'Edit', edits: true },
  { id: 'delete', combos: ['Delete', 'Backspace'], label: 'Delete the selection', group: 'Edit', edits: true },
  { id: 'nudge', combos: ARROWS, label: 'Move the selection', group: 'Edit', edits: true },
  { id: 'nudgeFar', combos: ARROWS.map((a) => `Shift+${a}`), label: 'Move the selection further', group: 'Edit', edits: true },
  { id: 'selectAll', combos: ['Mod+A'], label: 'Select everything', group: 'Select', edits: false },
  { id: 'clearSelection', combos: ['Escape'], label: 'Clear the selection', group: 'Select', edits: false },
  { id: 'addNote', combos: ['N'], label: 'Add a sticky note', group: 'Canvas', edits: true },
  { id: 'openSelected', combos: ['Enter'], label: 'Open the selected node’s settings, or write in the selected note', group: 'Canvas', edits: false },
  { id: 'autoLayout', combos: ['Shift+L'], label: 'Tidy up (auto-layout)', group: 'Canvas', edits: true },
  { id: 'fitView', combos: ['Shift+1', 'F'], label: 'Zoom to fit', group: 'Canvas', edits: false },
  { id: 'save', combos: ['Mod+S'], label: 'Save', group: 'General', edits: true },
  { id: 'help', combos: ['?'], label: 'Show or hide this list', group: 'General', edits: false },
];

export const shortcutGroups: readonly ShortcutGroup[] = ['Edit', 'Select', 'Canvas', 'General'];

interface Combo {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parse(combo: string): Combo {
  const parts = combo.split('+');
  // `?` is itself typed with Shift on most layouts: its combo names the character only.
  const key = parts.at(-1)!;
  return { mod: parts.includes('Mod'), shift: parts.includes('Shift'), alt: parts.includes('Alt'), key };
}

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const isSymbol = (key: string) => key.length === 1 && !/[A-Za-z0-9]/.test(key);

function keyMatches(combo: Combo, e: KeyLike): boolean {
  if (/^[0-9]$/.test(combo.key)) return e.code === `Digit${combo.key}` || e.key === combo.key;
  if (combo.key.length === 1) return e.key.toLowerCase() === combo.key.toLowerCase();
  return e.key === combo.key;
}

function comboMatches(combo: Combo, e: KeyLike): boolean {
  if ((e.ctrlKey || e.metaKey) !== combo.mod || e.altKey !== combo.alt) return false;
  if (!isSymbol(combo.key) && e.shiftKey !== combo.shift) return false;
  return keyMatches(combo, e);
}

const parsed = shortcuts.map((s) => ({ shortcut: s, combos: s.combos.map(parse) }));

/** The shortcut a key press means, if any. */
export function matchShortcut(e: KeyLike): Shortcut | null {
  for (const { shortcut, combos } of parsed) if (combos.some((c) => comboMatches(c, e))) return shortcut;
  return null;
}

/** Whether a combo uses no modifier: such keys mean something else on buttons and links. */
export const isPlainKey = (e: KeyLike) => !e.ctrlKey && !e.metaKey && !e.altKey;

const KEY_NAMES: Record<string, string> = {
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  Escape: 'Esc',
  Backspace: '⌫',
  Delete: 'Del',
};

export const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The keys of a combo as they are printed on a keyboard, e.g. `['Ctrl', 'Shift', 'Z']`. */
export function comboKeys(combo: string, mac = isMac()): string[] {
  return combo.split('+').map((part) => (part === 'Mod' ? (mac ? '⌘' : 'Ctrl') : (KEY_NAMES[part] ?? part)));
}

/** Where the user is typing: shortcuts and our copy/paste leave these alone. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .monaco-editor')) return true;
  return false;
}

/** Keys that buttons, links and dialogs already give a meaning to. */
const CONTROL_KEYS = new Set(['Enter', ' ', 'Escape', 'Delete', 'Backspace', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']);

/** Whether a key press belongs to the control that has focus rather than to the canvas. */
export function isControlKey(e: KeyLike & { target: EventTarget | null }): boolean {
  if (!(e.target instanceof Element) || !CONTROL_KEYS.has(e.key)) return false;
  return !!e.target.closest('button, a[href], summary, [role="button"], [role="menuitem"], [role="tab"], [role="option"], [role="listbox"], [role="slider"]');
}
