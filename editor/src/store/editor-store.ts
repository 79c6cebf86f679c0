// The editor's store: one zustand store made of slices, created by a factory so every workflow
// page (and every test) gets a fresh one, and provided through React context.
import { createContext, createElement, type ReactNode, useContext, useState } from 'react';
import { createStore, type StoreApi, useStore } from 'zustand';
import { type CatalogueSlice, createCatalogueSlice } from './catalogue.js';
import { createGraphSlice, type GraphSlice } from './graph.js';
import { createJourneySlice, type JourneySlice } from './journey.js';
import { createParamsSlice, type ParamsSlice } from './params.js';
import { createRunsSlice, type RunsSlice } from './runs.js';
import { createSelectionSlice, type SelectionSlice } from './selection.js';
import { createUiSlice, type UiSlice } from './ui.js';

export type EditorState = CatalogueSlice & GraphSlice & ParamsSlice & SelectionSlice & RunsSlice & UiSlice & JourneySlice;
export type EditorStore = StoreApi<EditorState>;

export function createEditorStore(initial: Partial<EditorState> = {}): EditorStore {
  const store = createStore<EditorState>()((...a) => ({
    ...createCatalogueSlice(...a),
    ...createGraphSlice(...a),
    ...createParamsSlice(...a),
    ...createSelectionSlice(...a),
    ...createRunsSlice(...a),
    ...createUiSlice(...a),
    ...createJourneySlice(...a),
  }));
  if (Object.keys(initial).length) store.setState(initial);
  return store;
}

const EditorStoreContext = createContext<EditorStore | null>(null);

export function EditorStoreProvider({ store, children }: { store?: EditorStore; children: ReactNode }) {
  const [own] = useState(() => store ?? createEditorStore());
  return createElement(EditorStoreContext.Provider, { value: store ?? own }, children);
}

export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditor must be used inside <EditorStoreProvider>');
  return store;
}

/** Reads a slice of the editor's state; re-renders only when the selected value changes. */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}
