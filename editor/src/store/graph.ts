// The workflow being edited. Every change goes through shared's `applyEdit`, so the document is
// always a valid Workflow value and undo/redo is a stack of them. A gesture (a drag) applies
// transient edits frame by frame and becomes one undo step when it ends.
import { applyEdit, connectionProblem, EditError, type PortInfo, type Workflow, type WorkflowEdit } from '@tern/shared';
import type { StateCreator } from 'zustand';
import { describe, outputsOfNode } from './catalogue.js';
import type { EditorState } from './editor-store.js';

const HISTORY_LIMIT = 200;

export interface GraphSlice {
  workflowId: string | null;
  workflow: Workflow;
  /** The workflow as last saved (or loaded); `dirty` compares against it. */
  saved: Workflow | null;
  dirty: boolean;
  past: Workflow[];
  future: Workflow[];
  /** The workflow when the current gesture began, or null outside one. */
  gestureStart: Workflow | null;
  /** Replaces the document, e.g. when a workflow is opened; clears history. */
  load(workflowId: string | null, workflow: Workflow): void;
  /** Applies edits as one undo step; answers the error message, or null on success. */
  edit(edits: WorkflowEdit | WorkflowEdit[], options?: { transient?: boolean }): string | null;
  beginGesture(): void;
  endGesture(): void;
  undo(): void;
  redo(): void;
  markSaved(workflow?: Workflow): void;
  /** Why a connection may not be drawn, or null. */
  connectionProblem(edge: { source: string; sourcePort: string; target: string; targetPort: string }): string | null;
}

export const emptyWorkflow = (name = 'Untitled workflow'): Workflow => ({
  name,
  nodes: [],
  edges: [],
  settings: { timezone: 'UTC' },
});

export function portInfo(state: EditorState): PortInfo {
  return {
    outputs: (node) => outputsOfNode(describe(state, node), node.params),
    hasInput: (node) => (describe(state, node)?.inputs.length ?? 1) > 0,
  };
}

export const createGraphSlice: StateCreator<EditorState, [], [], GraphSlice> = (set, get) => ({
  workflowId: null,
  workflow: emptyWorkflow(),
  saved: null,
  dirty: false,
  past: [],
  future: [],
  gestureStart: null,

  load: (workflowId, workflow) =>
    set({ workflowId, workflow, saved: workflow, dirty: false, past: [], future: [], gestureStart: null }),

  edit: (edits, options) => {
    const state = get();
    let next = state.workflow;
    try {
      for (const e of Array.isArray(edits) ? edits : [edits]) next = applyEdit(next, e);
    } catch (err) {
      if (err instanceof EditError) return err.message;
      throw err;
    }
    if (next === state.workflow) return null;
    const inGesture = options?.transient || state.gestureStart !== null;
    set({
      workflow: next,
      dirty: next !== state.saved,
      ...(inGesture ? {} : { past: [...state.past, state.workflow].slice(-HISTORY_LIMIT), future: [] }),
    });
    return null;
  },

  beginGesture: () => set((s) => (s.gestureStart ? {} : { gestureStart: s.workflow })),

  endGesture: () =>
    set((s) => {
      if (!s.gestureStart) return {};
      if (s.gestureStart === s.workflow) return { gestureStart: null };
      return { gestureStart: null, past: [...s.past, s.gestureStart].slice(-HISTORY_LIMIT), future: [] };
    }),

  undo: () =>
    set((s) => {
      const previous = s.past.at(-1);
      if (!previous) return {};
      return { workflow: previous, past: s.past.slice(0, -1), future: [s.workflow, ...s.future], dirty: previous !== s.saved };
    }),

  redo: () =>
    set((s) => {
      const following = s.future[0];
      if (!following) return {};
      return { workflow: following, future: s.future.slice(1), past: [...s.past, s.workflow], dirty: following !== s.saved };
    }),

  markSaved: (workflow) => set((s) => ({ saved: workflow ?? s.workflow, dirty: (workflow ?? s.workflow) !== s.workflow })),

  connectionProblem: (edge) => connectionProblem(get().workflow, edge, portInfo(get())),
});
