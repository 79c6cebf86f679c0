// Node parameters, read and written by the inspector. They live inside the workflow document,
// but are reached through these selectors and actions so that a form re-renders only when its
// own node's params change (moving a node keeps its params object as it was).
import type { StateCreator } from 'zustand';
import type { EditorState } from './editor-store.js';

export interface ParamsSlice {
  /** Replaces one node's params as one undo step. */
  setParams(nodeId: string, params: Record<string, unknown>): void;
  /** Sets one top-level param (or removes it when `value` is undefined). */
  setParam(nodeId: string, key: string, value: unknown): void;
}

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

export const selectParams = (nodeId: string | null) => (s: EditorState) =>
  (nodeId && s.workflow.nodes.find((n) => n.id === nodeId)?.params) || EMPTY;

export const createParamsSlice: StateCreator<EditorState, [], [], ParamsSlice> = (_set, get) => ({
  setParams: (nodeId, params) => {
    get().edit({ op: 'setParams', nodeId, params });
  },
  setParam: (nodeId, key, value) => {
    const current = selectParams(nodeId)(get());
    const next = { ...current };
    if (value === undefined) delete next[key];
    else next[key] = value;
    get().edit({ op: 'setParams', nodeId, params: next });
  },
});
