// /api/scoring-rules: lead-scoring rules `{ id, name, event, filter?, points, active }`. A rule adds
// its points to a contact's score on every event of its type that matches its filter (scoring.ts).
import { rulesSchema } from '@tern/shared';
import { z } from 'zod';
import { newId } from '../db/ids.js';
import type { PageRequest, ScoringRuleRecord, Store } from '../db/store.js';
import { isoTime } from '../engine/iso-time.js';
import { notFound } from '../http/errors.js';
import { parseBody } from '../http/validate.js';
import type { Clock } from '../runtime.js';
import { SCORE_CHANGED } from './scoring.js';

const ruleBody = z.object({
  name: z.string({ error: 'must name the rule' }).trim().min(1, 'must name the rule').max(200),
  event: z.string({ error: 'must name the event type, e.g. page.viewed' }).trim().min(1, 'must name the event type, e.g. page.viewed').max(200)
    .refine((e) => e !== SCORE_CHANGED, 'score.changed is recorded by scoring itself and cannot be scored'),
  filter: rulesSchema.nullish(),
  points: z.number({ error: 'must be a whole number of points' }).int('must be a whole number')
    .refine((n) => n !== 0, 'must add or subtract at least one point'),
  active: z.boolean({ error: 'must be true or false' }).default(true),
}).strict();

export function scoringRuleView(r: ScoringRuleRecord) {
  return {
    id: r.id, name: r.name, event: r.event, ...(r.filter ? { filter: r.filter } : {}), points: r.points, active: r.active,
    createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}

export class ScoringRules {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  async list(page: PageRequest) {
    const result = await this.store.scoringRules.list(page);
    return { ...result, items: result.items.map(scoringRuleView) };
  }

  async get(id: string) {
    return scoringRuleView(await this.record(id));
  }

  async create(body: unknown) {
    const input = parseBody(ruleBody, body);
    const now = isoTime(this.clock.now());
    const rule: ScoringRuleRecord = { id: newId(), ...input, filter: input.filter ?? null, createdAt: now, updatedAt: now };
    await this.store.scoringRules.create(rule);
    return scoringRuleView(rule);
  }

  /** PUT replaces the rule (a filter left out is removed). */
  async replace(id: string, body: unknown) {
    const input = parseBody(ruleBody, body);
    const current = await this.record(id);
    const rule: ScoringRuleRecord = { ...current, ...input, filter: input.filter ?? null, updatedAt: isoTime(this.clock.now()) };
    if (!(await this.store.scoringRules.update(rule))) throw notFound('scoring rule');
    return scoringRuleView(rule);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.scoringRules.delete(id))) throw notFound('scoring rule');
  }

  private async record(id: string): Promise<ScoringRuleRecord> {
    const rule = await this.store.scoringRules.get(id);
    if (!rule) throw notFound('scoring rule');
    return rule;
  }
}

