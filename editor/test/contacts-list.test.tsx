// The contacts list against a fake of the contact routes: search as the user types (once typing
// pauses), filters by tag and segment kept in the address, paging forward and back.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ContactsPage } from '../src/pages/contacts/ContactsPage.js';
import { contact, serveContacts } from './marketing-fake-server.js';
import { FakeServer } from './pages-fake-server.js';
import { renderScreen } from './pages-render.js';

const ada = contact('c1', {
  first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone: '+4930123456', score: 42, tags: ['vip', 'newsletter', 'berlin', 'beta'],
  consent: { email: { status: 'subscribed', source: 'form', at: '2026-01-01T00:00:00Z' }, sms: { status: 'unsubscribed', source: 'STOP', at: null } },
});
const grace = contact('c2', { first_name: 'Grace', last_name: 'Hopper', tags: ['newsletter'] });
const alan = contact('c3', { email: 'alan@example.com' });

function setup(contacts = [ada, grace, alan], segments: Record<string, string[]> = { s1: ['c2'] }) {
  const server = new FakeServer();
  serveContacts(server, contacts, { segments });
  server.install();
  return { server, ...renderScreen(<ContactsPage />) };
}

const listCalls = (server: FakeServer) => server.calls('GET', '/api/contacts').map((r) => r.query.toString());

describe('contacts list', () => {
  it('shows the columns a marketer reads: name, email, phone, score, tags, consent', async () => {
    setup();
    const row = await screen.findByTestId('contact-row-c1');
    expect(within(row).getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href')).toBe('/contacts/c1');
    expect(row.textContent).toContain('ada@example.com');
    expect(row.textContent).toContain('+4930123456');
    expect(row.textContent).toContain('42');
    expect(row.textContent).toContain('vip');
    expect(row.textContent).toContain('+1'); // four tags: three shown
    expect(within(row).getByTestId('consent-email').getAttribute('data-status')).toBe('subscribed');
    expect(within(row).getByTestId('consent-sms').getAttribute('title')).toContain('SMS: unsubscribed');
    // A contact without a name reads as its email.
    expect(within(screen.getByTestId('contact-row-c3')).getByRole('link').textContent).toBe('alan@example.com');
    expect(screen.getByTestId('contacts-total').textContent).toBe('3');
  });

  it('searches once typing pauses, and filters by tag and segment', async () => {
    const { server, user } = setup();
    await screen.findByTestId('contact-row-c1');

    await user.type(screen.getByTestId('contact-search'), 'hop');
    await waitFor(() => expect(screen.queryByTestId('contact-row-c1')).toBeNull());
    expect(screen.getByTestId('contact-row-c2')).toBeTruthy();
    // The search is asked for once typing pauses, not once per key.
    const searches = listCalls(server).filter((q) => q.includes('q='));
    expect(searches.at(-1)).toBe('q=hop&limit=50');
    expect(searches.length).toBeLessThan(3);

    await user.click(screen.getByTestId('contacts-clear'));
    await screen.findByTestId('contact-row-c1');
    await user.type(screen.getByTestId('contact-tag'), 'vip{Enter}');
    await waitFor(() => expect(screen.queryByTestId('contact-row-c2')).toBeNull());
    expect(screen.getByTestId('contact-row-c1')).toBeTruthy();
    expect(listCalls(server).at(-1)).toBe('tag=vip&limit=50');

    await user.click(screen.getByTestId('contacts-clear'));
    await user.selectOptions(await screen.findByTestId('contact-segment'), 's1');
    await waitFor(() => expect(screen.queryByTestId('contact-row-c1')).toBeNull());
    expect(screen.getByTestId('contact-row-c2')).toBeTruthy();
    expect(listCalls(server).at(-1)).toBe('segment=s1&limit=50');

    await user.type(screen.getByTestId('contact-search'), 'nobody');
    expect((await screen.findByTestId('contacts-empty')).textContent).toContain('No contact matches');
  });

  it('pages forward and back through the server’s cursor', async () => {
    const many = Array.from({ length: 120 }, (_, i) => contact(`p${String(i).padStart(3, '0')}`));
    const { server, user } = setup(many);
    await screen.findByTestId('contact-row-p000');
    expect(screen.getByTestId('contacts-range').textContent).toBe('1–50 of 120');
    expect((screen.getByTestId('contacts-previous') as HTMLButtonElement).disabled).toBe(true);

    await user.click(screen.getByTestId('contacts-next'));
    await screen.findByTestId('contact-row-p050');
    await user.click(screen.getByTestId('contacts-next'));
    await screen.findByTestId('contact-row-p119');
    expect(screen.getByTestId('contacts-range').textContent).toBe('101–120 of 120');
    expect((screen.getByTestId('contacts-next') as HTMLButtonElement).disabled).toBe(true);

    await user.click(screen.getByTestId('contacts-previous'));
    await screen.findByTestId('contact-row-p050');
    expect(screen.getByTestId('contacts-range').textContent).toBe('51–100 of 120');
    expect(listCalls(server)).toEqual(['limit=50', 'limit=50&cursor=50', 'limit=50&cursor=100', 'limit=50&cursor=50']);
  });

  it('opens a contact when its row is clicked', async () => {
    const { user } = setup();
    await user.click(within(await screen.findByTestId('contact-row-c2')).getByText('c2@example.com'));
    expect(screen.getByTestId('location').textContent).toBe('/contacts/c2');
  });
});
