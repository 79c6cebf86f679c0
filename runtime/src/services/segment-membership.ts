// Keeping segment membership current, and telling flows about it. After contacts change (an event,
// an edit, an import) their membership is computed again; each contact who entered or left a
// segment gets a `segment.entered` / `segment.exited` event with `{ segmentId, segmentName }`,
// recorded through ingestEvents like every other event, so it starts trigger.event flows and
// resumes flow.wait_event steps. Rules that expire with time alone ("within the last 30 days",
// "birthday is today") are swept periodically.
//
// A segment event is itself an event, and a segment may have rules on events: membership is
// computed after it too. Counts of events only grow, so such chains end, but a chain deeper than
// MAX_ANNOUNCE_DEPTH is cut (the membership is still recorded, without further events) so that no
// set of rules can keep the server busy.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SegmentChange, SegmentClock, Store } from '../db/store.js';
import type { Runtime } from '../runtime.js';
import { ingestEvents, MAX_BATCH } from './events.js';

export const SEGMENT_ENTERED = 'segment.entered';
export const SEGMENT_EXITED = 'segment.exited';
const MAX_ANNOUNCE_DEPTH = 4;

/** How deep in a chain of segment events the current ingest is (0 outside one). */
const announcing = new AsyncLocalStorage<number>();

export function segmentClock(runtime: Pick<Runtime, 'clock'>): SegmentClock {
  return { now: runtime.clock.now() };
}

/**
 * Computes the membership of these contacts again; what changed is to be announced. The change
 * that called it is committed already, so a failure here is logged rather than failing it.
 */
export async function refreshMembership(runtime: Runtime, contactIds: string[]): Promise<SegmentChange[]> {
  try {
    return await runtime.store.segments.refreshContacts(contactIds, segmentClock(runtime));
  } catch (err) {
    runtime.log.error({ err, contacts: contactIds.length }, 'could not compute segment membership; the next change of these contacts will');
    return [];
  }
}

/** Records each change as a segment.entered / segment.exited event of its contact. */
export async function announceMembership(runtime: Runtime, changes: SegmentChange[]): Promise<void> {
  if (changes.length === 0) return;
  const depth = (announcing.getStore() ?? 0) + 1;
  if (depth > MAX_ANNOUNCE_DEPTH) {
    runtime.log.warn({ changes: changes.length, depth }, 'segment events set off more segment changes than allowed in a row; these are recorded without events');
    return;
  }
  const items = changes.map((c) => ({
    type: c.change === 'entered' ? SEGMENT_ENTERED : SEGMENT_EXITED,
    contact: { id: c.contactId },
    data: { segmentId: c.segmentId, segmentName: c.segmentName },
  }));
  for (let start = 0; start < items.length; start += MAX_BATCH) {
    const batch = items.slice(start, start + MAX_BATCH);
    try {
      await announcing.run(depth, () => ingestEvents(runtime, { batch }));
    } catch (err) {
      // A contact deleted meanwhile fails its batch; the membership itself is already recorded.
      runtime.log.error({ err, depth }, 'could not record segment events');
    }
  }
}

/** For whatever changes contacts outside an event (an edit, an import, a CRM node): refresh and announce. */
export async function contactsChanged(runtime: Runtime, contactIds: string[]): Promise<void> {
  await announceMembership(runtime, await refreshMembership(runtime, contactIds));
}

/** Whether a contact is in a segment named by its id or name, as last computed. */
export async function isMember(store: Store, segment: string, contactId: string): Promise<boolean> {
  return (await store.segments.membershipOf(contactId)).some((s) => s.id === segment || s.name === segment);
}

/** One pass over the segments whose rules depend on time; returns how many memberships changed. */
export async function sweepSegments(runtime: Runtime): Promise<number> {
  const changes = await runtime.store.segments.refreshTimeBased(segmentClock(runtime));
  await announceMembership(runtime, changes);
  return changes.length;
}

/** Sweeps every `intervalMs` (the first pass after one interval; 0: never). Returns a function that stops it. */
export function scheduleSegmentSweep(runtime: Runtime, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepSegments(runtime)
      .catch((err: unknown) => runtime.log.error({ err }, 'the segment sweep failed; the next one will try again'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
