// POST /api/contacts/import: contacts from a CSV with a header row. Columns map to contact fields
// (common names are recognised; `mapping` overrides), every other column becomes a custom field.
// Each row is checked like an event's contact (email and phone normalised, one person one contact,
// an unsubscribe never cleared), and found by email or phone to be updated, else created. Empty
// cells leave a value as it was. A dry run reports what would happen; otherwise an import is all
// or nothing, unless `skipInvalid` writes the good rows and reports the broken ones.
import { z } from 'zod';
import type { ContactRecord } from '../db/store.js';
import { isoTime } from '../engine/iso-time.js';
import { HttpError } from '../http/errors.js';
import { parseBody } from '../http/validate.js';
import type { Runtime } from '../runtime.js';
import { contactView } from './contacts-view.js';
import { CsvError, parseCsv } from './csv.js';
import { contactsChanged } from './segment-membership.js';
import { contactRef, Resolution, resolveContact } from './events.js';

const PREVIEW_SIZE = 20;

/** Fields a column can fill besides custom ones; `country` is the phone's country (not stored). */
const CONTACT_FIELDS = ['email', 'phone', 'country', 'first_name', 'last_name', 'timezone', 'locale', 'tags', 'score', 'consent.email', 'consent.sms'] as const;

/** Header names (lower case, letters and digits only) recognised without a mapping. */
const KNOWN_COLUMNS: Record<string, string> = Object.fromEntries(Object.entries({
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'mail'],
  phone: ['phone', 'phone number', 'mobile', 'mobile phone', 'mobile number', 'cell', 'cell phone', 'telephone', 'tel', 'sms'],
  first_name: ['first name', 'firstname', 'first', 'given name', 'forename'],
  last_name: ['last name', 'lastname', 'last', 'surname', 'family name'],
  timezone: ['timezone', 'time zone', 'tz'],
  locale: ['locale', 'language'],
  tags: ['tags', 'tag', 'labels'],
  score: ['score', 'lead score'],
  'consent.email': ['email consent', 'email subscription', 'email status'],
  'consent.sms': ['sms consent', 'sms subscription', 'sms status'],
}).flatMap(([field, names]) => names.map((n) => [squash(n), field])));

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const importBody = z.object({
  csv: z.string({ error: 'must be the CSV text, with a header row' }).min(1, 'must be the CSV text, with a header row'),
  mapping: z.record(z.string(), z.string({ error: 'must be a contact field, a custom field name, or "" to skip the column' }).trim().max(100)).optional(),
  dryRun: z.boolean({ error: 'must be true or false' }).default(false),
  skipInvalid: z.boolean({ error: 'must be true or false' }).default(false),
}).strict();

export interface ImportError {
  /** The row in the file (the header is row 1). */
  row: number;
  column?: string;
  field: string;
  message: string;
}

/** The field of each column: the mapping's, else a known name, else a custom field of that name. */
function columnFields(columns: string[], mapping: Record<string, string>): Record<string, string> {
  return Object.fromEntries(columns.map((c) => [c, mapping[c] ?? KNOWN_COLUMNS[squash(c)] ?? c.trim()]));
}

const CONSENT_WORDS: Record<string, string> = {
  subscribed: 'subscribed', yes: 'subscribed', true: 'subscribed', '1': 'subscribed', 'opted in': 'subscribed',
  unsubscribed: 'unsubscribed', no: 'unsubscribed', false: 'unsubscribed', '0': 'unsubscribed', 'opted out': 'unsubscribed',
  unknown: 'unknown',
};

/** A row as an event's contact: standard fields, `fields` for the custom ones. */
function rowContact(cells: string[], columns: string[], fields: Record<string, string>): Record<string, unknown> {
  const contact: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const consent: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const value = (cells[i] ?? '').trim();
    const field = fields[column]!;
    if (value === '' || field === '') return;
    if (field === 'tags') contact.tags = value.split(/[,;|]/).map((t) => t.trim()).filter(Boolean);
    else if (field === 'score') contact.score = /^-?\d+$/.test(value) ? Number(value) : value;
    else if (field.startsWith('consent.')) consent[field.slice('consent.'.length)] = { status: CONSENT_WORDS[value.toLowerCase()] ?? value, source: 'import' };
    else if ((CONTACT_FIELDS as readonly string[]).includes(field)) contact[field] = value;
    else custom[field.replace(/^fields\./, '')] = value;
  });
  if (Object.keys(consent).length > 0) contact.consent = consent;
  if (Object.keys(custom).length > 0) contact.fields = custom;
  return contact;
}

