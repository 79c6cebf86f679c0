// Segment counts over a large contact base: N contacts with tags, scores, custom fields and
// events, written straight into a temporary SQLite store; then the store counts segments of
// several kinds (the editor's live preview), computes the membership of a batch of touched
// contacts (what follows every ingest) and sweeps a time-based segment.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveSegmentRules, type SegmentRules } from '../runtime/src/db/segment-rules.js';
import { openSqliteStore } from '../runtime/src/db/sqlite.js';
import type { ContactRecord, EventRecord, SegmentClock } from '../runtime/src/db/store.js';

export interface SegmentFigures {
  contacts: number;
  events: number;
  seedSeconds: number;
  counts: Array<{ name: string; rules: string; count: number; medianMs: number }>;
  refreshBatch: number;
  segmentsRefreshed: number;
  refreshMs: number;
  sweepMs: number;
}

const NOW = new Date('2026-01-05T09:00:00.000Z');
const DAY = 86_400_000;
const PLANS = ['free', 'pro', 'team'];
const TAGS = ['newsletter', 'customer', 'vip', 'webinar', 'churned'];

/** A fixed pseudo-random sequence (mulberry32), so every run seeds the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const rule = (rules: SegmentRules['rules'], match: 'all' | 'any' = 'all'): SegmentRules => {
  const result = resolveSegmentRules({ match, rules });
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result.rules;
};

const SEGMENTS: Array<{ name: string; rules: SegmentRules }> = [
  { name: 'score and a custom field', rules: rule([{ field: 'contact.score', op: 'gt', value: 50 }, { field: 'contact.plan', op: 'eq', value: 'pro' }]) },
  { name: 'tag and consent', rules: rule([{ field: 'contact.tags', op: 'has_tag', value: 'vip' }, { field: 'contact.consent.email.status', op: 'eq', value: 'subscribed' }]) },
  {
    name: 'opened in the last 30 days, score > 50, not a customer',
    rules: rule([
      { event: 'email.opened', op: 'did', withinDays: 30 },
      { field: 'contact.score', op: 'gt', value: 50 },
      { field: 'contact.tags', op: 'not_has_tag', value: 'customer' },
    ]),
  },
  {
    name: 'ordered 2+ times over 100, or never opened',
    rules: rule([
      { event: 'order.completed', op: 'did', count: { op: 'gte', value: 2 }, filter: { match: 'all', rules: [{ field: 'data.total', op: 'gt', value: 100 }] } },
      { event: 'email.opened', op: 'did_not' },
    ], 'any'),
  },
  { name: 'birthday today', rules: rule([{ field: 'contact.birthday', op: 'is_anniversary' }]) },
];

function seed(contacts: number, next: () => number): { people: ContactRecord[]; events: EventRecord[] } {
  const people: ContactRecord[] = [];
  const events: EventRecord[] = [];
  const at = (daysBack: number) => new Date(NOW.getTime() - daysBack * DAY).toISOString();
  for (let i = 0; i < contacts; i++) {
    const id = `c${String(i).padStart(7, '0')}`;
    const tags = TAGS.filter(() => next() < 0.25);
    const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
    people.push({
      id, email: `${id}@example.com`, phone: null, firstName: `First ${i}`, lastName: null, timezone: next() < 0.5 ? 'Europe/Berlin' : null,
      locale: null, tags, score: Math.floor(next() * 100), fields: { plan: PLANS[i % 3], birthday: `19${50 + (i % 50)}-${month}-${day}`, seats: i % 20 },
      consent: { email: { status: next() < 0.8 ? 'subscribed' : 'unsubscribed', source: 'import', at: at(400) } },
      createdAt: at(365 - (i % 365)), updatedAt: at(1),
    });
    // About two events a contact: opens over the last 90 days, and some orders.
    const opens = Math.floor(next() * 3);
    for (let k = 0; k < opens; k++) events.push({ id: `${id}-o${k}`, contactId: id, type: 'email.opened', data: { campaign: `c${k}` }, at: at(next() * 90) });
    if (next() < 0.3) {
      for (let k = 0; k < 1 + Math.floor(next() * 3); k++) {
        events.push({ id: `${id}-p${k}`, contactId: id, type: 'order.completed', data: { total: Math.round(next() * 300) }, at: at(next() * 365) });
      }
    }
  }
  return { people, events };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchSegments(contacts: number, repeats = 5): Promise<SegmentFigures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tern-bench-segments-'));
  const store = openSqliteStore(path.join(dir, 'tern.db'));
  const clock: SegmentClock = { now: NOW, timezone: 'UTC' };
  try {
    const seedStart = performance.now();
    const { people, events } = seed(contacts, random(42));
    const CHUNK = 5_000;
    for (let i = 0; i < people.length; i += CHUNK) {
      const ids = new Set(people.slice(i, i + CHUNK).map((p) => p.id));
      await store.contacts.ingest(people.slice(i, i + CHUNK).map((contact) => ({ contact, isNew: true })), events.filter((e) => ids.has(e.contactId)));
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const counts = [];
    for (const segment of SEGMENTS) {
      const times: number[] = [];
      let count = 0;
      for (let r = 0; r < repeats; r++) {
        const start = performance.now();
        count = (await store.segments.preview(segment.rules, 10, clock)).count;
        times.push(performance.now() - start);
      }
      counts.push({ name: segment.name, rules: JSON.stringify(segment.rules.rules), count, medianMs: median(times) });
    }

    // Saved segments (their members computed once), then what follows an ingest of 1,000 contacts.
    for (const [i, segment] of SEGMENTS.entries()) {
      await store.segments.create({ id: `s${i}`, name: segment.name, description: null, rules: segment.rules, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() }, clock);
    }
    const batch = people.slice(0, 1_000).map((p) => p.id);
    const refreshTimes: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      await store.segments.refreshContacts(batch, clock);
      refreshTimes.push(performance.now() - start);
    }
    const sweepStart = performance.now();
    await store.segments.refreshTimeBased({ ...clock, now: new Date(NOW.getTime() + DAY) });
    const sweepMs = performance.now() - sweepStart;

    return {
      contacts, events: events.length, seedSeconds, counts, refreshBatch: batch.length, segmentsRefreshed: SEGMENTS.length,
      refreshMs: median(refreshTimes), sweepMs,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
