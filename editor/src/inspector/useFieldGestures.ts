// Typing into a field is one undo step, not one per keystroke: while focus is in a field of the
// inspector, its edits form a gesture (see the graph slice) that ends when focus leaves it.
import { type FocusEvent, useEffect, useRef } from 'react';
import { useEditorStoreApi } from '../store/editor-store.js';

export function useFieldGestures() {
  const store = useEditorStoreApi();
  // Only a gesture begun here is ended here: a canvas drag in progress is not ours to end.
  const own = useRef(false);
  const end = () => {
    if (!own.current) return;
    own.current = false;
    store.getState().endGesture();
  };
  useEffect(() => end, []); // eslint-disable-line react-hooks/exhaustive-deps
  return {
    onFocus: (e: FocusEvent) => {
      const el = e.target as HTMLElement;
      if (!el.matches('input, textarea, select, [contenteditable="true"]') || store.getState().gestureStart) return;
      store.getState().beginGesture();
      own.current = true;
    },
    onBlur: end,
  };
}
