// Editing a contact: the standard fields, tags and consent per channel, sent as one PATCH; a field
// the server refuses (an invalid email, a phone in use by someone else) shows under that field.
import { type FormEvent, useState } from 'react';
import { type ConsentChannel, type ConsentStatus, type ContactPatch, type ContactView, updateContact } from '../../api/contacts.js';
import { ChipsInput } from '../../inspector/ChipsInput.js';
import { Dialog } from '../../ui/dialog.js';
import { toast } from '../../ui/toast.js';
import { Field } from '../list/Field.js';
import { formErrors } from '../list/formErrors.js';

const TEXT_FIELDS = [
  ['first_name', 'First name'], ['last_name', 'Last name'], ['email', 'Email'], ['phone', 'Phone'], ['timezone', 'Time zone'], ['locale', 'Locale'],
] as const;
type TextField = (typeof TEXT_FIELDS)[number][0];

const CHANNELS: [ConsentChannel, string][] = [['email', 'Email consent'], ['sms', 'SMS consent']];
const KNOWN = [...TEXT_FIELDS.map(([f]) => f), 'score', 'tags', 'consent.email.status', 'consent.sms.status'];

export function ContactEditDialog({ contact, onSaved, onClose }: { contact: ContactView; onSaved(c: ContactView): void; onClose(): void }) {
  const [text, setText] = useState<Record<TextField, string>>(() =>
    Object.fromEntries(TEXT_FIELDS.map(([f]) => [f, contact[f] ?? ''])) as Record<TextField, string>);
  const [score, setScore] = useState(String(contact.score));
  const [tags, setTags] = useState<string[]>(contact.tags);
  const [consent, setConsent] = useState<Record<ConsentChannel, ConsentStatus>>({
    email: contact.consent.email?.status ?? 'unknown',
    sms: contact.consent.sms?.status ?? 'unknown',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const patch = (): ContactPatch | null => {
    const out: ContactPatch = {};
    for (const [f] of TEXT_FIELDS) {
      const value = text[f].trim() || null;
      if (value !== (contact[f] ?? null)) out[f] = value;
    }
    if (!/^-?\d+$/.test(score.trim())) {
      setErrors({ score: 'The score is a whole number, e.g. 20 or -5' });
      return null;
    }
    if (Number(score) !== contact.score) out.score = Number(score);
    if (tags.join('\n') !== contact.tags.join('\n')) out.tags = tags;
    for (const [channel] of CHANNELS) {
      if (consent[channel] !== (contact.consent[channel]?.status ?? 'unknown')) {
        out.consent = { ...out.consent, [channel]: { status: consent[channel], source: 'editor' } };
      }
    }
    return out;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = patch();
    if (!body) return;
    if (Object.keys(body).length === 0) return onClose();
    setBusy(true);
    setErrors({});
    try {
      const saved = await updateContact(contact.id, body);
      onSaved(saved);
      toast.success('Saved the contact');
      onClose();
    } catch (err) {
      const { fields, general } = formErrors(err, KNOWN);
      setErrors(fields);
      if (general) toast.error(general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Edit contact" onClose={onClose} wide
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" form="contact-edit" className="btn primary" disabled={busy} data-testid="contact-save">
            {busy ? 'Saving…' : 'Save'}
          </button>
        </>
      }>
      <form id="contact-edit" className="contact-form" onSubmit={(e) => void submit(e)} noValidate>
        {TEXT_FIELDS.map(([f, label]) => (
          <Field key={f} label={label} error={errors[f]}>
            {(a) => <input {...a} className={`input${errors[f] ? ' invalid' : ''}`} value={text[f]} data-testid={`contact-edit-${f}`}
              onChange={(e) => setText((t) => ({ ...t, [f]: e.target.value }))} />}
          </Field>
        ))}
        <Field label="Score" error={errors.score}>
          {(a) => <input {...a} className={`input${errors.score ? ' invalid' : ''}`} inputMode="numeric" value={score} data-testid="contact-edit-score"
            onChange={(e) => setScore(e.target.value)} />}
        </Field>
        {CHANNELS.map(([channel, label]) => (
          <Field key={channel} label={label} error={errors[`consent.${channel}.status`]}
            hint={consent[channel] === 'subscribed' && contact.consent[channel]?.status === 'unsubscribed' ? 'Only re-subscribe someone who asked for it again.' : undefined}>
            {(a) => (
              <select {...a} className="select" value={consent[channel]} data-testid={`contact-edit-consent-${channel}`}
                onChange={(e) => setConsent((c) => ({ ...c, [channel]: e.target.value as ConsentStatus }))}>
                <option value="subscribed">Subscribed</option>
                <option value="unsubscribed">Unsubscribed</option>
                <option value="unknown">Unknown</option>
              </select>
            )}
          </Field>
        ))}
        <div className="contact-form-wide">
          <Field label="Tags" error={errors.tags} hint="Enter or a comma adds a tag.">
            {(a) => <ChipsInput id={a.id} describedBy={a['aria-describedby']} values={tags} onChange={(v) => setTags([...new Set(v.map(String))])}
              placeholder="vip, newsletter" testId="contact-edit-tags" />}
          </Field>
        </div>
      </form>
    </Dialog>
  );
}
