// What the canvas overlays about journeys: the workflow's stats (per node entered, waiting, passed
// per port, errored) when the stats toggle is on, and the path a "Test with a contact" dry run took.
import type { StateCreator } from 'zustand';
import type { TestContactResult, TestPathStep, WorkflowStats } from '../api/journeys.js';
import type { StepStatus, StepView } from '../api/types.js';
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
  // The path shows on the canvas the way a run does: each node it passed with its status.
  setContactTest: (contactTest) => set({ contactTest, execution: null, stepsByNode: contactTest ? stepsOfPath(contactTest.path) : {} }),
});

/** The nodes a test run passed, as the steps a run's nodes show (the last visit of each node). */
export function stepsOfPath(path: TestPathStep[]): Record<string, StepView> {
  const steps: Record<string, StepView> = {};
  for (const p of path) {
    steps[p.nodeId] = {
      nodeId: p.nodeId, status: p.status as StepStatus, input: null, output: p.output ?? null,
      error: p.error ? { message: p.error } : null, attempt: 1, startedAt: null, finishedAt: null, port: p.port,
    };
  }
  return steps;
}
