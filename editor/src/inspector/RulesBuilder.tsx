// The rules builder: "Match [all|any] of these rules", then rows of field (with autocomplete of
// the context fields), operator (in words) and value, plus nested groups with their own all/any.
// Values that look like numbers are stored as numbers where the operator compares them, so
// "is greater than 50" means 50. A marketer never types JSON here.
import { type Rule, type RuleOperator, ruleOperators, type Rules } from '@tern/shared';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Autocomplete } from './Autocomplete.js';
import { ChipsInput } from './ChipsInput.js';
import { type FieldSuggestion, insertPath, wholeRange } from './completions.js';
import type { PlacedError } from './errors.js';
import { useFormState } from './form-context.js';
import {
  asGroup, coerceValue, isGroupValue, isOperator, newGroup, newRule, opLabels, valueKind, valuePlaceholder, withOperator,
} from './rule-ops.js';
import { joinPath } from './schema.js';
import { TemplateInput } from './TemplateInput.js';
import { numberOrText, useDraft } from './useDraft.js';

export interface RulesBuilderProps {
  value: unknown;
  onChange(rules: Rules): void;
  /** Context fields for the field inputs; defaults to the form's. */
  fields?: FieldSuggestion[];
  /** Errors at or below `path`, e.g. `rules.0.value` for the first rule's value. */
  errors?: PlacedError[];
  /** Where this value sits in the form, so errors find their rows. */
  path?: string;
}

interface Shared {
  fields: FieldSuggestion[];
  errors: PlacedError[];
}

export function RulesBuilder(props: RulesBuilderProps) {
  const form = useFormState();
  const shared: Shared = { fields: props.fields ?? form.fields, errors: props.errors ?? [] };
  return (
    <div className="rules-builder" data-testid="rules-builder">
      <RuleGroup group={asGroup(props.value)} onChange={props.onChange} index="" path={props.path ?? ''} shared={shared} />
    </div>
  );
}

/** `rule-0`, `rule-0.1`: where a rule sits, as the test ids name it. */
const childIndex = (index: string, i: number) => (index ? `${index}.${i}` : String(i));
const testId = (index: string, what: string, top: string) => (index ? `rule-${index}-${what}` : top);

function messagesAt(errors: PlacedError[], path: string, exact: boolean): string[] {
  return errors
    .filter((e) => (exact ? e.path === path || e.path === joinPath(path, 'match') || e.path === joinPath(path, 'rules') : e.path === path || e.path.startsWith(`${path}.`)))
    .map((e) => {
      const sub = e.path === path ? '' : e.path.slice(path.length + 1);
      const what = sub === 'field' ? 'Field' : sub === 'op' ? 'Operator' : sub.startsWith('value') ? 'Value' : sub;
      return what ? `${what}: ${e.message}` : e.message;
    });
}

function RuleGroup(props: { group: Rules; onChange(group: Rules): void; onRemove?(): void; index: string; path: string; shared: Shared }) {
  const { group, index } = props;
  const nested = index !== '';
  const set = (rules: Rules['rules']) => props.onChange({ ...group, rules });
  const replace = (i: number, rule: Rule | Rules) => set(group.rules.map((r, j) => (j === i ? rule : r)));
  const remove = (i: number) => set(group.rules.filter((_, j) => j !== i));
  const errors = messagesAt(props.shared.errors, props.path, true);

  return (
    <div className={`rule-group${nested ? ' nested' : ''}`} role="group" aria-label={nested ? 'Group of rules' : 'Rules'}>
      <div className="rule-group-head">
        <span>Match</span>
        <select
          className="select rule-match"
          aria-label={nested ? 'Match in this group' : 'Match'}
          data-testid={testId(index, 'match', 'rules-match')}
          value={group.match}
          onChange={(e) => props.onChange({ ...group, match: e.target.value === 'any' ? 'any' : 'all' })}
        >
          <option value="all">all</option>
          <option value="any">any</option>
        </select>
        <span>of these rules</span>
        {props.onRemove && (
          <button type="button" className="btn ghost icon small rule-remove" aria-label="Remove group" data-testid={`rule-${index}-remove`} onClick={props.onRemove}>
            <Trash2 size={14} aria-hidden="true" />
          </button>
        )}
      </div>
      {errors.map((m) => <div key={m} className="field-error">{m}</div>)}
      {group.rules.length === 0 ? (
        <p className="hint rule-empty">No rules yet. Add a rule to test a field, such as the score a form sent.</p>
      ) : (
        <ol className="rule-list">
          {group.rules.map((rule, i) => {
            const child = childIndex(index, i);
            const path = joinPath(props.path, 'rules', i);
            return (
              <li key={i}>
                {i > 0 && <span className="rule-joiner">{group.match === 'all' ? 'and' : 'or'}</span>}
                {isGroupValue(rule) ? (
                  <RuleGroup group={asGroup(rule)} onChange={(g) => replace(i, g)} onRemove={() => remove(i)} index={child} path={path} shared={props.shared} />
                ) : (
                  <RuleRow rule={rule} onChange={(r) => replace(i, r)} onRemove={() => remove(i)} index={child} path={path} shared={props.shared} />
                )}
              </li>
            );
          })}
        </ol>
      )}
      <div className="rule-group-actions">
        <button type="button" className="btn small" data-testid={testId(index, 'add-rule', 'rules-add-rule')} onClick={() => set([...group.rules, newRule()])}>
          <Plus size={14} aria-hidden="true" /> Add rule
        </button>
        <button type="button" className="btn small ghost" data-testid={testId(index, 'add-group', 'rules-add-group')} onClick={() => set([...group.rules, newGroup()])}>
          <Plus size={14} aria-hidden="true" /> Add group
        </button>
      </div>
    </div>
  );
}

