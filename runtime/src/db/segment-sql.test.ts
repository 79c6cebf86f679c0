// The SQL text of a compiled segment holds none of the rule's values, in either store's compiler:
// every value, JSON path and event type is a bound parameter, whatever it contains.
import { ruleOperators } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { compileSegment as compilePostgres } from './postgres/segment-sql.js';
import { resolveSegmentRules } from './segment-rules.js';
import { compileSegment as compileSqlite } from './sqlite/segment-sql.js';

const HOSTILE = `x'"); DROP TABLE contacts; --`;

describe.each([['SQLite', compileSqlite], ['PostgreSQL', compilePostgres]])('compileSegment on %s', (_, compileSegment) => {
  it('binds every value, path and event type, for every operator', () => {
    const ops = ruleOperators.filter((op) => !op.endsWith('_segment'));
    const valueFor = (op: string) => (['gt', 'gte', 'lt', 'lte'].includes(op) ? 7 : op === 'before' || op === 'after' ? '2026-01-01' : HOSTILE);
    const rules = [
      ...ops.map((op) => ({ field: op.endsWith('_tag') ? 'contact.tags' : `contact.fields.x');DROP TABLE events;--`, op, value: valueFor(op) })),
      { event: HOSTILE, op: 'did', withinDays: 3, count: { op: 'eq', value: 2 }, filter: { match: 'all', rules: [{ field: `data.${HOSTILE.replace(/"/g, '')}`, op: 'eq', value: HOSTILE }] } },
    ];
    const checked = resolveSegmentRules({ match: 'any', rules });
    if ('problems' in checked) throw new Error(JSON.stringify(checked.problems));
    const { text, params } = compileSegment(checked.resolved, { now: new Date('2026-01-05T09:00:00Z') });
    expect(text).not.toContain('DROP');
    expect(text).not.toContain(HOSTILE);
    expect(params).toContain(HOSTILE);
    // A JSON path is one text (SQLite) or a list of keys (PostgreSQL).
    expect(params.flat().some((p) => typeof p === 'string' && p.includes('DROP TABLE events'))).toBe(true);
    expect(text.split('?').length - 1).toBe(params.length);
  });
});
