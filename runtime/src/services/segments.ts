// Segments through the API: saved rules over contacts and their events, with a live count
// preview for the editor. Saving checks every rule first (an unknown field or operator is a 400
// naming the rule's path, e.g. `rules.rules[1].field`) and writes nothing unless all are good.
// Saving sets the members to the contacts that match now, without segment events: a contact who
// already matched did not just enter. From then on every change is announced (segment-membership.ts).
import { z } from 'zod';
import { newId } from '../db/ids.js';
import { resolveSegmentRules, type SegmentRules } from '../db/segment-rules.js';
import type { PageRequest, SegmentRecord, SegmentWithCount } from '../db/store.js';
import { isoTime } from '../engine/iso-time.js';
import { HttpError, notFound } from '../http/errors.js';
import { type FieldProblem, fieldProblems } from '../http/validate.js';
import type { Runtime } from '../runtime.js';
import { contactView } from './contacts-view.js';
import { segmentClock } from './segment-membership.js';

const PREVIEW_SAMPLE = 10;

const segmentBody = z.object({
  name: z.string({ error: 'must name the segment' }).trim().min(1, 'must name the segment').max(200),
  description: z.string().trim().max(2000).nullish(),
  // Checked by resolveSegmentRules, which names each rule's problems.
  rules: z.unknown().optional(),
}).strict();

const previewBody = z.object({ rules: z.unknown().optional() }).strict();

/** A segment as the API shows it. */
export function segmentView(s: SegmentWithCount) {
  return {
    id: s.id, name: s.name, ...(s.description !== null ? { description: s.description } : {}), rules: s.rules, count: s.count,
    createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}

function invalid(problems: FieldProblem[]): HttpError {
  const summary = problems.slice(0, 5).map((p) => `${p.field}: ${p.message}`).join('; ');
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return new HttpError(400, 'invalid_request', `invalid segment, nothing was saved: ${summary}${more}`, problems);
}

/** The body with its rules checked: every problem of the body in one 400. */
function parseWithRules<S extends z.ZodType>(schema: S, input: unknown): { body: z.output<S>; rules: SegmentRules } {
  const parsed = schema.safeParse(input ?? {});
  const problems = parsed.success ? [] : fieldProblems(parsed.error, '');
  const raw = typeof input === 'object' && input !== null ? (input as { rules?: unknown }).rules : undefined;
  const checked = raw === undefined ? null : resolveSegmentRules(raw, 'rules');
  if (!checked) problems.push({ field: 'rules', message: 'give the rules: { "match": "all" | "any", "rules": [ … ] }' });
  else if ('problems' in checked) problems.push(...checked.problems);
  if (!parsed.success || !checked || 'problems' in checked) throw invalid(problems);
  return { body: parsed.data, rules: checked.rules };
}

const nameTaken = (name: string) =>
  new HttpError(409, 'segment_exists', `a segment named "${name}" exists already`, [{ field: 'name', message: 'is the name of another segment' }]);

export class Segments {
  constructor(private readonly runtime: Runtime) {}

  async list(page: PageRequest) {
    const result = await this.runtime.store.segments.list(page);
    return { ...result, items: result.items.map(segmentView) };
  }

  async get(id: string) {
    return segmentView(await this.record(id));
  }

  async create(input: unknown) {
    const { body, rules } = parseWithRules(segmentBody, input);
    const now = isoTime(this.runtime.clock.now());
    const record: SegmentRecord = { id: newId(), name: body.name, description: body.description ?? null, rules, createdAt: now, updatedAt: now };
    const result = await this.runtime.store.segments.create(record, segmentClock(this.runtime));
    if (!result.ok) throw nameTaken(record.name);
    return this.get(record.id);
  }

  async update(id: string, input: unknown) {
    const { body, rules } = parseWithRules(segmentBody, input);
    const current = await this.record(id);
    const record: SegmentRecord = {
      ...current, name: body.name, description: body.description ?? null, rules, updatedAt: isoTime(this.runtime.clock.now()),
    };
    const result = await this.runtime.store.segments.update(record, segmentClock(this.runtime));
    if (!result) throw notFound('segment');
    if (!result.ok) throw nameTaken(record.name);
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.runtime.store.segments.delete(id))) throw notFound('segment');
  }

  /** The editor's live preview: how many contacts the rules hold now, and a few of them. */
  async preview(input: unknown) {
    const { rules } = parseWithRules(previewBody, input);
    const { count, sample } = await this.runtime.store.segments.preview(rules, PREVIEW_SAMPLE, segmentClock(this.runtime));
    return { count, sample: sample.map(contactView) };
  }

  async contacts(id: string, page: PageRequest) {
    await this.record(id);
    const result = await this.runtime.store.contacts.list({ segment: id }, page);
    return { ...result, items: result.items.map(contactView) };
  }

  private async record(id: string): Promise<SegmentWithCount> {
    const record = await this.runtime.store.segments.get(id);
    if (!record) throw notFound('segment');
    return record;
  }
}
