// Problems while editing: a moment after the document changes, the server checks it
// (`POST /api/workflows/validate`) and the problems go on the nodes and into the Problems tab.
// A failed check changes nothing and says nothing: saving reports problems anyway.
import { useEffect } from 'react';
import { requests } from './requests.js';
import type { EditorSession } from './session.js';

const DEBOUNCE_MS = 600;

export function useLiveValidation({ store, page }: EditorSession, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let alive = true;
    const check = async () => {
      if (page.getState().viewing) return;
      const workflow = store.getState().workflow;
      try {
        const { problems } = await requests.validate(workflow);
        // An answer about an older document is dropped: a newer check is on its way.
        if (alive && store.getState().workflow === workflow) store.getState().setProblems(problems);
      } catch {
        // quietly: the server may not offer validation, or be briefly away
      }
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void check(), DEBOUNCE_MS);
    };
    schedule();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.workflow !== prev.workflow) schedule();
    });
    return () => {
      alive = false;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store, page, enabled]);
}
