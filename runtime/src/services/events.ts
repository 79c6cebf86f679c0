// POST /api/events: records events on contacts, creating a contact the first time it is seen and
// updating it with the fields given (unknown keys become custom fields). A request is all or
// nothing: every item is checked and resolved first, then contacts and events are written in one
// transaction. After the commit, each event starts and resumes the flows listening for it.
//
// Ingestion never clears an unsubscribe: a channel whose consent is `unsubscribed` keeps it
// whatever an event says (only an explicit edit — PATCH /api/contacts/:id — changes it back).
import { z } from 'zod';
import { newId } from '../db/ids.js';
import type { ChannelConsent, ContactRecord, ContactWrite, EventRecord } from '../db/store.js';
import { isoTime } from '../engine/iso-time.js';
import { HttpError } from '../http/errors.js';
import { type FieldProblem, fieldProblems } from '../http/validate.js';
import type { Runtime } from '../runtime.js';
import { applyFields, contactFieldsShape, emptyContact, STANDARD_KEYS, withPhone } from './contacts-input.js';
import { withoutNulls } from './contacts.js';
import { eventDispatcher } from './events-dispatch.js';
import { announceMembership, refreshMembership } from './segment-membership.js';
import { applyScoringRules, SCORE_CHANGED, scoreChangedEvent } from './scoring.js';

export const MAX_BATCH = 1000;

/** A contact as an event names it (and a CSV import row gives it): an id, or fields with an email or phone. */
export const contactRef = z.object({ id: z.string().trim().min(1).optional(), ...contactFieldsShape })
  .catchall(z.unknown())
  .transform(withPhone)
  .refine((c) => c.id !== undefined || typeof c.email === 'string' || typeof c.phone === 'string', {
    message: 'needs an email, a phone or an id to identify the contact',
  });

const eventItem = z.object({
  type: z.string({ error: 'must name the event type, e.g. order.completed' }).trim()
    .min(1, 'must name the event type, e.g. order.completed').max(200),
  contact: contactRef,
  data: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
  at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' }).optional(),
}).strict();

type EventItem = z.output<typeof eventItem>;

const batchBody = z.object({
  batch: z.array(z.unknown(), { error: 'must be an array of events' }).min(1, 'must hold at least one event')
    .max(MAX_BATCH, `must hold at most ${MAX_BATCH} events`),
}).strict();

export interface IngestResult {
  accepted: number;
  contactIds: string[];
  eventIds: string[];
}

type Problem = FieldProblem & { index?: number };

function invalid(problems: Problem[]): HttpError {
  const shown = problems.slice(0, 5).map((p) => `${p.index !== undefined ? `[${p.index}] ` : ''}${p.field}: ${p.message}`);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  return new HttpError(400, 'invalid_request', `invalid events, nothing was recorded: ${shown.join('; ')}${more}`, problems);
}

/** Parses a single event or `{ batch }`; any bad item fails the request, naming each problem. */
function parseEvents(body: unknown): { items: EventItem[]; batch: boolean } {
  const isBatch = typeof body === 'object' && body !== null && 'batch' in body;
  if (!isBatch) {
    const one = eventItem.safeParse(body ?? {});
    if (!one.success) throw invalid(fieldProblems(one.error, ''));
    return { items: [one.data], batch: false };
  }
  const outer = batchBody.safeParse(body);
  if (!outer.success) throw invalid(fieldProblems(outer.error, ''));
  const items: EventItem[] = [];
  const problems: Problem[] = [];
  outer.data.batch.forEach((raw, index) => {
    const item = eventItem.safeParse(raw);
    if (item.success) items.push(item.data);
    else for (const p of fieldProblems(item.error, '')) problems.push({ index, ...p });
  });
  if (problems.length > 0) throw invalid(problems);
  return { items, batch: true };
}

/** The contacts a request touches, as they will be written, found by id, email and phone. */
export class Resolution {
  readonly writes = new Map<string, ContactWrite>();
  /** Each contact's score before this request (0 for a new one), to tell which scores moved. */
  readonly scoresBefore = new Map<string, number>();
  private readonly byEmail = new Map<string, string>();
  private readonly byPhone = new Map<string, string>();

  constructor(private readonly runtime: Runtime) {}

  async byId(id: string): Promise<ContactRecord | null> {
    return this.writes.get(id)?.contact ?? this.load(await this.runtime.store.contacts.get(id));
  }

  async withEmail(email: string): Promise<ContactRecord | null> {
    const id = this.byEmail.get(email);
    if (id !== undefined) return this.writes.get(id)!.contact;
    return this.load(await this.runtime.store.contacts.findByEmail(email));
  }

  async withPhone(phone: string): Promise<ContactRecord | null> {
    const id = this.byPhone.get(phone);
    if (id !== undefined) return this.writes.get(id)!.contact;
    return this.load(await this.runtime.store.contacts.findByPhone(phone));
  }

  put(contact: ContactRecord, isNew: boolean): void {
    const before = this.writes.get(contact.id)?.contact;
    if (before?.email) this.byEmail.delete(before.email);
    if (before?.phone) this.byPhone.delete(before.phone);
    if (!this.scoresBefore.has(contact.id)) this.scoresBefore.set(contact.id, isNew ? 0 : contact.score);
    this.writes.set(contact.id, { contact, isNew: this.writes.get(contact.id)?.isNew ?? isNew });
    if (contact.email) this.byEmail.set(contact.email, contact.id);
    if (contact.phone) this.byPhone.set(contact.phone, contact.id);
  }

