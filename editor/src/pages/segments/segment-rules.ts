// A segment's rules as the editor splits them: the field rules (and groups of them) that the
// inspector's rules builder edits, and the event rules ("did / did not do X") edited beside them,
// both under the segment's one all/any. Field rules come first when saved, so the server's
// `rules.<i>` paths point into the builder unchanged.
import type { Rule, Rules } from '@tern/shared';
import { type EventRule, isEventRule, type SegmentRules } from '../../api/segments.js';
import type { FieldSuggestion } from '../../inspector/completions.js';
import { CONTACT_FIELDS } from '../../inspector/completions.js';

export interface SplitRules {
  fields: Rules;
  events: EventRule[];
}

export function splitRules(rules: SegmentRules): SplitRules {
  const fields = rules.rules.filter((r): r is Rule | Rules => !isEventRule(r)) as Rules['rules'];
  return { fields: { match: rules.match, rules: fields }, events: rules.rules.filter(isEventRule) };
}

export const joinRules = ({ fields, events }: SplitRules): SegmentRules => ({ match: fields.match, rules: [...fields.rules, ...events] });

export const newEventRule = (): EventRule => ({ event: '', op: 'did' });

/** What the field input offers: the contact's fields, consent per channel included. */
export const SEGMENT_FIELDS: FieldSuggestion[] = [
  ...CONTACT_FIELDS.filter((f) => f.path !== 'contact.id' && f.path !== 'contact.fields'),
  { path: 'contact.locale', detail: 'contact · text' },
  { path: 'contact.consent.email.status', detail: 'contact · subscribed, unsubscribed or unknown' },
  { path: 'contact.consent.sms.status', detail: 'contact · subscribed, unsubscribed or unknown' },
  { path: 'contact.created_at', detail: 'contact · date' },
];

/** Whether the rules are complete enough to count (an empty field or event name cannot be). */
export function countable(rules: SegmentRules): boolean {
  return rules.rules.every((r) => (isEventRule(r) ? r.event.trim() !== '' : 'rules' in r ? countable(r as SegmentRules) : (r as Rule).field.trim() !== ''));
}

/** Whether an event rule sits inside a nested group: the rules builder shows field rules only, so
 *  such rules (written through the API) are shown as they are rather than edited. */
export function nestsEventRules(rules: SegmentRules): boolean {
  return rules.rules.some((r) => !isEventRule(r) && 'rules' in r && containsEventRule(r as SegmentRules));
}

const containsEventRule = (group: SegmentRules): boolean =>
  group.rules.some((r) => isEventRule(r) || ('rules' in r && containsEventRule(r as SegmentRules)));
