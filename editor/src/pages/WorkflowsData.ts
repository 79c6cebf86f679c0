// The workflows list's data: pages loaded from the server (more on demand with nextCursor) and
// the local changes the row actions make (rename, activate, duplicate, import, delete).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkflowView } from '../api/types.js';
import { listWorkflows } from '../api/workflows.js';

export const PAGE_SIZE = 50;

export interface WorkflowList {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  items: WorkflowView[];
  total: number;
  nextCursor: string | null;
  loadingMore: boolean;
  reload(): void;
  loadMore(): Promise<void>;
  /** A workflow changed (renamed, activated): replaced where it is. */
  replace(workflow: WorkflowView): void;
  /** A workflow created here (duplicate, import): first in the list, as the server sorts new ones. */
  prepend(workflow: WorkflowView): void;
  remove(id: string): void;
}

export function useWorkflowList(): WorkflowList {
  const [status, setStatus] = useState<WorkflowList['status']>('loading');
  const [error, setError] = useState<string | null>(null);
  const [items, setItems] = useState<WorkflowView[]>([]);
  const [total, setTotal] = useState(0);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [generation, setGeneration] = useState(0);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  useEffect(() => {
    let current = true;
    setStatus('loading');
    listWorkflows({ limit: PAGE_SIZE }).then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setTotal(page.total);
        setNextCursor(page.nextCursor);
        setStatus('ready');
      },
      (err: unknown) => {
        if (!current) return;
        setError(err instanceof Error ? err.message : String(err));
        setStatus('error');
      },
    );
    return () => {
      current = false;
    };
  }, [generation]);

  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await listWorkflows({ limit: PAGE_SIZE, cursor: nextCursor });
      if (!live.current) return;
      // A workflow created here since the first page may come again: keep one of each.
      setItems((current) => {
        const seen = new Set(current.map((w) => w.id));
        return [...current, ...page.items.filter((w) => !seen.has(w.id))];
      });
      setTotal(page.total);
      setNextCursor(page.nextCursor);
    } finally {
      if (live.current) setLoadingMore(false);
    }
  }, [nextCursor]);

  return {
    status,
    error,
    items,
    total,
    nextCursor,
    loadingMore,
    loadMore,
    reload: useCallback(() => setGeneration((g) => g + 1), []),
    replace: useCallback((w: WorkflowView) => setItems((current) => current.map((x) => (x.id === w.id ? w : x))), []),
    prepend: useCallback((w: WorkflowView) => {
      setItems((current) => [w, ...current.filter((x) => x.id !== w.id)]);
      setTotal((t) => t + 1);
    }, []),
    remove: useCallback((id: string) => {
      setItems((current) => current.filter((x) => x.id !== id));
      setTotal((t) => Math.max(0, t - 1));
    }, []),
  };
}
