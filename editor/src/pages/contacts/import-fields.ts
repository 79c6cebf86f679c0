// The contact fields a CSV column can be imported into, as the import's `mapping` names them, and
// how each reads in the mapping menu. A column the server did not recognise goes into a custom
// field named after it (a bare name or `fields.<name>`), or is left out (`""`).
export const STANDARD_IMPORT_FIELDS: { field: string; label: string }[] = [
  { field: 'email', label: 'Email' },
  { field: 'phone', label: 'Phone' },
  { field: 'first_name', label: 'First name' },
  { field: 'last_name', label: 'Last name' },
  { field: 'timezone', label: 'Time zone' },
  { field: 'locale', label: 'Locale' },
  { field: 'country', label: 'Country (for national phone numbers)' },
  { field: 'tags', label: 'Tags' },
  { field: 'score', label: 'Score' },
  { field: 'consent.email', label: 'Email consent' },
  { field: 'consent.sms', label: 'SMS consent' },
];

/** The mapping value that leaves a column out of the import. */
export const SKIP_COLUMN = '';

const STANDARD = new Set(STANDARD_IMPORT_FIELDS.map((f) => f.field));

/** The custom field a column goes into unless mapped otherwise: the server's default, its own name. */
export const customFieldFor = (column: string) => column.trim();

const customLabel = (field: string) => `Custom field “${field.replace(/^fields\./, '')}”`;

/** The choices for one column: the standard fields, its custom field, whatever the server proposed, and "leave out". */
export function mappingChoices(column: string, proposed: string | undefined): { field: string; label: string }[] {
  const custom = customFieldFor(column);
  const choices = [...STANDARD_IMPORT_FIELDS, { field: custom, label: customLabel(custom) }];
  if (proposed && proposed !== SKIP_COLUMN && !choices.some((c) => c.field === proposed)) {
    choices.push({ field: proposed, label: STANDARD.has(proposed) ? proposed : customLabel(proposed) });
  }
  return [...choices, { field: SKIP_COLUMN, label: 'Do not import' }];
}