function RuleRow(props: { rule: Rule; onChange(rule: Rule): void; onRemove(): void; index: string; path: string; shared: Shared }) {
  const { rule, index } = props;
  const [fieldTouched, setFieldTouched] = useState(false);
  const op: RuleOperator = isOperator(rule.op) ? rule.op : 'eq';
  const messages = messagesAt(props.shared.errors, props.path, false);
  const fieldMissing = fieldTouched && !rule.field.trim() && !messages.some((m) => m.startsWith('Field'));

  return (
    <div className="rule">
      <div className="rule-row">
        <div className="rule-field">
          <Autocomplete
            value={rule.field}
            onChange={(field) => props.onChange({ ...rule, field })}
            suggestions={props.shared.fields}
            rangeAt={wholeRange}
            insert={insertPath}
            openOnArrow
            placeholder="trigger.body.score"
            ariaLabel="Field"
            testId={`rule-${index}-field`}
            invalid={fieldMissing}
            onBlur={() => setFieldTouched(true)}
          />
        </div>
        <select
          className="select rule-op"
          aria-label="Operator"
          data-testid={`rule-${index}-op`}
          value={op}
          onChange={(e) => isOperator(e.target.value) && props.onChange(withOperator(rule, e.target.value))}
        >
          {ruleOperators.map((o) => <option key={o} value={o}>{opLabels[o]}</option>)}
        </select>
        <RuleValue rule={rule} op={op} onChange={props.onChange} index={index} fields={props.shared.fields} />
        <button type="button" className="btn ghost icon small rule-remove" aria-label="Remove rule" data-testid={`rule-${index}-remove`} onClick={props.onRemove}>
          <Trash2 size={14} aria-hidden="true" />
        </button>
      </div>
      {fieldMissing && <div className="field-error">Choose the field to test, e.g. trigger.body.score</div>}
      {messages.map((m) => <div key={m} className="field-error">{m}</div>)}
    </div>
  );
}

const formatValue = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function RuleValue(props: { rule: Rule; op: RuleOperator; onChange(rule: Rule): void; index: string; fields: FieldSuggestion[] }) {
  const { rule, op } = props;
  const kind = valueKind(op);
  const [text, setText] = useDraft(rule.value, formatValue, (t) => coerceValue(op, t));
  if (kind === 'none') return <span className="rule-value rule-value-none" aria-hidden="true" />;
  if (kind === 'list') {
    return (
      <div className="rule-value">
        <ChipsInput
          values={Array.isArray(rule.value) ? rule.value : rule.value === undefined || rule.value === '' ? [] : [rule.value]}
          onChange={(value) => props.onChange({ ...rule, value })}
          coerce={numberOrText}
          ariaLabel="Values"
          placeholder="Type a value, press Enter"
          testId={`rule-${props.index}-value`}
        />
      </div>
    );
  }
  return (
    <div className="rule-value">
      <TemplateInput
        value={text}
        onChange={(t) => {
          setText(t);
          props.onChange({ ...rule, value: coerceValue(op, t) });
        }}
        ariaLabel="Value"
        placeholder={valuePlaceholder(op)}
        testId={`rule-${props.index}-value`}
        fields={props.fields}
      />
    </div>
  );
}
