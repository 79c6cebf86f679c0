// The marketing routes of Tern's API for the screens' component tests, in the shapes the helpers
// agreed (contacts with their events, messages and journeys; the CSV import; segments with their
// preview; templates; journey stats), over in-memory lists. Registered on the FakeServer of
// pages-fake-server.ts, so requests are checked and recorded the same way.
import type { ContactEvent, ContactMessage, ContactView } from '../src/api/contacts.js';
import type { Segment, SegmentRules } from '../src/api/segments.js';
import type { ExecutionRecord } from '../src/api/types.js';
import { apiError, type FakeRequest, type FakeServer } from './pages-fake-server.js';

export function contact(id: string, extra: Partial<ContactView> = {}): ContactView {
  return {
    id, email: `${id}@example.com`, phone: null, first_name: null, last_name: null, timezone: null, locale: null,
    tags: [], score: 0, fields: {}, consent: {}, created_at: '2026-01-01T10:00:00.000Z', updated_at: '2026-01-02T10:00:00.000Z',
    ...extra,
  };
}

/** A page of `items` by the numeric cursor the fake uses (the real one is opaque). */
export function paged<T>(items: T[], req: FakeRequest) {
  const limit = Number(req.query.get('limit') ?? 50);
  const start = Number(req.query.get('cursor') ?? 0);
  return { items: items.slice(start, start + limit), total: items.length, nextCursor: start + limit < items.length ? String(start + limit) : null };
}

export interface ContactHistory {
  events?: ContactEvent[];
  messages?: ContactMessage[];
  journeys?: ExecutionRecord[];
  /** Which contacts each segment holds. */
  segments?: Record<string, string[]>;
}

/** /api/contacts with ?q= (name, email, phone), ?tag=, ?segment=, and each contact's history. */
export function serveContacts(server: FakeServer, initial: ContactView[], history: ContactHistory = {}) {
  const store = new Map(initial.map((c) => [c.id, c]));
  server
    .on('GET', '/api/contacts', (req) => {
      const q = req.query.get('q')?.toLowerCase();
      const tag = req.query.get('tag');
      const segment = req.query.get('segment');
      const items = [...store.values()].filter((c) =>
        (!q || [c.email, c.phone, c.first_name, c.last_name].some((v) => v?.toLowerCase().includes(q))) &&
        (!tag || c.tags.includes(tag)) &&
        (!segment || (history.segments?.[segment] ?? []).includes(c.id)));
      return { body: paged(items, req) };
    })
    .on('GET', '/api/contacts/:id', (req) => {
      const c = store.get(req.params.id!);
      return c ? { body: c } : apiError(404, 'not_found', 'contact not found');
    })
    .on('PATCH', '/api/contacts/:id', (req) => {
      const c = store.get(req.params.id!);
      if (!c) return apiError(404, 'not_found', 'contact not found');
      const body = req.body as Partial<ContactView> & { consent?: Record<string, { status: string }> };
      if (body.email !== undefined && body.email !== null && !/^[^@\s]+@[^@\s]+$/.test(body.email)) {
        return apiError(400, 'invalid_request', 'invalid request body: email: must be a valid email address', [{ field: 'email', message: 'must be a valid email address' }]);
      }
      const consent = { ...c.consent };
      for (const [channel, given] of Object.entries(body.consent ?? {})) {
        consent[channel as 'email'] = { status: given.status as 'subscribed', source: 'editor', at: '2026-03-01T00:00:00.000Z' };
      }
      const updated = { ...c, ...body, consent, updated_at: '2026-03-01T00:00:00.000Z' } as ContactView;
      store.set(c.id, updated);
      return { body: updated };
    })
    .on('GET', '/api/contacts/:id/events', (req) => ({ body: paged((history.events ?? []).filter((e) => e.contactId === req.params.id), req) }))
    .on('GET', '/api/contacts/:id/messages', (req) => ({ body: paged(history.messages ?? [], req) }))
    .on('GET', '/api/executions', (req) => ({ body: paged((history.journeys ?? []).filter((x) => x.contactId === req.query.get('contactId')), req) }))
    .on('GET', '/api/workflows', (req) => ({ body: paged([{ id: 'w1', name: 'Welcome series' }], req) }))
    .on('GET', '/api/segments', (req) => ({ body: paged(Object.keys(history.segments ?? {}).map((id) => segment(id, id.toUpperCase())), req) }));
  return store;
}

