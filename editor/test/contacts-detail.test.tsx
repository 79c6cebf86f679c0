// One contact against a fake of the contact routes: the profile, a timeline merging events,
// messages and journeys newest first, and editing fields, tags and consent.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ContactMessage } from '../src/api/contacts.js';
import { ContactPage } from '../src/pages/contacts/ContactPage.js';
import { contact, serveContacts } from './marketing-fake-server.js';
import { apiError, FakeServer } from './pages-fake-server.js';
import { renderScreen } from './pages-render.js';

const ada = contact('c1', {
  first_name: 'Ada', email: 'ada@example.com', score: 42, tags: ['vip'], fields: { plan: 'pro' },
  consent: { email: { status: 'subscribed', source: 'form', at: '2026-01-01T00:00:00Z' } },
});

const message = (id: string, sentAt: string | null, extra: Partial<ContactMessage> = {}): ContactMessage => ({
  id, channel: 'email', to: 'ada@example.com', subject: 'Welcome aboard', status: 'sent', executionId: 'x1', workflowId: 'w1', nodeId: 'welcome', sentAt, ...extra,
});

function setup(history: Parameters<typeof serveContacts>[2] = {}) {
  const server = new FakeServer();
  const store = serveContacts(server, [ada], history);
  server.install();
  return { server, store, ...renderScreen(<ContactPage />, { route: '/contacts/:id', url: '/contacts/c1' }) };
}

describe('a contact', () => {
  it('shows the profile, consent, tags, score and custom fields', async () => {
    setup();
    expect((await screen.findByTestId('contact-name')).textContent).toBe('Ada');
    expect(screen.getByTestId('contact-score').textContent).toBe('Score 42');
    expect(screen.getByTestId('contact-fields').textContent).toContain('ada@example.com');
    expect(screen.getByTestId('contact-custom-fields').textContent).toContain('pro');
    expect(screen.getByTestId('contact-tags').textContent).toBe('vip');
    expect(screen.getByRole('region', { name: 'Consent' }).textContent).toContain('Email: subscribed');
    expect(await screen.findByTestId('timeline-empty')).toBeTruthy();
  });

  it('merges events, messages and journeys into one timeline, newest first, with message status chips', async () => {
    setup({
      events: [
        { id: 'e1', contactId: 'c1', type: 'user.signed_up', data: { plan: 'pro' }, at: '2026-02-01T09:00:00.000Z' },
        { id: 'e2', contactId: 'c1', type: 'order.completed', data: { total: 99 }, at: '2026-02-03T12:00:00.000Z' },
      ],
      messages: [
        message('m1', '2026-02-01T09:00:01.000Z', { status: 'clicked', openedAt: '2026-02-01T10:00:00.000Z', clickedAt: '2026-02-01T10:01:00.000Z' }),
        message('m2', '2026-02-02T09:00:00.000Z', { status: 'bounced', subject: 'Your cart', bouncedAt: '2026-02-02T09:00:05.000Z' }),
        message('m3', '2026-02-04T09:00:00.000Z', { channel: 'sms', subject: null, status: 'delivered', to: '+4930123456' }),
      ],
      journeys: [{
        id: 'x1', workflowId: 'w1', workflowVersion: 2, status: 'waiting', mode: 'event', trigger: {}, contactId: 'c1', error: null,
        startedAt: '2026-02-01T09:00:00.500Z', finishedAt: null,
      }],
    });
    const timeline = await screen.findByTestId('timeline');
    const keys = [...timeline.querySelectorAll('li')].map((li) => li.getAttribute('data-key'));
    expect(keys).toEqual(['m:m3', 'e:e2', 'm:m2', 'm:m1', 'x:x1', 'e:e1']);

    const statuses = within(timeline).getAllByTestId('message-status');
    expect(statuses.map((s) => [s.textContent, s.className])).toEqual([
      ['delivered', 'badge success'], ['bounced', 'badge error'], ['clicked', 'badge active'],
    ]);
    expect(timeline.textContent).toContain('Your cart');
    expect(timeline.textContent).toContain('total: 99');
    const journey = within(timeline).getByTestId('journey-link');
    expect(journey.textContent).toBe('Welcome series');
    expect(journey.getAttribute('href')).toBe('/workflows/w1/executions/x1');
  });

  it('places a message never sent (held back by suppression) at the time it was held back, with the reason', async () => {
    setup({
      events: [{ id: 'e1', contactId: 'c1', type: 'user.signed_up', data: {}, at: '2026-02-01T09:00:00.000Z' }],
      messages: [message('m1', '', { sentAt: null, createdAt: '2026-02-02T09:00:00.000Z', status: 'suppressed', reason: 'the contact unsubscribed from email' })],
    });
    const timeline = await screen.findByTestId('timeline');
    expect([...timeline.querySelectorAll('li')].map((li) => li.getAttribute('data-key'))).toEqual(['m:m1', 'e:e1']);
    expect(within(timeline).getByTestId('message-status').className).toBe('badge waiting');
    expect(within(timeline).getByTestId('message-reason').textContent).toContain('the contact unsubscribed from email');
  });

  it('keeps what loaded when one source of the history fails', async () => {
    const server = new FakeServer().on('GET', '/api/contacts/c1/messages', () => apiError(500, 'internal', 'the database is locked'));
    serveContacts(server, [ada], { events: [{ id: 'e1', contactId: 'c1', type: 'page.viewed', data: {}, at: '2026-02-01T09:00:00.000Z' }] });
    server.install();
    renderScreen(<ContactPage />, { route: '/contacts/:id', url: '/contacts/c1' });
    expect((await screen.findByRole('alert')).textContent).toContain('messages: the database is locked');
    expect(screen.getByTestId('timeline').textContent).toContain('page.viewed');
  });

  it('edits fields, tags and consent in one PATCH, and shows a refused field under it', async () => {
    const { server, user } = setup();
    await user.click(await screen.findByTestId('contact-edit'));
    const dialog = screen.getByRole('dialog', { name: 'Edit contact' });

    await user.clear(within(dialog).getByTestId('contact-edit-email'));
    await user.type(within(dialog).getByTestId('contact-edit-email'), 'not-an-email');
    await user.click(within(dialog).getByTestId('contact-save'));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('must be a valid email address');

    await user.clear(within(dialog).getByTestId('contact-edit-email'));
    await user.type(within(dialog).getByTestId('contact-edit-email'), 'ada@lovelace.org');
    await user.type(within(dialog).getByTestId('contact-edit-last_name'), 'Lovelace');
    await user.type(within(dialog).getByTestId('contact-edit-tags'), 'newsletter{Enter}');
    await user.selectOptions(within(dialog).getByTestId('contact-edit-consent-sms'), 'subscribed');
    await user.click(within(dialog).getByTestId('contact-save'));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.calls('PATCH', '/api/contacts/c1').at(-1)!.body).toEqual({
      email: 'ada@lovelace.org', last_name: 'Lovelace', tags: ['vip', 'newsletter'], consent: { sms: { status: 'subscribed', source: 'editor' } },
    });
    expect(screen.getByTestId('contact-name').textContent).toBe('Ada Lovelace');
    expect(screen.getByTestId('contact-tags').textContent).toBe('vipnewsletter');
  });

  it('says so when the contact does not exist', async () => {
    new FakeServer().install();
    renderScreen(<ContactPage />, { route: '/contacts/:id', url: '/contacts/nobody' });
    expect(await screen.findByTestId('contact-not-found')).toBeTruthy();
  });
});
