// Editor chrome: which side panel is open, the help overlay, and the workflow's problems as the
// server last reported them (shown on the nodes and in the problems list).
import type { StateCreator } from 'zustand';
import type { Problem } from '../api/types.js';
import type { EditorState } from './editor-store.js';

export type SidePanel = 'inspector' | 'run' | 'executions' | 'versions' | 'problems' | 'settings';

export interface UiSlice {
  panel: SidePanel;
  helpOpen: boolean;
  problems: Problem[];
  /** Set while a save, activation or run request is in flight. */
  busy: null | 'saving' | 'activating' | 'running';
  setPanel(panel: SidePanel): void;
  setHelpOpen(open: boolean): void;
  setProblems(problems: Problem[]): void;
  setBusy(busy: UiSlice['busy']): void;
}

export const createUiSlice: StateCreator<EditorState, [], [], UiSlice> = (set) => ({
  panel: 'inspector',
  helpOpen: false,
  problems: [],
  busy: null,
  setPanel: (panel) => set({ panel }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setProblems: (problems) => set({ problems }),
  setBusy: (busy) => set({ busy }),
});

/** The problems of one node, for its badge on the canvas and the inspector. */
export const problemsOfNode = (problems: Problem[], nodeId: string) => problems.filter((p) => p.nodeId === nodeId);