export async function importContacts(runtime: Runtime, body: unknown) {
  const input = parseBody(importBody, body);
  let rows: ReturnType<typeof parseCsv>;
  try {
    rows = parseCsv(input.csv);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new HttpError(400, 'invalid_request', `the CSV cannot be read: ${error.message} (row ${error.row})`, [{ row: error.row, field: 'csv', message: error.message }]);
  }
  const [header, ...data] = rows;
  if (!header || data.length === 0) {
    throw new HttpError(400, 'invalid_request', 'the CSV needs a header row and at least one row of contacts', [{ field: 'csv', message: 'needs a header row and at least one row' }]);
  }
  const columns = header.cells.map((c) => c.trim());
  const unknownMapped = Object.keys(input.mapping ?? {}).filter((c) => !columns.includes(c));
  if (unknownMapped.length > 0) {
    throw new HttpError(400, 'invalid_request', `the mapping names columns the CSV does not have: ${unknownMapped.join(', ')}`,
      unknownMapped.map((c) => ({ field: `mapping.${c}`, message: 'is not a column of the CSV' })));
  }
  const fields = columnFields(columns, input.mapping ?? {});
  const columnOf = (field: string) => columns.find((c) => fields[c] === field || (field.startsWith('consent.') && fields[c]?.startsWith(field)));

  const now = isoTime(runtime.clock.now());
  const resolution = new Resolution(runtime);
  const errors: ImportError[] = [];
  const imported: ContactRecord[] = [];
  for (const { row, cells } of data) {
    const parsed = contactRef.safeParse(rowContact(cells, columns, fields));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.') || 'email';
        const column = columnOf(field === 'consent.email.status' ? 'consent.email' : field === 'consent.sms.status' ? 'consent.sms' : field);
        errors.push({ row, ...(column ? { column } : {}), field, message: issue.path.length ? issue.message : 'needs an email or a phone' });
      }
      continue;
    }
    // Resolving a row stages its contact in `resolution`: a broken row must not leave it staged.
    const resolved = await resolveContact(resolution, parsed.data, now);
    if ('field' in resolved) {
      const field = resolved.field.replace(/^contact\./, '');
      const column = columnOf(field);
      errors.push({ row, ...(column ? { column } : {}), field, message: resolved.message });
      continue;
    }
    imported.push(resolved);
  }

  // Only the contacts rows resolved to: a broken row may have staged a contact it only looked up.
  const writes = [...new Set(imported.map((c) => c.id))].map((id) => resolution.writes.get(id)!);
  const report = {
    columns,
    mapping: fields,
    total: data.length,
    valid: data.length - new Set(errors.map((e) => e.row)).size,
    created: writes.filter((w) => w.isNew).length,
    updated: writes.filter((w) => !w.isNew).length,
    skipped: errors.length > 0 && input.skipInvalid ? new Set(errors.map((e) => e.row)).size : 0,
    errors,
    preview: writes.slice(0, PREVIEW_SIZE).map((w) => contactView(w.contact)),
  };
  if (input.dryRun) return report;
  if (errors.length > 0 && !input.skipInvalid) {
    throw new HttpError(400, 'invalid_rows', `${report.total - report.valid} of ${report.total} rows cannot be imported; nothing was written (fix them, or import the rest with skipInvalid: true; --skip-invalid on the CLI)`, errors);
  }
  await runtime.store.contacts.ingest(writes, []);
  // Imported contacts may enter (or leave) segments: announced as for any other change.
  await contactsChanged(runtime, writes.map((w) => w.contact.id));
  return report;
}
