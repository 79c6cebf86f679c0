// A sticky note on the canvas: text written in place (double-click, or Enter when selected),
// resized with its corners, coloured from a small palette shown while it is selected. Moves,
// deletes and copies like a node, since React Flow treats it as one.
import { type NodeProps, NodeResizer, NodeToolbar, Position } from '@xyflow/react';
import { memo, useEffect, useRef, useState } from 'react';
import { useEditor, useEditorStoreApi } from '../store/editor-store.js';
import { useCanvasUi } from './canvas-ui.js';
import { noteById, type NoteFlowNode } from './flow-model.js';
import { NOTE_COLORS } from './notes.js';

const COLOR_NAMES: Record<(typeof NOTE_COLORS)[number], string> = {
  yellow: 'Yellow',
  blue: 'Blue',
  green: 'Green',
  pink: 'Pink',
  gray: 'Grey',
};

function NoteEditor({ text, onDone }: { text: string; onDone: (text: string | null) => void }) {
  const [draft, setDraft] = useState(text);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, []);
  return (
    <textarea
      ref={ref}
      className="note-editor nodrag nowheel nopan"
      aria-label="Note text"
      value={draft}
      placeholder="Write a note…"
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => onDone(draft)}
      onKeyDown={(e) => {
        // Escape leaves without saving; Ctrl/Cmd+Enter saves. Plain Enter is a new line.
        if (e.key === 'Escape') {
          e.stopPropagation();
          onDone(null);
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          onDone(draft);
        }
      }}
    />
  );
}

function NoteNodeView({ id, selected }: NodeProps<NoteFlowNode>) {
  const store = useEditorStoreApi();
  const note = useEditor((s) => noteById(s).get(id));
  const editing = useCanvasUi((s) => s.editingNote === id);
  const readOnly = useCanvasUi((s) => s.readOnly);
  const setEditingNote = useCanvasUi((s) => s.setEditingNote);
  if (!note) return null;

  const finish = (text: string | null) => {
    setEditingNote(null);
    if (text !== null && text !== note.text) store.getState().edit({ op: 'updateNote', noteId: id, patch: { text } });
  };

  return (
    <div
      className={`note note-${note.color}${selected ? ' selected' : ''}`}
      data-testid={`note-${id}`}
      onDoubleClick={() => !readOnly && setEditingNote(id)}
    >
      {!readOnly && (
        <NodeResizer
          isVisible={selected && !editing}
          minWidth={80}
          minHeight={60}
          maxWidth={2000}
          maxHeight={2000}
          lineClassName="note-resize-line"
          handleClassName="note-resize-handle"
          onResizeStart={() => store.getState().beginGesture()}
          onResize={(_, p) =>
            store.getState().edit([
              { op: 'updateNote', noteId: id, patch: { width: Math.round(p.width), height: Math.round(p.height) } },
              { op: 'move', positions: { [id]: { x: Math.round(p.x), y: Math.round(p.y) } } },
            ])
          }
          onResizeEnd={() => store.getState().endGesture()}
        />
      )}
      {!readOnly && (
        <NodeToolbar isVisible={selected && !editing} position={Position.Top} className="note-toolbar" align="start">
          <div role="group" aria-label="Note colour" className="row">
            {NOTE_COLORS.map((color) => (
              <button
                key={color}
                type="button"
                className={`note-swatch note-${color}`}
                aria-label={`${COLOR_NAMES[color]} note`}
                aria-pressed={note.color === color}
                title={COLOR_NAMES[color]}
                onClick={() => note.color !== color && store.getState().edit({ op: 'updateNote', noteId: id, patch: { color } })}
              />
            ))}
          </div>
        </NodeToolbar>
      )}
      {editing ? (
        <NoteEditor text={note.text} onDone={finish} />
      ) : (
        <div className={`note-text${note.text ? '' : ' empty'}`}>
          {note.text || (readOnly ? '' : 'Double-click or press Enter to write')}
        </div>
      )}
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
