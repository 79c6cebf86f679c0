// The contacts list one page at a time, for the filters in the address: the server pages with an
// opaque cursor, so going back means remembering the cursors of the pages already seen.
import { useEffect, useState } from 'react';
import { type ContactFilter, type ContactView, listContacts } from '../../api/contacts.js';

export const CONTACTS_PER_PAGE = 50;

export type ContactsLoad =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; items: ContactView[]; total: number; nextCursor: string | null };

export function useContactPages(filter: ContactFilter) {
  /** The cursor of each page up to the one shown (the first page has none). */
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [load, setLoad] = useState<ContactsLoad>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(filter);

  // New filters start again at the first page.
  useEffect(() => setCursors([null]), [key]);

  const cursor = cursors[cursors.length - 1] ?? null;
  useEffect(() => {
    let live = true;
    setLoad({ status: 'loading' });
    listContacts(filter, { limit: CONTACTS_PER_PAGE, cursor }).then(
      (page) => live && setLoad({ status: 'ready', ...page }),
      (err: unknown) => live && setLoad({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
    // `filter` is read through its key, so a new object with the same filters does not reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, cursor, generation]);

  const page = cursors.length; // 1-based
  return {
    load,
    page,
    firstIndex: (page - 1) * CONTACTS_PER_PAGE,
    next: () => load.status === 'ready' && load.nextCursor && setCursors((c) => [...c, load.nextCursor]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    reload: () => setGeneration((g) => g + 1),
  };
}
