// The saved segments with how many contacts each holds; a new one, edit one, delete one. A
// segment's count opens its contacts.
import { Filter, Plus, Trash2 } from 'lucide-react';
import { Link, useNavigate } from 'react-router';
import { deleteSegment, listSegments, type Segment } from '../../api/segments.js';
import { confirmDelete } from '../list/confirmDelete.js';
import { LoadStatus } from '../list/LoadStatus.js';
import { RelativeTime } from '../list/RelativeTime.js';
import { useLoadedList } from '../list/useLoadedList.js';
import '../pages.css';
import './segments.css';

export function SegmentsPage() {
  const navigate = useNavigate();
  const { state: load, items: segments, update, reload } = useLoadedList<Segment>(listSegments);

  const remove = (segment: Segment) =>
    confirmDelete({
      name: segment.name,
      title: 'Delete this segment?',
      message: <>Conditions and workflows that use <strong>{segment.name}</strong> will no longer find it. The contacts stay.</>,
      confirmLabel: 'Delete segment',
      remove: () => deleteSegment(segment.id),
      onRemoved: () => update((all) => all.filter((s) => s.id !== segment.id)),
    });

  const newSegment = (
    <button type="button" className="btn primary" onClick={() => void navigate('/segments/new')} data-testid="new-segment">
      <Plus size={16} /> New segment
    </button>
  );
  return (
    <main className="page">
      <div className="page-inner narrow">
        <div className="page-header">
          <h1>Segments</h1>
          {segments.length > 0 && <span className="badge">{segments.length}</span>}
          <span className="spacer" />
          {segments.length > 0 && newSegment}
        </div>
        <LoadStatus loading={load.status === 'loading'} error={load.status === 'error' ? load.message : null} what="segments" onRetry={reload} />
        {load.status === 'ready' && segments.length === 0 && (
          <div className="card empty-state" data-testid="segments-empty">
            <Filter size={40} aria-hidden="true" className="empty-icon" />
            <h2>No segments yet</h2>
            <p className="empty-text">
              A segment is a saved group of contacts by rules — “VIPs who ordered in the last 30 days”, “subscribers who never
              opened” — kept up to date as contacts change. Workflows can start when someone enters one, and conditions can ask
              whether a contact is in one.
            </p>
            {newSegment}
          </div>
        )}
        {segments.length > 0 && (
          <div className="card table-card">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col" className="num">Contacts</th>
                  <th scope="col">Updated</th>
                  <th scope="col"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {segments.map((s) => (
                  <tr key={s.id} data-testid={`segment-row-${s.id}`}>
                    <td>
                      <Link className="wf-name" to={`/segments/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                      {s.description && <div className="muted wf-summary">{s.description}</div>}
                    </td>
                    <td className="num">
                      <Link to={`/contacts?segment=${encodeURIComponent(s.id)}`} title="Show these contacts" data-testid={`segment-count-${s.id}`}>
                        {s.count.toLocaleString('en')}
                      </Link>
                    </td>
                    <td><RelativeTime iso={s.updatedAt} /></td>
                    <td className="wf-actions">
                      <button type="button" className="btn ghost icon small" aria-label={`Delete ${s.name}`} title="Delete"
                        data-testid={`segment-delete-${s.id}`} onClick={() => void remove(s)}>
                        <Trash2 size={14} />
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </main>
  );
}
