import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetCredentialTypesCache } from '../src/api/credentials.js';
import type { FieldSuggestion } from '../src/inspector/completions.js';
import type { FieldErrors } from '../src/inspector/errors.js';
import { SchemaForm } from '../src/inspector/SchemaForm.js';
import { delaySchema, everyWidgetSchema, fakeCredentialServer } from './inspector-fixtures.js';

const fields: FieldSuggestion[] = [
  { path: 'steps.lookup.status', detail: 'Lookup · number · 200' },
  { path: 'trigger.body', detail: 'trigger · object' },
];

function renderForm(schema: unknown, initial: unknown = {}, errors?: FieldErrors, templates = true) {
  let latest: unknown = initial;
  function Harness() {
    const [value, setValue] = useState<unknown>(initial);
    return (
      <SchemaForm
        schema={schema}
        value={value}
        errors={errors}
        context={{ fields, templates }}
        onChange={(v) => {
          latest = v;
          setValue(v);
        }}
      />
    );
  }
  render(<Harness />);
  return { value: () => latest as Record<string, unknown> };
}

const field = (path: string) => screen.getByTestId(`field-${path}`);

let server: ReturnType<typeof fakeCredentialServer>;
beforeEach(() => {
  server = fakeCredentialServer([
    { id: 'cred-1', type: 'smtp', name: 'Mailgun', fields: {}, secrets: [] },
    { id: 'cred-x', type: 'http_bearer', name: 'Other', fields: {}, secrets: [] },
  ]);
  vi.stubGlobal('fetch', server.fetch);
  resetCredentialTypesCache();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('SchemaForm', () => {
  it('renders a labelled control for every widget kind', async () => {
    renderForm(everyWidgetSchema);
    const kinds: Record<string, string> = {
      title: 'input', count: 'input', method: 'select', days: 'button[aria-pressed]', urgent: '[role="switch"]',
      timeout: 'input', subject: 'input', code: 'textarea', payload: 'textarea', credential: 'select',
      filter: '[data-testid="rules-builder"]', address: 'input', variants: 'button', headers: 'button', tags: 'input', auth: 'select',
    };
    for (const [path, selector] of Object.entries(kinds)) {
      expect(field(path).querySelector(selector), path).not.toBeNull();
    }
    // Every control is reachable by its label.
    for (const label of ['Title', 'Count', 'Method', 'Urgent', 'Subject', 'Code', 'Payload', 'Credential', 'City', 'ZIP code']) {
      expect(screen.getByLabelText(new RegExp(`^${label}`)), label).toBeTruthy();
    }
    await screen.findByRole('option', { name: /Mailgun/ });
  });

  it('sends edits back through onChange with the right types', async () => {
    const user = userEvent.setup();
    const form = renderForm(everyWidgetSchema);

    await user.type(screen.getByLabelText(/^Title/), 'Hello');
    await user.type(screen.getByLabelText(/^Count/), '5');
    await user.selectOptions(screen.getByLabelText(/^Method/), 'POST');
    await user.click(within(field('days')).getByRole('button', { name: 'Mon' }));
    await user.click(within(field('days')).getByRole('button', { name: 'Wed' }));
    await user.click(screen.getByRole('switch', { name: /Urgent/ }));
    await user.type(within(field('timeout')).getByLabelText('Timeout: amount'), '2');
    await user.selectOptions(within(field('timeout')).getByLabelText('Timeout: unit'), 'days');
    await user.type(screen.getByLabelText('Code'), 'return 1');
    fireEvent.change(screen.getByLabelText('Payload'), { target: { value: '{"plan": "pro", "seats": 3}' } });
    await user.selectOptions(screen.getByLabelText(/^Credential/), await screen.findByRole('option', { name: /Mailgun/ }));
    await user.type(screen.getByLabelText(/^City/), 'Berlin');
    await user.type(within(field('tags')).getByRole('textbox'), 'vip{Enter}new,');

    expect(form.value()).toMatchObject({
      title: 'Hello',
      count: 5,
      method: 'POST',
      days: ['mon', 'wed'],
      urgent: true,
      timeout: { amount: 2, unit: 'days' },
      code: 'return 1',
      payload: { plan: 'pro', seats: 3 },
      credential: 'cred-1',
      address: { city: 'Berlin' },
      tags: ['vip', 'new'],
    });
    // The credential list holds only the types the field accepts.
    expect(screen.queryByRole('option', { name: /Other/ })).toBeNull();
  });

  it('edits rules, lists of objects, key/value records and unions', async () => {
    const user = userEvent.setup();
    const form = renderForm(everyWidgetSchema);

    await user.click(within(field('filter')).getByTestId('rules-add-rule'));
    await user.type(within(field('filter')).getByTestId('rule-0-field'), 'contact.score');
    await user.keyboard('{Escape}');
    await user.selectOptions(within(field('filter')).getByTestId('rule-0-op'), 'gte');
    await user.type(within(field('filter')).getByTestId('rule-0-value'), '10');

    await user.click(within(field('variants')).getByRole('button', { name: 'Add variant' }));
    await user.type(within(field('variants.0')).getByLabelText(/^Name/), 'A');
    await user.type(within(field('variants.0')).getByLabelText(/^Weight/), '50');
    await user.click(within(field('variants')).getByRole('button', { name: 'Add variant' }));
    await user.type(within(field('variants.1')).getByLabelText(/^Name/), 'B');
    await user.click(within(field('variants')).getByRole('button', { name: 'Move Variant 2 up' }));

    await user.click(within(field('headers')).getByRole('button', { name: 'Add entry' }));
    await user.type(within(field('headers')).getByLabelText('Headers: name 1'), 'x-id');
    await user.type(within(field('headers')).getByLabelText('Headers: value 1'), 'abc');

    await user.selectOptions(within(field('auth')).getByLabelText('Type'), 'Header');
    await user.type(within(field('auth')).getByLabelText(/^Header name/), 'x-token');

    expect(form.value()).toMatchObject({
      filter: { match: 'all', rules: [{ field: 'contact.score', op: 'gte', value: 10 }] },
      variants: [{ name: 'B' }, { name: 'A', weight: 50 }],
      headers: { 'x-id': 'abc' },
      auth: { type: 'header', name: 'x-token' },
    });
  });

  it('offers context fields in template fields and inserts the chosen one', async () => {
    const user = userEvent.setup();
    const form = renderForm(everyWidgetSchema);
    const subject = screen.getByLabelText('Subject');
    await user.type(subject, 'Status {{{{');
    const list = screen.getByRole('listbox', { name: 'Available fields' });
    expect(within(list).getAllByRole('option').map((o) => o.querySelector('.suggestion-path')?.textContent)).toEqual([
      'steps.lookup.status',
      'trigger.body',
    ]);
    await user.keyboard('{ArrowDown}{ArrowUp}{Enter}');
    expect(form.value().subject).toBe('Status {{ steps.lookup.status }}');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('lets a number field hold a template', async () => {
    const user = userEvent.setup();
    const form = renderForm(everyWidgetSchema);
    await user.click(screen.getByRole('button', { name: 'Use a template for Count' }));
    await user.type(screen.getByLabelText(/^Count/), '{{{{ trigger.body.n }}');
    expect(form.value().count).toBe('{{ trigger.body.n }}');
    expect(within(field('count')).queryByText(/must be/)).toBeNull();
  });

  it('shows invalid values inline, in words, as the user types', async () => {
    const user = userEvent.setup();
    renderForm(everyWidgetSchema, { title: 'x' });
    await user.clear(screen.getByLabelText(/^Title/));
    expect(within(field('title')).getByText('must not be empty')).toBeTruthy();

    await user.type(screen.getByLabelText(/^Count/), '0');
    expect(within(field('count')).getByText('must be at least 1')).toBeTruthy();
    await user.type(screen.getByLabelText(/^Count/), 'x');
    expect(within(field('count')).getByText('must be a number')).toBeTruthy();

    await user.type(screen.getByLabelText(/^ZIP code/), '12');
    expect(within(field('address.zip')).getByText('is not in the expected form, e.g. 10115')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Payload'), { target: { value: '{"plan": ' } });
    expect(within(field('payload')).getByText(/is not valid JSON yet/)).toBeTruthy();
    // A required field nobody touched yet is not flagged.
    expect(within(field('credential')).queryByText('must not be empty')).toBeNull();
  });

  it('shows server problems under their field, and the rest at the top', () => {
    renderForm(
      everyWidgetSchema,
      { filter: { match: 'all', rules: [{ field: 'trigger.body.score', op: 'gt', value: 'x' }] }, auth: { type: 'header', name: 'a b', value: 'v' } },
      {
        'filter.rules.0.value': ['must be a number'],
        'auth.name': ['must be an HTTP header name'],
        'headers.x-id': ['must be text'],
        mystery: ['is not a known setting'],
      },
    );
    expect(within(field('filter')).getByText('Value: must be a number')).toBeTruthy();
    expect(within(field('auth.name')).getByText('must be an HTTP header name')).toBeTruthy();
    expect(within(field('headers')).getByText('x-id: must be text')).toBeTruthy();
    expect(within(screen.getByTestId('form-problems')).getByText('mystery: is not a known setting')).toBeTruthy();
  });

  it('picks a union variant by its constant and keeps what the variants share', async () => {
    const user = userEvent.setup();
    const form = renderForm(delaySchema, {});
    const mode = within(field('mode')).getByRole('combobox');
    expect((mode as HTMLSelectElement).selectedOptions[0]!.textContent).toBe('Duration');
    await user.type(screen.getByLabelText(/^Wait/), '3');
    expect(form.value()).toEqual({ mode: 'duration', amount: 3 });

    await user.selectOptions(mode, 'Window');
    await user.click(screen.getByRole('button', { name: 'Fri' }));
    await user.type(screen.getByLabelText(/^From/), '9:00');
    expect(within(field('from')).getByText('is not in the expected form, e.g. 09:00')).toBeTruthy();
    expect(form.value()).toEqual({ mode: 'window', days: ['fri'], from: '9:00' });
    expect(screen.queryByLabelText(/^Wait/)).toBeNull();
  });

  it('creates a credential from the picker and selects it', async () => {
    const user = userEvent.setup();
    const form = renderForm(everyWidgetSchema);
    await user.selectOptions(screen.getByLabelText(/^Credential/), await screen.findByRole('option', { name: 'Create new…' }));
    const dialog = await screen.findByRole('dialog', { name: 'New credential' });
    await within(dialog).findByLabelText(/^Host/);
    // Only the type the field accepts, and secrets as password inputs.
    expect(within(dialog).queryByTestId('credential-type')).toBeNull();
    expect(within(dialog).getByText('SMTP (email)')).toBeTruthy();
    expect(within(dialog).getByLabelText(/^Password/).getAttribute('type')).toBe('password');

    await user.type(within(dialog).getByLabelText('Name'), 'Newsletter SMTP');
    await user.type(within(dialog).getByLabelText(/^Host/), 'smtp.example.com');
    await user.type(within(dialog).getByLabelText(/^Port/), '587');
    await user.type(within(dialog).getByLabelText(/^Password/), 's3cret');
    await user.click(within(dialog).getByRole('button', { name: 'Create credential' }));

    await waitFor(() => expect(form.value().credential).toBe('cred-3'));
    expect(server.created).toEqual([
      { type: 'smtp', name: 'Newsletter SMTP', data: { host: 'smtp.example.com', port: 587, secure: false, password: 's3cret' } },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((screen.getByLabelText(/^Credential/) as HTMLSelectElement).selectedOptions[0]!.textContent).toContain('Newsletter SMTP');
  });

  it('offers no templates where the host says they do not apply', () => {
    renderForm({ type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer' }, token: { type: 'string', writeOnly: true } } }, {}, undefined, false);
    expect(screen.queryByRole('button', { name: /Use a template/ })).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.getByLabelText('Token').getAttribute('type')).toBe('password');
  });
});