export function segment(id: string, name: string, extra: Partial<Segment> = {}): Segment {
  return {
    id, name, description: null, rules: { match: 'all', rules: [] }, count: 0,
    createdAt: '2026-01-01T10:00:00.000Z', updatedAt: '2026-01-02T10:00:00.000Z', ...extra,
  };
}

/** POST /api/contacts/import over a plain comma-separated file: a row whose `email` column is no
 *  email is broken; a broken row without `skipInvalid` refuses the whole file (400, per-row details). */
export function serveImport(server: FakeServer, written: ContactView[] = []) {
  server.on('POST', '/api/contacts/import', (req) => {
    const { csv, mapping: given, dryRun, skipInvalid } = req.body as { csv: string; mapping?: Record<string, string>; dryRun?: boolean; skipInvalid?: boolean };
    const [head = '', ...lines] = csv.trim().split('\n');
    const columns = head.split(',').map((c) => c.trim());
    const mapping = given ?? Object.fromEntries(columns.map((c) => [c, ['email', 'phone', 'first_name', 'last_name', 'tags'].includes(c) ? c : c]));
    const errors: { row: number; column?: string; field: string; message: string }[] = [];
    const contacts: ContactView[] = [];
    lines.forEach((line, i) => {
      const cells = line.split(',');
      const c = contact(`new${i}`, { email: null });
      columns.forEach((column, j) => {
        const field = mapping[column];
        const value = cells[j]?.trim() ?? '';
        if (!field) return;
        if (field === 'email' && !/^[^@\s]+@[^@\s]+$/.test(value)) errors.push({ row: i + 2, column, field, message: 'must be a valid email address' });
        else if (field === 'tags') c.tags = value.split(';').filter(Boolean);
        else if (['email', 'phone', 'first_name', 'last_name'].includes(field)) (c as unknown as Record<string, string>)[field] = value;
        else c.fields[field.replace(/^fields\./, '')] = value;
      });
      if (!errors.some((e) => e.row === i + 2)) contacts.push(c);
    });
    const result = { columns, mapping, total: lines.length, valid: contacts.length, created: 0, updated: 0, skipped: 0, errors, preview: contacts.slice(0, 20) };
    if (dryRun) return { body: result };
    if (errors.length && !skipInvalid) return apiError(400, 'invalid_csv', `${errors.length} rows cannot be imported`, errors);
    written.push(...contacts);
    return { body: { ...result, created: contacts.length, skipped: lines.length - contacts.length } };
  });
  return written;
}

/** /api/segments over an in-memory list; the preview counts by a rule the test gives. */
export function serveSegments(server: FakeServer, initial: Segment[], count: (rules: SegmentRules) => number = () => 0) {
  const store = new Map(initial.map((s) => [s.id, s]));
  const sample = [contact('c1', { first_name: 'Ada' }), contact('c2')];
  const invalid = (body: { name?: string; rules?: SegmentRules }) => {
    const rules = body.rules?.rules ?? [];
    const i = rules.findIndex((r) => 'event' in r && !/^[a-z_]+\.[a-z_]+$/.test(r.event));
    return i < 0 ? null : apiError(400, 'invalid_request', `invalid request body: rules.rules.${i}.event: must be an event name such as order.completed`,
      [{ field: `rules.rules.${i}.event`, message: 'must be an event name such as order.completed' }]);
  };
  let next = 1;
  server
    .on('GET', '/api/segments', (req) => ({ body: paged([...store.values()], req) }))
    .on('GET', '/api/segments/:id', (req) => {
      const s = store.get(req.params.id!);
      return s ? { body: s } : apiError(404, 'not_found', 'segment not found');
    })
    .on('POST', '/api/segments', (req) => {
      const body = req.body as { name: string; rules: SegmentRules };
      const refused = invalid(body);
      if (refused) return refused;
      const s = segment(`s${next++}`, body.name, { ...body, count: count(body.rules) });
      store.set(s.id, s);
      return { status: 201, body: s };
    })
    .on('PUT', '/api/segments/:id', (req) => {
      const body = req.body as { name: string; rules: SegmentRules };
      const refused = invalid(body);
      if (refused) return refused;
      const s = { ...store.get(req.params.id!)!, ...body, count: count(body.rules) };
      store.set(s.id, s);
      return { body: s };
    })
    .on('DELETE', '/api/segments/:id', (req) => (store.delete(req.params.id!) ? { status: 204 } : apiError(404, 'not_found', 'segment not found')))
    .on('POST', '/api/segments/preview', (req) => {
      const { rules } = req.body as { rules: SegmentRules };
      const n = count(rules);
      return { body: { count: n, sample: sample.slice(0, n) } };
    });
  return store;
}
