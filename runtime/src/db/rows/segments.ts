// Segment rows as both stores read and write them, and the stored rules resolved for a compiler.
import { dependsOnTime, resolveSegmentRules, type ResolvedGroup, type SegmentRules } from '../segment-rules.js';
import type { SegmentRecord, SegmentWithCount } from '../store.js';

export interface SegmentRow {
  id: string;
  name: string;
  description: string | null;
  rules: string;
  /** 1/0 in SQLite, a boolean in PostgreSQL. */
  time_based: number | boolean;
  created_at: string;
  updated_at: string;
  count: number;
}

export const toSegment = (r: SegmentRow): SegmentWithCount => ({
  id: r.id, name: r.name, description: r.description, rules: JSON.parse(r.rules) as SegmentRules,
  createdAt: r.created_at, updatedAt: r.updated_at, count: r.count,
});

/** Rules were checked when saved; a stored one that no longer resolves is a bug worth a loud error. */
export function resolved(rules: SegmentRules): ResolvedGroup {
  const result = resolveSegmentRules(rules);
  if ('problems' in result) throw new Error(`a stored segment's rules do not resolve: ${result.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  return result.resolved;
}

/** A segment as its row's values, keyed by column (in the order of the table's columns). */
export const segmentValues = (r: SegmentRecord) => ({
  id: r.id, name: r.name, description: r.description, rules: JSON.stringify(r.rules),
  time_based: dependsOnTime(resolved(r.rules)) ? 1 : 0, created_at: r.createdAt, updated_at: r.updatedAt,
});
