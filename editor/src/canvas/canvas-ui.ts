// State of one canvas that is not part of the workflow: which note is being written in, the
// hint shown after a refused connection, and whether editing is off. Provided by <Canvas> to the
// node and edge components it renders.
import { createContext, useContext } from 'react';
import { createStore, type StoreApi, useStore } from 'zustand';

export interface CanvasUiState {
  readOnly: boolean;
  editingNote: string | null;
  hint: string | null;
  setEditingNote(id: string | null): void;
  /** Shows a message over the canvas for a few seconds. */
  showHint(message: string): void;
}

export type CanvasUiStore = StoreApi<CanvasUiState>;

const HINT_MS = 4_500;

export function createCanvasUi(readOnly = false): CanvasUiStore {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return createStore<CanvasUiState>()((set) => ({
    readOnly,
    editingNote: null,
    hint: null,
    setEditingNote: (editingNote) => set({ editingNote }),
    showHint: (hint) => {
      clearTimeout(timer);
      set({ hint });
      timer = setTimeout(() => set({ hint: null }), HINT_MS);
    },
  }));
}

export const CanvasUiContext = createContext<CanvasUiStore | null>(null);

const fallback = createCanvasUi();

export function useCanvasUi<T>(selector: (s: CanvasUiState) => T): T {
  return useStore(useContext(CanvasUiContext) ?? fallback, selector);
}

export function useCanvasUiApi(): CanvasUiStore {
  return useContext(CanvasUiContext) ?? fallback;
}
