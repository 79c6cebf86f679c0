// The segments screens against a fake of the segment routes: the list with counts, a segment built
// from field rules (the inspector's rules builder) and event rules, its live count asked once the
// rules settle, and a rule the server refuses shown under that rule.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SegmentRules } from '../src/api/segments.js';
import { SegmentEditorPage } from '../src/pages/segments/SegmentEditorPage.js';
import { SegmentsPage } from '../src/pages/segments/SegmentsPage.js';
import { segment, serveSegments } from './marketing-fake-server.js';
import { FakeServer } from './pages-fake-server.js';
import { renderScreen } from './pages-render.js';

const buyers = segment('s1', 'Repeat buyers', {
  description: 'Ordered twice this quarter',
  count: 1234,
  rules: {
    match: 'all',
    rules: [
      { field: 'contact.score', op: 'gte', value: 50 },
      { event: 'order.completed', op: 'did', count: { op: 'gte', value: 2 }, withinDays: 90 },
    ],
  },
});

/** The fake counts two contacts per rule, so each change shows a different number. */
const perRule = (rules: SegmentRules) => rules.rules.length * 2;

function setup(screenAt: 'list' | 'new' | 's1') {
  const server = new FakeServer();
  const store = serveSegments(server, [buyers], perRule);
  server.install();
  const rendered =
    screenAt === 'list' ? renderScreen(<SegmentsPage />) : renderScreen(<SegmentEditorPage />, { route: '/segments/:id', url: `/segments/${screenAt}` });
  return { server, store, ...rendered };
}

describe('segments list', () => {
  it('lists segments with their counts, linking to their contacts, and deletes one after asking', async () => {
    const { server, user } = setup('list');
    const row = await screen.findByTestId('segment-row-s1');
    expect(row.textContent).toContain('Ordered twice this quarter');
    expect(within(row).getByTestId('segment-count-s1').textContent).toBe('1,234');
    expect(within(row).getByTestId('segment-count-s1').getAttribute('href')).toBe('/contacts?segment=s1');
    expect(within(row).getByRole('link', { name: 'Repeat buyers' }).getAttribute('href')).toBe('/segments/s1');

    await user.click(within(row).getByTestId('segment-delete-s1'));
    await user.click(within(await screen.findByRole('dialog', { name: 'Delete this segment?' })).getByRole('button', { name: 'Delete segment' }));
    expect(await screen.findByTestId('segments-empty')).toBeTruthy();
    expect(server.calls('DELETE', '/api/segments/s1')).toHaveLength(1);
  });
});

