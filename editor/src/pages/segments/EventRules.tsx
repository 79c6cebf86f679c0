// The event rules of a segment, one row each: "[did | did not] do [event] [any number of times |
// at least | at most | exactly n times] [in the last N days]". A marketer never types JSON here.
import { Plus, Trash2 } from 'lucide-react';
import type { EventRule } from '../../api/segments.js';
import { newEventRule } from './segment-rules.js';

const COUNT_OPS = { gte: 'at least', lte: 'at most', eq: 'exactly' } as const;
type CountOp = keyof typeof COUNT_OPS;

const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : undefined);

export function EventRules(props: { rules: EventRule[]; match: 'all' | 'any'; errors: Record<number, string[]>; onChange(rules: EventRule[]): void }) {
  const { rules } = props;
  const replace = (i: number, rule: EventRule) => props.onChange(rules.map((r, j) => (j === i ? rule : r)));
  return (
    <div className="event-rules" data-testid="event-rules">
      {rules.length > 0 && (
        <ol className="rule-list">
          {rules.map((rule, i) => (
            <li key={i}>
              {i > 0 && <span className="rule-joiner">{props.match === 'all' ? 'and' : 'or'}</span>}
              <EventRuleRow rule={rule} index={i} errors={props.errors[i] ?? []}
                onChange={(r) => replace(i, r)} onRemove={() => props.onChange(rules.filter((_, j) => j !== i))} />
            </li>
          ))}
        </ol>
      )}
      <div className="rule-group-actions">
        <button type="button" className="btn small" data-testid="add-event-rule" onClick={() => props.onChange([...rules, newEventRule()])}>
          <Plus size={14} aria-hidden="true" /> Add event rule
        </button>
      </div>
    </div>
  );
}

function EventRuleRow(props: { rule: EventRule; index: number; errors: string[]; onChange(rule: EventRule): void; onRemove(): void }) {
  const { rule, index } = props;
  const id = (what: string) => `event-rule-${index}-${what}`;
  const setCount = (op: CountOp | '', value = rule.count?.value ?? 1) => {
    const { count: _count, ...rest } = rule;
    props.onChange(op ? { ...rest, count: { op, value } } : rest);
  };
  const setDays = (text: string) => {
    const { withinDays: _days, ...rest } = rule;
    const days = whole(text);
    props.onChange(days ? { ...rest, withinDays: days } : rest);
  };
  return (
    <div className="rule event-rule">
      <div className="event-rule-row">
        <select className="select" aria-label="Did or did not" data-testid={id('op')} value={rule.op}
          onChange={(e) => props.onChange({ ...rule, op: e.target.value === 'did_not' ? 'did_not' : 'did' })}>
          <option value="did">Did</option>
          <option value="did_not">Did not</option>
        </select>
        <input className={`input mono${props.errors.length ? ' invalid' : ''}`} aria-label="Event" placeholder="order.completed"
          data-testid={id('event')} value={rule.event} onChange={(e) => props.onChange({ ...rule, event: e.target.value })} />
        <select className="select" aria-label="How often" data-testid={id('count-op')} value={rule.count?.op ?? ''}
          onChange={(e) => setCount(e.target.value as CountOp | '')}>
          <option value="">any number of times</option>
          {Object.entries(COUNT_OPS).map(([op, label]) => <option key={op} value={op}>{label}</option>)}
        </select>
        {rule.count && (
          <span className="event-rule-inline">
            <input className="input event-rule-number" type="number" min={0} aria-label="Times" data-testid={id('count')}
              value={rule.count.value} onChange={(e) => setCount(rule.count!.op, whole(e.target.value) ?? 0)} />
            <span className="muted">times</span>
          </span>
        )}
        <span className="event-rule-inline">
          <span className="muted">in the last</span>
          <input className="input event-rule-number" type="number" min={1} aria-label="Days" placeholder="any"
            data-testid={id('days')} value={rule.withinDays ?? ''} onChange={(e) => setDays(e.target.value)} />
          <span className="muted">days</span>
        </span>
        <button type="button" className="btn ghost icon small rule-remove" aria-label="Remove event rule" data-testid={id('remove')} onClick={props.onRemove}>
          <Trash2 size={14} aria-hidden="true" />
        </button>
      </div>
      {props.errors.map((m) => <div key={m} className="field-error">{m}</div>)}
    </div>
  );
}
