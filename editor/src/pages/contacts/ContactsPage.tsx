// The contacts: search by name, email or phone, filter by tag or segment, a page at a time; the
// filters live in the address (?q=&tag=&segment=) so a filtered list can be shared or reloaded.
// Import a CSV from here.
import { ChevronLeft, ChevronRight, Users, X } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { ContactFilter } from '../../api/contacts.js';
import { listSegments, type Segment } from '../../api/segments.js';
import { LoadStatus } from '../list/LoadStatus.js';
import { RelativeTime } from '../list/RelativeTime.js';
import { SearchBox } from '../list/SearchBox.js';
import { useDebounced } from '../list/useDebounced.js';
import { ConsentChips } from './ConsentChips.js';
import { ContactsImportButton } from './ContactsImport.js';
import { contactName } from './contact-text.js';
import { TagChips } from './TagChips.js';
import { useContactPages } from './useContactPages.js';
import '../pages.css';
import './contacts.css';

const SEARCH_DELAY_MS = 250;

export function ContactsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const typed = useDebounced(search.trim(), SEARCH_DELAY_MS);
  const tag = params.get('tag') ?? '';
  const segment = params.get('segment') ?? '';
  const segments = useSegmentChoices();

  const setParam = (name: string, value: string) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    }, { replace: true });

  // The search box writes to the address once typing pauses.
  useEffect(() => {
    if (typed !== (params.get('q') ?? '')) setParam('q', typed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);

  const filter = useMemo<ContactFilter>(() => {
    const f: ContactFilter = {};
    const q = params.get('q');
    if (q) f.q = q;
    if (tag) f.tag = tag;
    if (segment) f.segment = segment;
    return f;
  }, [params, tag, segment]);
  const pages = useContactPages(filter);
  const { load } = pages;
  const filtered = Object.keys(filter).length > 0;
  const clearFilters = () => {
    setSearch('');
    setParams(new URLSearchParams(), { replace: true });
  };

  return (
    <main className="page">
      <div className="page-inner wide">
        <div className="page-header">
          <h1>Contacts</h1>
          {load.status === 'ready' && <span className="badge" data-testid="contacts-total">{load.total.toLocaleString('en')}</span>}
          <span className="spacer" />
          <ContactsImportButton onImported={pages.reload} />
        </div>

        <div className="contacts-filters" role="search">
          <SearchBox label="Search contacts by name, email or phone" placeholder="Name, email or phone" value={search}
            onChange={setSearch} testId="contact-search" />
          <label className="filter-field">
            <span className="label">Tag</span>
            <TagFilter value={tag} onChange={(t) => setParam('tag', t)} />
          </label>
          {segments.length > 0 && (
            <label className="filter-field">
              <span className="label">Segment</span>
              <select className="select" value={segment} onChange={(e) => setParam('segment', e.target.value)} data-testid="contact-segment">
                <option value="">All contacts</option>
                {segments.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </select>
            </label>
          )}
          {filtered && (
            <button type="button" className="btn ghost" onClick={clearFilters} data-testid="contacts-clear">
              <X size={16} /> Clear filters
            </button>
          )}
        </div>

        <LoadStatus loading={load.status === 'loading'} error={load.status === 'error' ? load.message : null} what="contacts" onRetry={pages.reload} />

        {load.status === 'ready' && load.items.length === 0 && (
          <div className="card empty-state" data-testid="contacts-empty">
            <Users size={40} aria-hidden="true" className="empty-icon" />
            {filtered ? (
              <>
                <h2>No contact matches</h2>
                <p>Nobody fits these filters{pages.page > 1 ? ' on this page' : ''}.</p>
                <button type="button" className="btn" onClick={clearFilters}>Clear filters</button>
              </>
            ) : (
              <>
                <h2>No contacts yet</h2>
                <p className="empty-text">
                  Contacts arrive with events your site sends (<code>POST /api/events</code>, or Segment's tracking libraries),
                  from workflows, or from a CSV file you import.
                </p>
              </>
            )}
          </div>
        )}

        {load.status === 'ready' && load.items.length > 0 && (
          <>
            <div className="card table-card">
              <table className="table contacts-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Phone</th>
                    <th scope="col" className="num">Score</th>
                    <th scope="col">Tags</th>
                    <th scope="col">Consent</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {load.items.map((c) => (
                    <tr key={c.id} className="clickable" data-testid={`contact-row-${c.id}`} onClick={(e) => {
                      if (!(e.target as Element).closest('a')) void navigate(`/contacts/${encodeURIComponent(c.id)}`);
                    }}>
                      <td><Link className="wf-name" to={`/contacts/${encodeURIComponent(c.id)}`}>{contactName(c)}</Link></td>
                      <td className="cell-text">{c.email ?? <span className="faint">—</span>}</td>
                      <td className="mono">{c.phone ?? <span className="faint">—</span>}</td>
                      <td className="num">{c.score}</td>
                      <td><TagChips tags={c.tags} max={3} /></td>
                      <td><ConsentChips consent={c.consent} compact /></td>
                      <td><RelativeTime iso={c.updated_at} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="row list-more" data-testid="contacts-pager">
              <button type="button" className="btn" disabled={pages.page === 1} onClick={pages.previous} data-testid="contacts-previous">
                <ChevronLeft size={16} /> Previous
              </button>
              <span className="muted" data-testid="contacts-range">
                {pages.firstIndex + 1}–{pages.firstIndex + load.items.length} of {load.total.toLocaleString('en')}
              </span>
              <button type="button" className="btn" disabled={!load.nextCursor} onClick={pages.next} data-testid="contacts-next">
                Next <ChevronRight size={16} />
              </button>
            </div>
          </>
        )}
      </div>
    </main>
  );
}

/** A tag typed in full (tags are exact): applied on Enter or when the field is left. */
function TagFilter({ value, onChange }: { value: string; onChange(tag: string): void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = () => text.trim() !== value && onChange(text.trim());
  return (
    <input className="input" placeholder="e.g. vip" value={text} data-testid="contact-tag"
      onChange={(e) => setText(e.target.value)} onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()} />
  );
}

/** The saved segments for the filter; none (and no filter shown) when they cannot be loaded. */
function useSegmentChoices(): Segment[] {
  const [segments, setSegments] = useState<Segment[]>([]);
  useEffect(() => {
    let live = true;
    listSegments().then((page) => live && setSegments(page.items), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return segments;
}
