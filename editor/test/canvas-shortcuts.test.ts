import { describe, expect, it } from 'vitest';
import { comboKeys, type KeyLike, matchShortcut, shortcuts } from '../src/canvas/shortcuts.js';

const press = (key: string, mods: Partial<KeyLike> = {}, code?: string) =>
  matchShortcut({ key, code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods })?.id ?? null;

describe('the shortcut table', () => {
  it('maps the keys users expect, Ctrl or Cmd alike', () => {
    expect(press('z', { ctrlKey: true })).toBe('undo');
    expect(press('z', { metaKey: true })).toBe('undo');
    expect(press('Z', { metaKey: true, shiftKey: true })).toBe('redo');
    expect(press('y', { ctrlKey: true })).toBe('redo');
    expect(press('c', { ctrlKey: true })).toBe('copy');
    expect(press('x', { metaKey: true })).toBe('cut');
    expect(press('v', { ctrlKey: true })).toBe('paste');
    expect(press('a', { ctrlKey: true })).toBe('selectAll');
    expect(press('s', { metaKey: true })).toBe('save');
    expect(press('L', { shiftKey: true })).toBe('autoLayout');
    expect(press('!', { shiftKey: true }, 'Digit1')).toBe('fitView');
    expect(press('f')).toBe('fitView');
    expect(press('n')).toBe('addNote');
    expect(press('?', { shiftKey: true })).toBe('help');
    expect(press('Delete')).toBe('delete');
    expect(press('Backspace')).toBe('delete');
    expect(press('ArrowLeft')).toBe('nudge');
    expect(press('ArrowLeft', { shiftKey: true })).toBe('nudgeFar');
  });

  it('leaves the browser its own combinations', () => {
    expect(press('f', { ctrlKey: true })).toBeNull(); // find
    expect(press('n', { ctrlKey: true })).toBeNull(); // new window
    expect(press('l')).toBeNull();
    expect(press('z', { ctrlKey: true, altKey: true })).toBeNull();
  });

  it('gives every combo one meaning', () => {
    const combos = shortcuts.flatMap((s) => s.combos);
    expect(new Set(combos).size).toBe(combos.length);
    expect(new Set(shortcuts.map((s) => s.id)).size).toBe(shortcuts.length);
  });

  it('prints combos for the platform', () => {
    expect(comboKeys('Mod+Shift+Z', false)).toEqual(['Ctrl', 'Shift', 'Z']);
    expect(comboKeys('Mod+Shift+Z', true)).toEqual(['⌘', 'Shift', 'Z']);
    expect(comboKeys('ArrowUp', false)).toEqual(['↑']);
  });
});
