// What is selected on the canvas: nodes, edges and sticky notes, by id.
import type { StateCreator } from 'zustand';
import type { EditorState } from './editor-store.js';

export interface SelectionSlice {
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  selectedNotes: ReadonlySet<string>;
  select(sel: { nodes?: Iterable<string>; edges?: Iterable<string>; notes?: Iterable<string> }, additive?: boolean): void;
  setSelected(kind: 'nodes' | 'edges' | 'notes', id: string, selected: boolean): void;
  clearSelection(): void;
}

const NONE: ReadonlySet<string> = new Set();

export const createSelectionSlice: StateCreator<EditorState, [], [], SelectionSlice> = (set) => ({
  selectedNodes: NONE,
  selectedEdges: NONE,
  selectedNotes: NONE,
  select: (sel, additive = false) =>
    set((s) => ({
      selectedNodes: new Set([...(additive ? s.selectedNodes : []), ...(sel.nodes ?? [])]),
      selectedEdges: new Set([...(additive ? s.selectedEdges : []), ...(sel.edges ?? [])]),
      selectedNotes: new Set([...(additive ? s.selectedNotes : []), ...(sel.notes ?? [])]),
    })),
  setSelected: (kind, id, selected) =>
    set((s) => {
      const key = kind === 'nodes' ? 'selectedNodes' : kind === 'edges' ? 'selectedEdges' : 'selectedNotes';
      if (s[key].has(id) === selected) return {};
      const next = new Set(s[key]);
      if (selected) next.add(id);
      else next.delete(id);
      return { [key]: next };
    }),
  clearSelection: () => set({ selectedNodes: NONE, selectedEdges: NONE, selectedNotes: NONE }),
});

/** The one selected node, when exactly one is selected (the inspector shows it). */
export const selectSingleNode = (s: EditorState) =>
  s.selectedNodes.size === 1 ? ([...s.selectedNodes][0] ?? null) : null;
