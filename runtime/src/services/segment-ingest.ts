// Segment's HTTP Tracking API (identify, track, page, screen, group, alias, batch) mapped onto POST /api/events'
// ingestion, so a site instrumented with Segment's or RudderStack's libraries can send to Tern:
// - identify → event `identify` with `{ traits }`; the traits update the contact (email, phone,
//   firstName/first_name, lastName/last_name as contact fields, the rest as custom fields);
// - track → an event of that name with the properties as data; page → `page.viewed`, screen →
//   `screen.viewed`, with `{ name, category, ...properties }`; group → `group` with
//   `{ groupId, traits }`; alias ties its userId to the contact of its previousId (no event).
// A message's contact is found by the email or phone in its traits (or `context.traits`), a userId
// that is an email, or a userId / anonymousId an earlier identify linked to a contact. A message
// Tern cannot tie to a contact (an anonymous visitor not identified yet) is acknowledged and
// dropped: a contact needs an email or a phone. Messages repeating a recent `messageId` are skipped.
import { z } from 'zod';
import type { ContactAliasKind } from '../db/store.js';
import { HttpError } from '../http/errors.js';
import { type FieldProblem, fieldProblems } from '../http/validate.js';
import type { Runtime } from '../runtime.js';
import { ingestEvents, MAX_BATCH } from './events.js';

const id = z.union([z.string().trim().min(1).max(200), z.number().transform(String)]);
const object = z.record(z.string(), z.unknown(), { error: 'must be an object' });

const common = {
  userId: id.nullish(),
  anonymousId: id.nullish(),
  context: object.optional(),
  timestamp: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' }).optional(),
  messageId: z.string().max(200).optional(),
};

/** What page and screen calls carry. */
const viewed = { name: z.string().max(200).optional(), category: z.string().max(200).optional(), properties: object.optional() };

const messages = {
  identify: z.object({ ...common, type: z.literal('identify').optional(), traits: object.optional() }),
  track: z.object({
    ...common, type: z.literal('track').optional(),
    event: z.string({ error: 'must name the event' }).trim().min(1, 'must name the event').max(200),
    properties: object.optional(),
  }),
  page: z.object({ ...common, ...viewed, type: z.literal('page').optional() }),
  screen: z.object({ ...common, ...viewed, type: z.literal('screen').optional() }),
  group: z.object({ ...common, type: z.literal('group').optional(), groupId: id, traits: object.optional() }),
  alias: z.object({ ...common, type: z.literal('alias').optional(), previousId: id, userId: id }),
};

export type SegmentKind = keyof typeof messages;
/** A parsed message, with its place in the request (for naming a bad field). */
type Message = { [K in SegmentKind]: z.output<(typeof messages)[K]> & { kind: K; position: number } }[SegmentKind];

const batchBody = z.object({
  batch: z.array(z.unknown(), { error: 'must be an array of messages' }).min(1, 'must hold at least one message')
    .max(MAX_BATCH, `must hold at most ${MAX_BATCH} messages`),
  context: object.optional(),
});

/** Trait names (Segment's camelCase and snake_case) that are contact fields rather than custom ones. */
const TRAIT_FIELDS: Record<string, string> = {
  email: 'email', phone: 'phone', firstName: 'first_name', first_name: 'first_name', lastName: 'last_name', last_name: 'last_name',
};
/** Traits that name the message, not the person. */
const IGNORED_TRAITS = new Set(['id', 'userId', 'anonymousId']);

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invalid(problems: FieldProblem[]): HttpError {
  const summary = problems.slice(0, 5).map((p) => `${p.field}: ${p.message}`).join('; ');
  return new HttpError(400, 'invalid_request', `invalid message, nothing was recorded: ${summary}`, problems);
}

function parseMessage(kind: SegmentKind, raw: unknown, position: number, prefix: string, problems: FieldProblem[]): Message | null {
  const parsed = messages[kind].safeParse(raw ?? {});
  if (!parsed.success) {
    problems.push(...fieldProblems(parsed.error, prefix));
    return null;
  }
  if (parsed.data.userId == null && parsed.data.anonymousId == null) {
    problems.push({ field: `${prefix ? `${prefix}.` : ''}userId`, message: 'give a userId or an anonymousId' });
    return null;
  }
  return { ...parsed.data, kind, position } as Message;
}

/** The messages of one request: a single one of `kind`, or each item of a batch by its `type`. */
function parseRequest(kind: SegmentKind | 'batch', body: unknown): Message[] {
  const problems: FieldProblem[] = [];
  if (kind !== 'batch') {
    const message = parseMessage(kind, body, 0, '', problems);
    if (!message) throw invalid(problems);
    return [message];
  }
  const outer = batchBody.safeParse(body ?? {});
  if (!outer.success) throw invalid(fieldProblems(outer.error, ''));
  const parsed = outer.data.batch.map((item, index) => {
    const type = (item as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !Object.hasOwn(messages, type)) {
      problems.push({ field: `batch.${index}.type`, message: 'must be identify, track, page, screen, group or alias' });
      return null;
    }
    const message = parseMessage(type as SegmentKind, item, index, `batch.${index}`, problems);
    return message && outer.data.context ? { ...message, context: { ...outer.data.context, ...message.context } } : message;
  });
  if (problems.length > 0) throw invalid(problems);
  return parsed as Message[];
}

/** The person's traits (a group's traits describe the group, not the person). */
function traitsOf(m: Message): Record<string, unknown> {
  const fromContext = (m.context?.traits ?? {}) as Record<string, unknown>;
  return m.kind === 'identify' ? { ...fromContext, ...m.traits } : fromContext;
}

