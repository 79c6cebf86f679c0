// The CSV import dialog against a fake of POST /api/contacts/import: a dry run first (columns,
// mapping, first rows, broken rows), a mapping changed per column, then the import with the
// broken rows left out, and the counts.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ContactsPage } from '../src/pages/contacts/ContactsPage.js';
import { serveContacts, serveImport } from './marketing-fake-server.js';
import { FakeServer } from './pages-fake-server.js';
import { renderScreen } from './pages-render.js';

const CSV = ['email,first_name,Plan,tags', 'ada@example.com,Ada,pro,vip;beta', 'not an email,Bob,free,', 'grace@example.com,Grace,team,'].join('\n');

function setup() {
  const server = new FakeServer();
  serveContacts(server, []);
  const written = serveImport(server);
  server.install();
  const rendered = renderScreen(<ContactsPage />);
  return { server, written, ...rendered };
}

async function pick(csv: string) {
  const file = new File([csv], 'leads.csv', { type: 'text/csv' });
  fireEvent.change(screen.getByTestId('import-contacts-file'), { target: { files: [file] } });
  return screen.findByRole('dialog', { name: 'Import leads.csv' });
}

const imports = (server: FakeServer) => server.calls('POST', '/api/contacts/import').map((r) => r.body as Record<string, unknown>);

describe('importing contacts from a CSV file', () => {
  it('previews the file without writing, lists broken rows, and imports the rest only when asked to', async () => {
    const { server, written, user } = setup();
    await screen.findByTestId('contacts-empty');
    const dialog = await pick(CSV);

    expect((await within(dialog).findByTestId('import-summary')).textContent).toContain('3 rows: 2 ready to import, 1 with problems');
    expect(imports(server)[0]).toEqual({ csv: CSV, dryRun: true });
    const plan = within(dialog).getByTestId('import-map-Plan') as HTMLSelectElement;
    expect(plan.value).toBe('Plan');
    expect(plan.selectedOptions[0]!.textContent).toBe('Custom field “Plan”');
    const preview = within(dialog).getByTestId('import-preview');
    expect(preview.textContent).toContain('Ada');
    expect(preview.textContent).toContain('grace@example.com');
    expect(within(dialog).getByTestId('import-errors').textContent).toBe('Row 3 · column email: must be a valid email address');

    const importButton = within(dialog).getByTestId('import-run') as HTMLButtonElement;
    expect(importButton.textContent).toContain('Import 2 contacts');
    expect(importButton.disabled).toBe(true);
    expect(written).toHaveLength(0);

    await user.click(within(dialog).getByTestId('import-skip-invalid'));
    await user.click(importButton);
    const result = await within(dialog).findByTestId('import-result');
    expect(result.textContent).toContain('2Created');
    expect(result.textContent).toContain('1Left out');
    expect(imports(server).at(-1)).toEqual({ csv: CSV, mapping: { email: 'email', first_name: 'first_name', Plan: 'Plan', tags: 'tags' }, skipInvalid: true });
    expect(written.map((c) => c.email)).toEqual(['ada@example.com', 'grace@example.com']);

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    // The list loads again to show the new contacts.
    await waitFor(() => expect(server.calls('GET', '/api/contacts')).toHaveLength(2));
  });

  it('checks the file again with a column mapped differently', async () => {
    const { server, user } = setup();
    const dialog = await pick(CSV);
    await within(dialog).findByTestId('import-summary');

    // Leaving the email column out: every row is fine (no email to check), and the first names stay.
    await user.selectOptions(within(dialog).getByTestId('import-map-email'), '');
    await waitFor(() => expect(within(dialog).queryByTestId('import-errors')).toBeNull());
    expect(imports(server).at(-1)).toEqual({ csv: CSV, dryRun: true, mapping: { email: '', first_name: 'first_name', Plan: 'Plan', tags: 'tags' } });
    expect(within(dialog).getByTestId('import-summary').textContent).toContain('3 rows: 3 ready to import');
    expect((within(dialog).getByTestId('import-run') as HTMLButtonElement).disabled).toBe(false);
  });
});