describe('a segment', () => {
  it('builds field and event rules, counts them live once typing pauses, and saves them', async () => {
    const { server, user } = setup('new');
    const previews = () => server.calls('POST', '/api/segments/preview').map((r) => (r.body as { rules: SegmentRules }).rules);
    // No rules: everyone (the fake counts 0).
    await waitFor(() => expect(previews()).toHaveLength(1));

    await user.type(screen.getByTestId('segment-name'), 'Engaged buyers');
    await user.click(screen.getByTestId('rules-add-rule'));
    await user.type(screen.getByTestId('rule-0-field'), 'contact.score');
    await user.keyboard('{Escape}');
    await user.selectOptions(screen.getByTestId('rule-0-op'), 'is at least');
    await user.type(screen.getByTestId('rule-0-value'), '50');
    await waitFor(() => expect(screen.getByTestId('segment-preview-count').textContent).toBe('2'));

    await user.click(screen.getByTestId('add-event-rule'));
    // An event rule without its event is not counted yet.
    expect(await screen.findByText(/Finish the rules/)).toBeTruthy();
    const before = previews().length;
    await user.type(screen.getByTestId('event-rule-0-event'), 'order.completed');
    await user.selectOptions(screen.getByTestId('event-rule-0-count-op'), 'at least');
    await user.clear(screen.getByTestId('event-rule-0-count'));
    await user.type(screen.getByTestId('event-rule-0-count'), '3');
    await user.type(screen.getByTestId('event-rule-0-days'), '30');
    await waitFor(() => expect(screen.getByTestId('segment-preview-count').textContent).toBe('4'));

    const expected: SegmentRules = {
      match: 'all',
      rules: [
        { field: 'contact.score', op: 'gte', value: 50 },
        { event: 'order.completed', op: 'did', count: { op: 'gte', value: 3 }, withinDays: 30 },
      ],
    };
    // Typing a whole event name, a count and a number of days (some twenty changes) asks for a
    // count once the typing pauses, not once per key.
    const asked = previews().slice(before);
    expect(asked.at(-1)).toEqual(expected);
    expect(asked.length).toBeLessThanOrEqual(3);
    expect(within(screen.getByTestId('segment-preview-sample')).getAllByRole('link').map((a) => a.textContent)).toEqual(['Ada', 'c2@example.com']);

    await user.click(screen.getByTestId('segment-save'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/segments'));
    expect(server.calls('POST', '/api/segments')[0]!.body).toEqual({ name: 'Engaged buyers', rules: expected });
  });

  it('loads a saved segment into its rules, and shows a refused event rule under it', async () => {
    const { server, store, user } = setup('s1');
    expect(await screen.findByDisplayValue('Repeat buyers')).toBeTruthy();
    expect((screen.getByTestId('rule-0-field') as HTMLInputElement).value).toBe('contact.score');
    expect((screen.getByTestId('event-rule-0-event') as HTMLInputElement).value).toBe('order.completed');
    expect((screen.getByTestId('event-rule-0-count') as HTMLInputElement).value).toBe('2');
    expect((screen.getByTestId('event-rule-0-days') as HTMLInputElement).value).toBe('90');

    await user.selectOptions(screen.getByTestId('event-rule-0-op'), 'did_not');
    await user.clear(screen.getByTestId('event-rule-0-event'));
    await user.type(screen.getByTestId('event-rule-0-event'), 'Order Completed');
    await user.click(screen.getByTestId('segment-save'));
    expect(await screen.findByText('must be an event name such as order.completed')).toBeTruthy();
    expect(store.get('s1')!.rules).toEqual(buyers.rules);

    await user.clear(screen.getByTestId('event-rule-0-event'));
    await user.type(screen.getByTestId('event-rule-0-event'), 'order.completed');
    await user.selectOptions(screen.getByTestId('event-rule-0-count-op'), '');
    await user.click(screen.getByTestId('segment-save'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/segments'));
    expect((server.calls('PUT', '/api/segments/s1')[1]!.body as { rules: SegmentRules }).rules.rules[1]).toEqual({ event: 'order.completed', op: 'did_not', withinDays: 90 });
  });

  it('shows rules that nest event rules in groups as they are, and saves them unchanged', async () => {
    const nested: SegmentRules = { match: 'any', rules: [{ match: 'all', rules: [{ field: 'contact.score', op: 'gt', value: 10 }, { event: 'order.completed', op: 'did' }] }] };
    const server = new FakeServer();
    serveSegments(server, [segment('s9', 'Nested', { rules: nested })]);
    server.install();
    const { user } = renderScreen(<SegmentEditorPage />, { route: '/segments/:id', url: '/segments/s9' });
    expect((await screen.findByTestId('segment-rules-readonly')).textContent).toContain('"event": "order.completed"');
    expect(screen.queryByTestId('rules-builder')).toBeNull();
    await user.clear(screen.getByTestId('segment-name'));
    await user.type(screen.getByTestId('segment-name'), 'Nested buyers');
    await user.click(screen.getByTestId('segment-save'));
    await waitFor(() => expect(server.calls('PUT', '/api/segments/s9')).toHaveLength(1));
    expect(server.calls('PUT', '/api/segments/s9')[0]!.body).toEqual({ name: 'Nested buyers', rules: nested });
  });
});
