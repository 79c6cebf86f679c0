// The keyboard shortcuts, listed from the same table the key handler uses. Opened with `?` or
// the toolbar's help button (the store's `ui.helpOpen`).
import { Fragment } from 'react';
import { useEditor } from '../store/editor-store.js';
import { Dialog } from '../ui/dialog.js';
import { comboKeys, shortcutGroups, shortcuts } from './shortcuts.js';

const MOUSE_TIPS: [string, string][] = [
  ['Drag a palette item onto the canvas', 'Add a node there'],
  ['Click a palette item (or Enter on it)', 'Add it after the selected node, connected'],
  ['Drag from an output dot to a node', 'Connect them'],
  ['Shift + click, Ctrl/⌘ + click', 'Add to the selection'],
  ['Shift + drag on the canvas', 'Select with a box'],
  ['Double-click a sticky note', 'Write in it'],
];

const ARROW = /^(.*?)(Arrow(?:Left|Right|Up|Down))$/;

/**
 * A shortcut's combos, "or" between them; the four arrows (with the same modifiers) read as
 * one group, `Shift ← → ↑ ↓`.
 */
function Combos({ combos }: { combos: readonly string[] }) {
  const arrows = combos.map((c) => ARROW.exec(c));
  if (combos.length > 1 && arrows.every((m) => m && m[1] === arrows[0]![1])) {
    const prefix = arrows[0]![1]!.replace(/\+$/, '');
    const keys = [...(prefix ? comboKeys(prefix) : []), ...arrows.map((m) => comboKeys(m![2]!)[0]!)];
    return <span className="help-combo">{keys.map((key, i) => <kbd key={i} className="kbd">{key}</kbd>)}</span>;
  }
  return (
    <>
      {combos.map((combo, i) => (
        <span key={combo} className="help-combo">
          {i > 0 && <span className="faint"> or </span>}
          {comboKeys(combo).map((key, j) => (
            <kbd key={j} className="kbd">{key}</kbd>
          ))}
        </span>
      ))}
    </>
  );
}

export function HelpPanel() {
  const open = useEditor((s) => s.helpOpen);
  const setHelpOpen = useEditor((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={() => setHelpOpen(false)}
      wide
      footer={
        <button type="button" className="btn primary" onClick={() => setHelpOpen(false)}>
          Close
        </button>
      }
    >
      <div className="help-panel" data-testid="help-panel">
        {shortcutGroups.map((group) => (
          <section key={group} className="help-group">
            <h3>{group}</h3>
            <dl>
              {shortcuts
                .filter((s) => s.group === group)
                .map((s) => (
                  <Fragment key={s.id}>
                    <dt data-testid={`help-shortcut-${s.id}`}>
                      <Combos combos={s.combos} />
                    </dt>
                    <dd>{s.label}</dd>
                  </Fragment>
                ))}
            </dl>
          </section>
        ))}
        <section className="help-group">
          <h3>Mouse</h3>
          <dl>
            {MOUSE_TIPS.map(([gesture, effect]) => (
              <Fragment key={gesture}>
                <dt>{gesture}</dt>
                <dd>{effect}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
      </div>
    </Dialog>
  );
}
