// Beside the rules: how many contacts match them now, and the first few of them.
import { Link } from 'react-router';
import type { SegmentRules } from '../../api/segments.js';
import { contactName } from '../contacts/contact-text.js';
import { useSegmentPreview } from './useSegmentPreview.js';

export function SegmentPreviewCard({ rules, segmentId }: { rules: SegmentRules; segmentId: string | null }) {
  const state = useSegmentPreview(rules);
  const preview = state.status === 'ready' ? state.preview : state.status === 'loading' ? state.last : null;
  return (
    <aside className="card card-body stack segment-preview" aria-label="Matching contacts" aria-busy={state.status === 'loading'}>
      <span className="label">Matching contacts now</span>
      <span className={`segment-count${state.status === 'loading' ? ' stale' : ''}`} data-testid="segment-preview-count">
        {preview ? preview.count.toLocaleString('en') : '—'}
      </span>
      {state.status === 'incomplete' && <p className="muted">Finish the rules (every field and event named) to count the contacts.</p>}
      {state.status === 'error' && <p className="form-error" role="alert">{state.message}</p>}
      {preview && preview.sample.length > 0 && (
        <ul className="segment-sample" data-testid="segment-preview-sample">
          {preview.sample.map((c) => (
            <li key={c.id}>
              <Link to={`/contacts/${encodeURIComponent(c.id)}`}>{contactName(c)}</Link>
              {c.email && contactName(c) !== c.email && <span className="faint"> · {c.email}</span>}
            </li>
          ))}
        </ul>
      )}
      {preview && preview.count === 0 && <p className="muted">Nobody matches these rules yet.</p>}
      {segmentId && <Link to={`/contacts?segment=${encodeURIComponent(segmentId)}`} className="muted">All contacts of the saved segment →</Link>}
    </aside>
  );
}