/** The contact fields of a message: standard ones from the traits, the rest as custom fields. */
function contactFields(m: Message): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(traitsOf(m))) {
    if (IGNORED_TRAITS.has(key) || value === undefined) continue;
    if (TRAIT_FIELDS[key] && (typeof value === 'string' || value === null)) fields[TRAIT_FIELDS[key]] = value;
    else custom[key] = value;
  }
  if (typeof m.context?.timezone === 'string') fields.timezone = m.context.timezone;
  if (typeof m.context?.locale === 'string') fields.locale = m.context.locale;
  if (fields.email === undefined && typeof m.userId === 'string' && EMAIL_LIKE.test(m.userId)) fields.email = m.userId;
  return Object.keys(custom).length > 0 ? { ...fields, fields: custom } : fields;
}

function eventOf(m: Message): { type: string; data: Record<string, unknown> } {
  switch (m.kind) {
    case 'identify': return { type: 'identify', data: { traits: m.traits ?? {} } };
    case 'group': return { type: 'group', data: { groupId: m.groupId, traits: m.traits ?? {} } };
    case 'alias': throw new Error('an alias records no event');
    case 'track': return { type: m.event, data: m.properties ?? {} };
    case 'page':
    case 'screen': {
      const named = { ...(m.name !== undefined ? { name: m.name } : {}), ...(m.category !== undefined ? { category: m.category } : {}) };
      return { type: m.kind === 'page' ? 'page.viewed' : 'screen.viewed', data: { ...named, ...m.properties } };
    }
  }
}

function aliasesOf(m: Message): Array<{ kind: ContactAliasKind; value: string }> {
  return [
    ...(m.userId != null ? [{ kind: 'userId' as const, value: m.userId }] : []),
    ...(m.anonymousId != null ? [{ kind: 'anonymousId' as const, value: m.anonymousId }] : []),
  ];
}

/** The messageIds a runtime recorded lately, oldest first: a retried delivery is skipped (best
 *  effort, per process — a lost one costs a duplicate event, not data). */
const RECENT_LIMIT = 50_000;
const recentByRuntime = new WeakMap<Runtime, Set<string>>();

function recentMessageIds(runtime: Runtime): Set<string> {
  let recent = recentByRuntime.get(runtime);
  if (!recent) recentByRuntime.set(runtime, (recent = new Set()));
  return recent;
}

function remember(recent: Set<string>, messageId: string): void {
  recent.add(messageId);
  if (recent.size > RECENT_LIMIT) recent.delete(recent.values().next().value!);
}

/** Records the messages of one Segment request, all or nothing; returns how many were recorded. */
export async function ingestSegment(runtime: Runtime, kind: SegmentKind | 'batch', body: unknown): Promise<number> {
  const recent = recentMessageIds(runtime);
  const fresh = parseRequest(kind, body).filter((m) => m.messageId === undefined || !recent.has(m.messageId));
  const items: Array<{ message: Message; event: Record<string, unknown> }> = [];
  // `alias` ties a new userId to the contact of a previous id; linked after the events are recorded,
  // and seen at once by the later messages of this request.
  const aliased = new Map<string, string>();
  const contactIdOf = async (ids: Array<{ kind: ContactAliasKind; value: string }>) => {
    for (const { kind, value } of ids) {
      const contactId = (kind === 'userId' ? aliased.get(value) : undefined) ?? await runtime.store.contactAliases.find(kind, value);
      if (contactId) return contactId;
    }
    return null;
  };
  for (const message of fresh) {
    if (message.kind === 'alias') {
      const previous = await contactIdOf([{ kind: 'userId', value: message.previousId }, { kind: 'anonymousId', value: message.previousId }]);
      if (previous) aliased.set(message.userId, previous);
      continue;
    }
    const fields = contactFields(message);
    let contact: Record<string, unknown> | null = null;
    if (typeof fields.email === 'string' || typeof fields.phone === 'string') contact = fields;
    else {
      const contactId = await contactIdOf(aliasesOf(message));
      if (contactId) contact = { ...fields, id: contactId };
    }
    if (!contact) continue;
    const { type, data } = eventOf(message);
    items.push({ message, event: { type, contact, data, ...(message.timestamp ? { at: message.timestamp } : {}) } });
  }
  let contactIds: string[] = [];
  try {
    if (items.length > 0) ({ contactIds } = await ingestEvents(runtime, { batch: items.map((i) => i.event) }));
  } catch (error) {
    throw error instanceof HttpError && error.status === 400 ? inSegmentTerms(error, items.map((i) => i.message), kind) : error;
  }
  for (const [userId, contactId] of aliased) await runtime.store.contactAliases.link(contactId, [{ kind: 'userId', value: userId }]);
  for (const [index, { message }] of items.entries()) {
    const aliases = aliasesOf(message);
    if (aliases.length > 0) await runtime.store.contactAliases.link(contactIds[index]!, aliases);
    if (message.messageId !== undefined) remember(recent, message.messageId);
  }
  for (const message of fresh) if (message.kind === 'alias' && message.messageId !== undefined) remember(recent, message.messageId);
  return items.length;
}

/** An ingestion refusal named by the message's own fields: `traits.email`, `batch.3.traits.phone`. */
function inSegmentTerms(error: HttpError, sent: Message[], kind: SegmentKind | 'batch'): HttpError {
  const problems = (error.details as Array<FieldProblem & { index?: number }>).map((p) => {
    const message = sent[p.index ?? 0];
    const where = kind === 'batch' && message ? `batch.${message.position}.` : '';
    const field = p.field.replace(/^contact\.(first_name|last_name|email|phone)$/, 'traits.$1').replace(/^contact(\.|$)/, 'traits$1').replace(/^at$/, 'timestamp');
    return { field: `${where}${field}`, message: p.message };
  });
  return invalid(problems);
}
