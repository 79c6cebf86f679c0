// What the canvas overlays about journeys: the workflow's stats (per node entered, waiting, passed
// per port, errored) when the stats toggle is on, and the path a "Test with a contact" dry run took.
import type { StateCreator } from 'zustand';
import type { TestContactResult, WorkflowStats } from '../api/journeys.js';
import type { EditorState } from './editor-store.js';

export interface JourneySlice {
  /** The stats shown on the nodes, or null when the overlay is off. */
  stats: WorkflowStats | null;
  /** The last "Test with a contact" answer, or null. */
  contactTest: TestContactResult | null;
  setStats(stats: WorkflowStats | null): void;
  setContactTest(result: TestContactResult | null): void;
}

export const createJourneySlice: StateCreator<EditorState, [], [], JourneySlice> = (set) => ({
  stats: null,
  contactTest: null,
  setStats: (stats) => set({ stats }),
  setContactTest: (contactTest) => set({ contactTest }),
});
