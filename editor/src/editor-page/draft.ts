// Unsaved work survives a reload or a crash: the document is written to localStorage
// (`tern.draft.<id|new>`) a moment after each change, and removed once it is saved. On load, a
// draft newer than the saved workflow is offered back ("Restore / Discard").
import { useEffect } from 'react';
import type { Workflow } from '../api/types.js';
import { toast } from '../ui/toast.js';
import { replaceEdits } from './replace.js';
import type { EditorSession } from './session.js';

export interface Draft {
  savedAt: string;
  workflow: Workflow;
}

const DEBOUNCE_MS = 500;

export const draftKey = (workflowId: string | null) => `tern.draft.${workflowId ?? 'new'}`;

export function readDraft(workflowId: string | null): Draft | null {
  try {
    const raw = globalThis.localStorage?.getItem(draftKey(workflowId));
    const draft = raw ? (JSON.parse(raw) as Draft) : null;
    return draft && typeof draft.savedAt === 'string' && Array.isArray(draft.workflow?.nodes) ? draft : null;
  } catch {
    return null;
  }
}

export function writeDraft(workflowId: string | null, workflow: Workflow, now = new Date()): void {
  try {
    globalThis.localStorage?.setItem(draftKey(workflowId), JSON.stringify({ savedAt: now.toISOString(), workflow }));
  } catch {
    // storage full or blocked: the work still lives in this tab
  }
}

export function clearDraft(workflowId: string | null): void {
  try {
    globalThis.localStorage?.removeItem(draftKey(workflowId));
  } catch {
    // nothing to clear
  }
}

/** The draft worth offering: newer than the saved workflow and different from it. */
export function draftToOffer(workflowId: string | null, saved: Workflow, savedAt: string | null): Draft | null {
  const draft = readDraft(workflowId);
  if (!draft) return null;
  if (savedAt && Date.parse(draft.savedAt) <= Date.parse(savedAt)) return null;
  return JSON.stringify(draft.workflow) === JSON.stringify(saved) ? null : draft;
}

/** Puts the draft's document into the editor as one undoable edit (the workflow becomes dirty). */
export function restoreDraft(session: EditorSession): void {
  const draft = session.page.getState().draft;
  if (!draft) return;
  const state = session.store.getState();
  const error = state.edit(replaceEdits(state.workflow, draft.workflow));
  session.page.setState({ draft: null });
  if (error) toast.error(`The draft could not be restored: ${error}`);
  else toast.info('Unsaved changes restored — save to keep them');
}

export function discardDraft(session: EditorSession): void {
  clearDraft(session.store.getState().workflowId);
  session.page.setState({ draft: null });
}

/**
 * Writes the document as a draft a moment after every change while it differs from the saved
 * one, and removes the draft when it no longer does (saved, or undone back to the saved state).
 * Nothing is written while a version is viewed read-only (the edits are put aside meanwhile).
 */
export function useDraftPersistence(session: EditorSession, enabled: boolean): void {
  const { store, page } = session;
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const { workflowId, workflow, dirty } = store.getState();
      if (page.getState().viewing || page.getState().draft) return;
      if (dirty) writeDraft(workflowId, workflow);
      else clearDraft(workflowId);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.workflow === prev.workflow && s.dirty === prev.dirty) return;
      clearTimeout(timer);
      timer = setTimeout(flush, DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) {
        clearTimeout(timer);
        flush();
      }
    };
  }, [store, page, enabled]);
}
