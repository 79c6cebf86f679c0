// A list a screen loads from the API once (and again on "Try again"), that the screen then
// changes locally after its own creates and deletes without loading it again.
import { useCallback, useEffect, useState } from 'react';

export type ListLoad<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; items: T[] };

export function useLoadedList<T>(load: () => Promise<{ items: T[] }>) {
  const [state, setState] = useState<ListLoad<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    load().then(
      (page) => live && setState({ status: 'ready', items: page.items }),
      (err: unknown) => live && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
    // `load` is a module-level API call; reloading is driven by `generation` alone.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);

  const update = useCallback(
    (change: (items: T[]) => T[]) => setState((s) => (s.status === 'ready' ? { status: 'ready', items: change(s.items) } : s)),
    [],
  );
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, items: state.status === 'ready' ? state.items : [], update, reload };
}
