// Choosing the contact a test or a preview runs for: search the contacts by name, email or phone,
// or make one up (its fields as the API names them; other names become custom fields).
import { X } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { type ContactView, listContacts } from '../api/contacts.js';
import { SearchBox } from '../pages/list/SearchBox.js';
import { useDebounced } from '../pages/list/useDebounced.js';
import { contactName } from '../pages/contacts/contact-text.js';

/** Who to run for: a contact by id (null until one is chosen), or made-up fields. */
export type ContactChoice = { kind: 'existing'; contact: ContactView | null } | { kind: 'made-up'; fields: Record<string, string> };

/** The request's part that names the contact (`contactId` or `contact`); null while none is chosen. */
export function contactOfChoice(choice: ContactChoice): { contactId: string } | { contact: Record<string, string> } | null {
  if (choice.kind === 'existing') return choice.contact ? { contactId: choice.contact.id } : null;
  return { contact: Object.fromEntries(Object.entries(choice.fields).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()])) };
}

const MADE_UP_FIELDS: [string, string, string][] = [
  ['email', 'Email', 'ada@example.com'], ['phone', 'Phone', '+44 20 7946 0958'], ['first_name', 'First name', 'Ada'], ['last_name', 'Last name', 'Lovelace'],
];

export function ContactPicker({ value, onChange }: { value: ContactChoice; onChange(choice: ContactChoice): void }) {
  const id = useId();
  const [lastMadeUp, setLastMadeUp] = useState<Record<string, string>>(value.kind === 'made-up' ? value.fields : {});
  return (
    <div className="contact-picker stack">
      <div className="segmented" role="radiogroup" aria-label="Which contact">
        <label className={value.kind === 'existing' ? 'on' : undefined}>
          <input type="radio" name={id} checked={value.kind === 'existing'} data-testid="pick-existing"
            onChange={() => onChange({ kind: 'existing', contact: null })} />
          A contact
        </label>
        <label className={value.kind === 'made-up' ? 'on' : undefined}>
          <input type="radio" name={id} checked={value.kind === 'made-up'} data-testid="pick-made-up"
            onChange={() => onChange({ kind: 'made-up', fields: lastMadeUp })} />
          Made up
        </label>
      </div>
      {value.kind === 'existing' ? (
        <ContactSearch chosen={value.contact} onChoose={(contact) => onChange({ kind: 'existing', contact })} />
      ) : (
        <div className="made-up-fields">
          {MADE_UP_FIELDS.map(([field, label, placeholder]) => (
            <label key={field} className="field">
              <span className="label">{label}</span>
              <input className="input" value={value.fields[field] ?? ''} placeholder={placeholder} data-testid={`made-up-${field}`}
                onChange={(e) => {
                  const fields = { ...value.fields, [field]: e.target.value };
                  setLastMadeUp(fields);
                  onChange({ kind: 'made-up', fields });
                }} />
            </label>
          ))}
        </div>
      )}
    </div>
  );
}

function ContactSearch({ chosen, onChoose }: { chosen: ContactView | null; onChoose(contact: ContactView | null): void }) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const [found, setFound] = useState<ContactView[] | null>(null);
  useEffect(() => {
    if (!q) return setFound(null);
    let live = true;
    listContacts({ q }, { limit: 8 }).then((page) => live && setFound(page.items), () => live && setFound([]));
    return () => {
      live = false;
    };
  }, [q]);

  if (chosen) {
    return (
      <div className="chosen-contact" data-testid="chosen-contact">
        <span><strong>{contactName(chosen)}</strong>{chosen.email && contactName(chosen) !== chosen.email && <span className="muted"> · {chosen.email}</span>}</span>
        <button type="button" className="btn ghost icon small" aria-label="Choose another contact" onClick={() => onChoose(null)}><X size={14} /></button>
      </div>
    );
  }
  return (
    <div className="stack">
      <SearchBox className="contact-search" label="Search contacts by name, email or phone" placeholder="Search by name, email or phone"
        value={text} onChange={setText} testId="test-contact-search" />
      {found && found.length === 0 && <p className="muted">No contact matches “{q}”.</p>}
      {found && found.length > 0 && (
        <ul className="contact-results" data-testid="contact-results">
          {found.map((c) => (
            <li key={c.id}>
              <button type="button" onClick={() => onChoose(c)} data-testid={`choose-contact-${c.id}`}>
                <strong>{contactName(c)}</strong>{c.email && contactName(c) !== c.email && <span className="muted"> · {c.email}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
