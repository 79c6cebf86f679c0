// Runs on the canvas: the execution shown (a live test run or one opened from the list), each
// node's latest step, and the sample payload of test runs (remembered per workflow).
import type { StateCreator } from 'zustand';
import type { ExecutionRecord, ExecutionView, StepView } from '../api/types.js';
import type { EditorState } from './editor-store.js';

export interface RunsSlice {
  /** The execution shown on the canvas, or null. */
  execution: ExecutionView | null;
  /** The latest step of each node in the shown execution. */
  stepsByNode: Record<string, StepView>;
  /** Each node's output in the latest run seen: what template autocomplete offers. */
  lastOutputs: Record<string, unknown>;
  /** The trigger payload of the latest run seen. */
  lastTrigger: unknown;
  samplePayload: string;
  showExecution(execution: ExecutionView | null): void;
  applyStep(step: StepView): void;
  applyExecution(record: ExecutionRecord): void;
  setSamplePayload(text: string): void;
}

const sampleKey = (workflowId: string | null) => `tern.sample.${workflowId ?? 'new'}`;

export function storedSample(workflowId: string | null): string | null {
  try {
    return globalThis.localStorage?.getItem(sampleKey(workflowId)) ?? null;
  } catch {
    return null;
  }
}

function latestByNode(steps: StepView[]): Record<string, StepView> {
  const out: Record<string, StepView> = {};
  for (const s of steps) out[s.nodeId] = s;
  return out;
}

function outputsOf(steps: Record<string, StepView>, previous: Record<string, unknown>) {
  const out = { ...previous };
  for (const [nodeId, s] of Object.entries(steps)) if (s.status === 'success' || s.output !== null) out[nodeId] = s.output;
  return out;
}

export const createRunsSlice: StateCreator<EditorState, [], [], RunsSlice> = (set, get) => ({
  execution: null,
  stepsByNode: {},
  lastOutputs: {},
  lastTrigger: undefined,
  samplePayload: '{}',

  showExecution: (execution) =>
    set((s) => {
      if (!execution) return { execution: null, stepsByNode: {} };
      const stepsByNode = latestByNode(execution.steps);
      return { execution, stepsByNode, lastOutputs: outputsOf(stepsByNode, s.lastOutputs), lastTrigger: execution.trigger };
    }),

  applyStep: (step) =>
    set((s) => {
      if (!s.execution) return {};
      const stepsByNode = { ...s.stepsByNode, [step.nodeId]: step };
      return {
        stepsByNode,
        execution: { ...s.execution, steps: [...s.execution.steps.filter((x) => x !== s.stepsByNode[step.nodeId]), step] },
        lastOutputs: step.output !== null ? { ...s.lastOutputs, [step.nodeId]: step.output } : s.lastOutputs,
      };
    }),

  applyExecution: (record) =>
    set((s) => (s.execution && s.execution.id === record.id ? { execution: { ...s.execution, ...record } } : {})),

  setSamplePayload: (text) => {
    set({ samplePayload: text });
    try {
      globalThis.localStorage?.setItem(sampleKey(get().workflowId), text);
    } catch {
      // storage full or blocked: the sample still lives for this session
    }
  },
});
