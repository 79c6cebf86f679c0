// Scoring rule rows as both stores read and write them.
import type { Rules } from '@tern/shared';
import type { ScoringRuleRecord } from '../store.js';
import { fromJsonOrNull, toJsonOrNull } from './json.js';

export interface RuleRow {
  id: string;
  name: string;
  event: string;
  filter: string | null;
  points: number;
  /** 1/0 in SQLite, a boolean in PostgreSQL. */
  active: number | boolean;
  created_at: string;
  updated_at: string;
}

export const toRule = (r: RuleRow): ScoringRuleRecord => ({
  id: r.id, name: r.name, event: r.event, filter: fromJsonOrNull<Rules>(r.filter), points: r.points, active: r.active === 1 || r.active === true,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export const ruleValues = (r: ScoringRuleRecord) => ({
  id: r.id, name: r.name, event: r.event, filter: toJsonOrNull(r.filter), points: r.points, active: r.active ? 1 : 0,
  created_at: r.createdAt, updated_at: r.updatedAt,
});
