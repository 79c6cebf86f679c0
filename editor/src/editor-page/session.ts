// The editor page's session: the editor store (the document, runs, ui), a small page store for
// what the workflow *record* holds (id, active, versions) and the page's own states, and the
// router's navigate. Save, activate, run and the panels are functions of it, so tests can drive
// them with a fresh store and a fake navigate.
import { createContext, useContext } from 'react';
import { createStore, type StoreApi, useStore } from 'zustand';
import type { Workflow } from '../api/types.js';
import type { EditorState, EditorStore } from '../store/editor-store.js';
import type { Draft } from './draft.js';
import type { WorkflowMeta } from './requests.js';

/** The editing state put aside while a version is viewed read-only. */
export interface GraphStash {
  workflow: Workflow;
  saved: Workflow | null;
  dirty: boolean;
  past: Workflow[];
  future: Workflow[];
  /** The store's edit action, swapped for a refusal while the version is viewed. */
  edit: EditorState['edit'];
}

export interface PageState {
  status: 'loading' | 'ready' | 'not-found' | 'error';
  loadError: string | null;
  /** The saved record's fields; null for a workflow never saved. */
  meta: WorkflowMeta | null;
  /** Whether the last save attempt failed (cleared by the next success). */
  saveFailed: boolean;
  /** A version shown read-only on the canvas, with the edits put aside meanwhile. */
  viewing: { version: number; stash: GraphStash } | null;
  /** Unsaved changes found in storage on load, offered back until restored or discarded. */
  draft: Draft | null;
  /** The trigger node test runs start at (null: the server's default). */
  runTrigger: string | null;
  /** The execution followed live on the canvas (SSE or polling), and how to stop following it. */
  following: { executionId: string; stop: () => void } | null;
}

export type PageStore = StoreApi<PageState>;

export const createPageStore = (initial: Partial<PageState> = {}): PageStore =>
  createStore<PageState>()(() => ({
    status: 'loading',
    loadError: null,
    meta: null,
    saveFailed: false,
    viewing: null,
    draft: null,
    runTrigger: null,
    following: null,
    ...initial,
  }));

export interface EditorSession {
  store: EditorStore;
  page: PageStore;
  navigate(to: string, options?: { replace?: boolean }): void;
}

const SessionContext = createContext<EditorSession | null>(null);
export const EditorSessionProvider = SessionContext.Provider;

export function useEditorSession(): EditorSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useEditorSession must be used inside <EditorSessionProvider>');
  return session;
}

/** Reads the page store; re-renders when the selected value changes. */
export function usePage<T>(selector: (state: PageState) => T): T {
  return useStore(useEditorSession().page, selector);
}

/** The route of a workflow (`new` before its first save). */
export const workflowPath = (id: string | null) => `/workflows/${id ?? 'new'}`;

/** The route of one execution shown in the editor. */
export const executionPath = (workflowId: string, executionId: string) =>
  `${workflowPath(workflowId)}/executions/${encodeURIComponent(executionId)}`;
