// One contact: who they are (fields, custom fields), consent per channel, tags, score, and their
// timeline; "Edit" changes fields, tags and consent.
import { ArrowLeft, Pencil } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { type ContactView, getContact } from '../../api/contacts.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadStatus } from '../list/LoadStatus.js';
import { Missing } from '../list/Missing.js';
import { ConsentChips, consentTitle } from './ConsentChips.js';
import { ContactEditDialog } from './ContactEditDialog.js';
import { ContactTimeline } from './ContactTimeline.js';
import { contactName } from './contact-text.js';
import { TagChips } from './TagChips.js';
import { useContactTimeline } from './useContactTimeline.js';
import '../pages.css';
import './contacts.css';

type Load = { status: 'loading' } | { status: 'missing' } | { status: 'error'; message: string } | { status: 'ready'; contact: ContactView };

export function ContactPage() {
  const id = useParams().id ?? '';
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const [editing, setEditing] = useState(false);
  const timeline = useContactTimeline(id, generation);

  useEffect(() => {
    let live = true;
    setLoad({ status: 'loading' });
    getContact(id).then(
      (contact) => live && setLoad({ status: 'ready', contact }),
      (err: unknown) => live && setLoad(err instanceof ApiError && err.status === 404 ? { status: 'missing' } : { status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [id, generation]);

  const back = (
    <Link to="/contacts" className="btn ghost icon" aria-label="Back to contacts" title="Back to contacts">
      <ArrowLeft size={16} />
    </Link>
  );
  if (load.status === 'missing') return <Missing what="contact" backTo="/contacts" backLabel="Back to contacts" testId="contact-not-found" />;
  if (load.status !== 'ready') {
    return (
      <main className="page">
        <div className="page-inner">
          <LoadStatus loading={load.status === 'loading'} error={load.status === 'error' ? load.message : null} what="contact" onRetry={() => setGeneration((g) => g + 1)} />
        </div>
      </main>
    );
  }

  const c = load.contact;
  const custom = Object.entries(c.fields ?? {});
  return (
    <main className="page">
      <div className="page-inner wide">
        <div className="page-header">
          {back}
          <h1 data-testid="contact-name">{contactName(c)}</h1>
          <span className="badge active" title="Lead score" data-testid="contact-score">Score {c.score}</span>
          <span className="spacer" />
          <button type="button" className="btn" onClick={() => setEditing(true)} data-testid="contact-edit">
            <Pencil size={16} /> Edit
          </button>
        </div>
        <div className="contact-layout">
          <div className="stack contact-side">
            <section className="card card-body stack" aria-label="Profile">
              <h2>Profile</h2>
              <dl className="contact-fields" data-testid="contact-fields">
                <Row label="Email" value={c.email} />
                <Row label="Phone" value={c.phone} mono />
                <Row label="First name" value={c.first_name} />
                <Row label="Last name" value={c.last_name} />
                <Row label="Time zone" value={c.timezone} />
                <Row label="Locale" value={c.locale} />
                <Row label="Created" value={formatDateTime(c.created_at)} />
                <Row label="Updated" value={formatDateTime(c.updated_at)} />
              </dl>
            </section>
            <section className="card card-body stack" aria-label="Consent">
              <h2>Consent</h2>
              <ConsentChips consent={c.consent} />
              <ul className="consent-detail muted">
                {(['email', 'sms'] as const).map((ch) => <li key={ch}>{consentTitle(ch === 'sms' ? 'SMS' : 'Email', c.consent[ch])}</li>)}
              </ul>
            </section>
            <section className="card card-body stack" aria-label="Tags">
              <h2>Tags</h2>
              <div data-testid="contact-tags"><TagChips tags={c.tags} /></div>
            </section>
            {custom.length > 0 && (
              <section className="card card-body stack" aria-label="Custom fields">
                <h2>Custom fields</h2>
                <dl className="contact-fields" data-testid="contact-custom-fields">
                  {custom.map(([k, v]) => <Row key={k} label={k} value={typeof v === 'string' ? v : JSON.stringify(v)} mono />)}
                </dl>
              </section>
            )}
          </div>
          <ContactTimeline load={timeline} />
        </div>
      </div>
      {editing && (
        <ContactEditDialog contact={c} onClose={() => setEditing(false)}
          onSaved={(saved) => setLoad({ status: 'ready', contact: saved })} />
      )}
    </main>
  );
}

function Row({ label, value, mono }: { label: string; value: string | null | undefined; mono?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{value || <span className="faint">—</span>}</dd>
    </>
  );
}
