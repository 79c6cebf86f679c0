// Journey rules without storage: which re-entry rule a start is held to, and the exits that need
// nothing but the contact as the runner reads it (unsubscribed, left a segment).
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { compileTest, newState } from '../../test/engine-fixtures.js';
import type { Store } from '../db/store.js';
import { checkExit, entryRuleOf, exitRulesOf } from './journey-rules.js';

const journey = (settings: Record<string, unknown>) => compileTest({
  name: 'j', nodes: [{ id: 'start', type: 'test.start', version: 1, params: {} }], edges: [], settings: { timezone: 'UTC', ...settings },
});

describe('entryRuleOf', () => {
  it('holds event starts to `once` and schedule starts to `once_at_a_time` unless set; never a start by hand', () => {
    expect(entryRuleOf(journey({}), 'event', 'c1')).toBe('once');
    expect(entryRuleOf(journey({}), 'schedule', 'c1')).toBe('once_at_a_time');
    expect(entryRuleOf(journey({ reentry: 'once' }), 'schedule', 'c1')).toBe('once');
    expect(entryRuleOf(journey({ reentry: 'always' }), 'event', 'c1')).toBeUndefined();
    expect(entryRuleOf(journey({}), 'manual', 'c1')).toBeUndefined();
    expect(entryRuleOf(journey({}), 'event', null)).toBeUndefined();
  });
});

describe('checkExit', () => {
  const log = pino({ level: 'silent' });
  // Neither exit reads the store: the contact comes from the runner.
  const check = (contact: Record<string, unknown>) => ({ store: {} as Store, log, contact: async () => contact, data: () => ({}) as never });
  const run = () => {
    const state = newState();
    state.execution.contactId = 'c1';
    return state;
  };

  it('has no rules to check for a journey without exit settings', () => {
    expect(exitRulesOf(journey({}))).toBeNull();
    expect(exitRulesOf(journey({ exit: { onGoal: true } }))).toBeNull(); // no goal with a filter
  });

  it('lets a contact who unsubscribed from email leave, and keeps one who did so from SMS only', async () => {
    const rules = exitRulesOf(journey({ exit: { onUnsubscribe: true } }))!;
    const gone = await checkExit(check({ id: 'c1', consent: { email: { status: 'unsubscribed' } } }), rules, run());
    expect(gone.exit).toEqual({ reason: 'left the journey: the contact unsubscribed from email' });
    const stays = await checkExit(check({ id: 'c1', consent: { sms: { status: 'unsubscribed' } } }), rules, run());
    expect(stays.exit).toBeNull();
  });

  it('lets a contact leave once they are no longer in the segment, named by id or name', async () => {
    const byName = exitRulesOf(journey({ exit: { segment: 'Trial users' } }))!;
    const inside = { id: 'c1', segments: [{ id: 'seg-1', name: 'Trial users' }] };
    expect((await checkExit(check(inside), byName, run())).exit).toBeNull();
    expect((await checkExit(check(inside), exitRulesOf(journey({ exit: { segment: 'seg-1' } }))!, run())).exit).toBeNull();
    expect((await checkExit(check({ id: 'c1', segments: [] }), byName, run())).exit)
      .toEqual({ reason: 'left the journey: the contact left the segment Trial users' });
  });
});