  private load(record: ContactRecord | null): ContactRecord | null {
    if (record && !this.writes.has(record.id)) this.put(record, false);
    return record ? this.writes.get(record.id)!.contact : null;
  }
}

/** Consent from ingestion: recorded, except over an unsubscribe, which it never clears. */
const keepUnsubscribe = (_channel: string, given: ChannelConsent, current: ChannelConsent | undefined) =>
  current?.status === 'unsubscribed' ? current : given;

/** Finds or creates the contact and applies its fields; a problem names the field (`contact.email`). */
export async function resolveContact(r: Resolution, ref: EventItem['contact'], now: string): Promise<ContactRecord | Problem> {
  let found: ContactRecord | null = null;
  if (ref.id !== undefined) {
    found = await r.byId(ref.id);
    if (!found) return { field: 'contact.id', message: `no contact has the id ${ref.id}` };
  } else {
    const byEmail = typeof ref.email === 'string' ? await r.withEmail(ref.email) : null;
    const byPhone = typeof ref.phone === 'string' ? await r.withPhone(ref.phone) : null;
    if (byEmail && byPhone && byEmail.id !== byPhone.id) {
      return { field: 'contact.phone', message: `belongs to another contact (${byPhone.id}) than the email (${byEmail.id})` };
    }
    found = byEmail ?? byPhone;
  }
  const current = found ?? emptyContact(newId(), now);
  for (const key of ['email', 'phone'] as const) {
    const value = ref[key];
    if (typeof value !== 'string' || value === current[key]) continue;
    const holder = key === 'email' ? await r.withEmail(value) : await r.withPhone(value);
    if (holder && holder.id !== current.id) return { field: `contact.${key}`, message: `belongs to another contact (${holder.id})` };
  }
  const next = applyFields(current, ref, keepUnsubscribe, now);
  if (next.email === null && next.phone === null) {
    return { field: 'contact.email', message: 'a contact needs an email or a phone' };
  }
  if (ref.tags) next.tags = [...new Set([...current.tags, ...ref.tags])];
  const extra = Object.fromEntries(Object.entries(ref).filter(([k]) => !STANDARD_KEYS.has(k)));
  next.fields = withoutNulls({ ...current.fields, ...ref.fields, ...extra });
  r.put(next, found === null);
  return next;
}

export async function ingestEvents(runtime: Runtime, body: unknown): Promise<IngestResult> {
  const { items, batch } = parseEvents(body);
  const now = isoTime(runtime.clock.now());
  const resolution = new Resolution(runtime);
  const events: EventRecord[] = [];
  const problems: Problem[] = [];
  for (const [index, item] of items.entries()) {
    const resolved = await resolveContact(resolution, item.contact, now);
    if ('field' in resolved) {
      problems.push(batch ? { index, ...resolved } : resolved);
      continue;
    }
    // In UTC, as every other timestamp: "within the last N days" compares them as text.
    events.push({ id: newId(), contactId: resolved.id, type: item.type, data: item.data ?? {}, at: item.at ? isoTime(new Date(item.at)) : now });
  }
  if (problems.length > 0) throw invalid(problems);

  const writes = [...resolution.writes.values()];
  const contacts = new Map(writes.map((w) => [w.contact.id, w.contact]));
  if (events.some((e) => e.type !== SCORE_CHANGED)) {
    applyScoringRules(await runtime.store.scoringRules.listActive(), events, contacts, (rule, err) =>
      runtime.log.warn({ err, ruleId: rule.id }, 'a scoring rule filter could not be evaluated'));
  }
  try {
    await runtime.store.contacts.ingest(writes, events);
  } catch (error) {
    // Another request took an email or phone between our reads and this write.
    if (/unique/i.test(String((error as Error)?.message))) {
      throw new HttpError(409, 'conflict', 'another request changed these contacts at the same moment; nothing was recorded, send it again');
    }
    throw error;
  }

  // Segments first, so that the flows these events start see the contact's membership.
  const segmentChanges = await refreshMembership(runtime, writes.map((w) => w.contact.id));
  const dispatch = eventDispatcher(runtime);
  for (const event of events) await dispatch(event, contacts.get(event.contactId)!);
  await announceMembership(runtime, segmentChanges);
  // Scores this request moved (by rules, or a score given) are announced for flows to start on.
  const moved = writes.filter((w) => w.contact.score !== resolution.scoresBefore.get(w.contact.id))
    .map((w) => scoreChangedEvent({ contactId: w.contact.id, from: resolution.scoresBefore.get(w.contact.id)!, to: w.contact.score }));
  if (moved.length > 0) {
    // The events above are committed: a failure here (the contact deleted meanwhile) is logged, not answered.
    await ingestEvents(runtime, { batch: moved })
      .catch((err: unknown) => runtime.log.error({ err }, 'could not record score.changed events'));
  }
  return { accepted: events.length, contactIds: events.map((e) => e.contactId), eventIds: events.map((e) => e.id) };
}
