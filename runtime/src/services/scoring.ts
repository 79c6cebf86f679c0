// Lead scoring by rules: every ingested event of a rule's type (and matching its filter) adds the
// rule's points to its contact's score, in the same transaction as the event. Rules see what
// trigger.event filters see: `{ event: { type, data, at }, contact }`.
//
// `score.changed` events are never scored: they are what scoring itself records, and a rule on
// them could feed itself forever.
import { evaluateRules } from '@tern/shared';
import type { ContactRecord, EventRecord, ScoreChange, ScoringRuleRecord } from '../db/store.js';
import { contactContext } from './contacts-view.js';

export const SCORE_CHANGED = 'score.changed';

/** Adds the points of every matching rule to the contacts (in `contacts`, by id) of `events`. */
export function applyScoringRules(
  rules: ScoringRuleRecord[],
  events: EventRecord[],
  contacts: ReadonlyMap<string, ContactRecord>,
  onFilterError: (rule: ScoringRuleRecord, error: unknown) => void,
): void {
  if (rules.length === 0) return;
  for (const event of events) {
    if (event.type === SCORE_CHANGED) continue;
    const contact = contacts.get(event.contactId);
    if (!contact) continue;
    for (const rule of rules) {
      if (rule.event !== event.type || !ruleMatches(rule, event, contact, onFilterError)) continue;
      contact.score += rule.points;
    }
  }
}

function ruleMatches(rule: ScoringRuleRecord, event: EventRecord, contact: ContactRecord, onError: (rule: ScoringRuleRecord, error: unknown) => void): boolean {
  if (!rule.filter) return true;
  try {
    return evaluateRules(rule.filter, { event: { type: event.type, data: event.data, at: event.at }, contact: contactContext(contact) });
  } catch (error) {
    // A filter that cannot be evaluated (a bad operator for the value) does not match.
    onError(rule, error);
    return false;
  }
}

/** The `score.changed` event recording a change, as `ingestEvents` takes it. */
export function scoreChangedEvent(change: ScoreChange, reason?: string) {
  return {
    type: SCORE_CHANGED,
    contact: { id: change.contactId },
    data: { from: change.from, to: change.to, delta: change.to - change.from, ...(reason ? { reason } : {}) },
  };
}
