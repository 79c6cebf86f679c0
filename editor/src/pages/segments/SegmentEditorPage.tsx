// Creating or editing a segment: its name, its rules (contact fields with the inspector's rules
// builder, events with their own rows, under one all/any) and, beside them, how many contacts
// match right now with a few of them, counted again whenever the rules settle.
import { ArrowLeft, Save } from 'lucide-react';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { createSegment, getSegment, type Segment, type SegmentRules, updateSegment } from '../../api/segments.js';
import type { PlacedError } from '../../inspector/errors.js';
import { RulesBuilder } from '../../inspector/RulesBuilder.js';
import { toast } from '../../ui/toast.js';
import { Field } from '../list/Field.js';
import { formErrors } from '../list/formErrors.js';
import { LoadStatus } from '../list/LoadStatus.js';
import { Missing } from '../list/Missing.js';
import { EventRules } from './EventRules.js';
import { joinRules, nestsEventRules, SEGMENT_FIELDS, splitRules, type SplitRules } from './segment-rules.js';
import { SegmentPreviewCard } from './SegmentPreviewCard.js';
import '../../inspector/inspector.css';
import '../pages.css';
import './segments.css';

const EMPTY: SegmentRules = { match: 'all', rules: [] };

type Load = { status: 'loading' } | { status: 'missing' } | { status: 'error'; message: string } | { status: 'ready'; segment: Segment | null };

export function SegmentEditorPage() {
  const id = useParams().id ?? 'new';
  const isNew = id === 'new';
  const [load, setLoad] = useState<Load>(isNew ? { status: 'ready', segment: null } : { status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (isNew) return;
    let live = true;
    getSegment(id).then(
      (segment) => live && setLoad({ status: 'ready', segment }),
      (err: unknown) => live && setLoad(err instanceof ApiError && err.status === 404 ? { status: 'missing' } : { status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [id, isNew, generation]);

  if (load.status === 'missing') return <Missing what="segment" backTo="/segments" backLabel="Back to segments" testId="segment-not-found" />;
  if (load.status !== 'ready') {
    return (
      <main className="page">
        <div className="page-inner">
          <LoadStatus loading={load.status === 'loading'} error={load.status === 'error' ? load.message : null} what="segment" onRetry={() => setGeneration((g) => g + 1)} />
        </div>
      </main>
    );
  }
  return <SegmentForm key={load.segment?.id ?? 'new'} segment={load.segment} />;
}

function SegmentForm({ segment }: { segment: Segment | null }) {
  const navigate = useNavigate();
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [split, setSplit] = useState<SplitRules>(() => splitRules(segment?.rules ?? EMPTY));
  const rules = useMemo(() => joinRules(split), [split]);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; rules: PlacedError[] }>({ fields: {}, rules: [] });
  const [busy, setBusy] = useState(false);

  const fieldCount = split.fields.rules.length;
  const eventErrors = useMemo(() => {
    const out: Record<number, string[]> = {};
    for (const e of errors.rules) {
      const i = Number(e.path.split('.')[1]);
      if (i >= fieldCount) (out[i - fieldCount] ??= []).push(e.message);
    }
    return out;
  }, [errors.rules, fieldCount]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setErrors({ fields: { name: 'Name the segment, e.g. "Engaged subscribers"' }, rules: [] });
    setBusy(true);
    setErrors({ fields: {}, rules: [] });
    const input = { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), rules };
    try {
      const saved = segment ? await updateSegment(segment.id, input) : await createSegment(input);
      toast.success(`Saved “${saved.name}”: ${saved.count.toLocaleString('en')} contacts`);
      void navigate('/segments');
    } catch (err) {
      const placed = ruleErrors(err);
      const { fields, general } = formErrors(err, ['name', 'description']);
      setErrors({ fields, rules: placed });
      if (general && placed.length === 0) toast.error(general);
      else if (placed.length > 0) toast.error('Some rules need fixing: see the messages under them');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page">
      <form className="page-inner wide" onSubmit={(e) => void submit(e)} noValidate>
        <div className="page-header">
          <Link to="/segments" className="btn ghost icon" aria-label="Back to segments" title="Back to segments">
            <ArrowLeft size={16} />
          </Link>
          <h1>{segment ? segment.name : 'New segment'}</h1>
          <span className="spacer" />
          <button type="submit" className="btn primary" disabled={busy} data-testid="segment-save">
            <Save size={16} /> {busy ? 'Saving…' : 'Save segment'}
          </button>
        </div>
        <div className="segment-layout">
          <div className="stack segment-main">
            <section className="card card-body segment-fields">
              <Field label="Name" error={errors.fields.name}>
                {(a) => <input {...a} className={`input${errors.fields.name ? ' invalid' : ''}`} value={name} maxLength={200}
                  placeholder="Engaged subscribers" onChange={(e) => setName(e.target.value)} data-testid="segment-name" />}
              </Field>
              <Field label="Description" error={errors.fields.description}>
                {(a) => <input {...a} className="input" value={description} maxLength={1000}
                  placeholder="Opened an email in the last 30 days" onChange={(e) => setDescription(e.target.value)} data-testid="segment-description" />}
              </Field>
            </section>
            {nestsEventRules(rules) ? (
              <ReadOnlyRules rules={rules} segmentId={segment?.id ?? ''} />
            ) : (
              <section className="card card-body stack segment-rules" aria-label="Who is in the segment">
                <h2>Contacts who match</h2>
                <p className="muted segment-hint">Fields, tags, score and consent of the contact:</p>
                <RulesBuilder value={split.fields} fields={SEGMENT_FIELDS} errors={errors.rules.filter((e) => Number(e.path.split('.')[1]) < fieldCount)}
                  onChange={(fields) => setSplit((s) => ({ ...s, fields }))} />
                <h3 className="segment-events-title">{split.fields.match === 'all' ? 'And' : 'Or'} what they did</h3>
                <EventRules rules={split.events} match={split.fields.match} errors={eventErrors}
                  onChange={(events) => setSplit((s) => ({ ...s, events }))} />
              </section>
            )}
          </div>
          <SegmentPreviewCard rules={rules} segmentId={segment?.id ?? null} />
        </div>
      </form>
    </main>
  );
}

/** Rules this editor cannot show as rows, shown as they are (and saved unchanged). */
function ReadOnlyRules({ rules, segmentId }: { rules: SegmentRules; segmentId: string }) {
  return (
    <section className="card card-body stack" aria-label="Who is in the segment" data-testid="segment-rules-readonly">
      <h2>Contacts who match</h2>
      <p className="muted segment-hint">
        These rules put event rules inside groups, which this editor cannot show yet: they are kept as they are when you save.
        Change them through the API (<code>PUT /api/segments/{segmentId}</code>).
      </p>
      <pre className="segment-rules-json">{JSON.stringify(rules, null, 2)}</pre>
    </section>
  );
}

/** The server's complaints about rules (`rules.rules.0.field` in the body), as paths into the rules value (`rules.0.field`). */
function ruleErrors(err: unknown): PlacedError[] {
  if (!(err instanceof ApiError)) return [];
  return err.details.flatMap((d) => {
    const { field, message } = d as { field?: unknown; message?: unknown };
    if (typeof field !== 'string' || typeof message !== 'string') return [];
    const path = field.startsWith('rules.rules.') ? field.slice('rules.'.length) : field;
    return /^rules\.\d+/.test(path) ? [{ path, message }] : [];
  });
}
