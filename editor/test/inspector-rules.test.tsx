import type { Rules } from '@tern/shared';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FieldSuggestion } from '../src/inspector/completions.js';
import { RulesBuilder } from '../src/inspector/RulesBuilder.js';

const fields: FieldSuggestion[] = [
  { path: 'trigger.body', detail: 'trigger · object' },
  { path: 'trigger.body.score', detail: 'trigger · number · 72' },
  { path: 'contact.email', detail: 'contact · text' },
];

function renderBuilder(initial: unknown = undefined) {
  let latest: Rules | undefined;
  function Harness() {
    const [value, setValue] = useState<unknown>(initial);
    return (
      <RulesBuilder
        value={value}
        fields={fields}
        onChange={(v) => {
          latest = v;
          setValue(v);
        }}
      />
    );
  }
  render(<Harness />);
  return { value: () => latest };
}

afterEach(cleanup);

describe('RulesBuilder', () => {
  it('builds nested all/any rules from clicks and typing, with numbers as numbers', async () => {
    const user = userEvent.setup();
    const rules = renderBuilder();
    expect(screen.getByText(/No rules yet/)).toBeTruthy();

    await user.selectOptions(screen.getByTestId('rules-match'), 'any');
    await user.click(screen.getByTestId('rules-add-rule'));
    await user.type(screen.getByTestId('rule-0-field'), 'trigger.body.score');
    await user.keyboard('{Escape}');
    const op = screen.getByTestId('rule-0-op');
    expect(within(op).getByRole('option', { name: 'is greater than' })).toBeTruthy();
    await user.selectOptions(op, 'is greater than');
    await user.type(screen.getByTestId('rule-0-value'), '50');

    await user.click(screen.getByTestId('rules-add-group'));
    // A new group starts with one empty rule, matching all.
    await user.type(screen.getByTestId('rule-1.0-field'), 'contact.email');
    await user.keyboard('{Escape}');
    await user.selectOptions(screen.getByTestId('rule-1.0-op'), 'ends with');
    await user.type(screen.getByTestId('rule-1.0-value'), '@acme.com');
    await user.click(screen.getByTestId('rule-1-add-rule'));
    await user.selectOptions(screen.getByTestId('rule-1.1-op'), 'has tag');
    await user.type(screen.getByTestId('rule-1.1-value'), '007');

    expect(rules.value()).toEqual({
      match: 'any',
      rules: [
        { field: 'trigger.body.score', op: 'gt', value: 50 },
        {
          match: 'all',
          rules: [
            { field: 'contact.email', op: 'ends_with', value: '@acme.com' },
            { field: 'contact.tags', op: 'has_tag', value: '007' },
          ],
        },
      ],
    });
    // The rows read as a sentence joined by the group's match.
    expect(screen.getAllByText('or')).toHaveLength(1);
    expect(screen.getAllByText('and')).toHaveLength(1);
  });

  it('hides the value for "exists" and drops it from the rule', async () => {
    const user = userEvent.setup();
    const rules = renderBuilder({ match: 'all', rules: [{ field: 'contact.email', op: 'eq', value: 'a@b.c' }] });
    expect(screen.getByTestId('rule-0-value')).toBeTruthy();
    await user.selectOptions(screen.getByTestId('rule-0-op'), 'exists');
    expect(screen.queryByTestId('rule-0-value')).toBeNull();
    expect(rules.value()).toEqual({ match: 'all', rules: [{ field: 'contact.email', op: 'exists' }] });
  });

  it('takes a list of values for "is one of"', async () => {
    const user = userEvent.setup();
    const rules = renderBuilder({ match: 'all', rules: [{ field: 'trigger.body.plan', op: 'eq', value: 'pro' }] });
    await user.selectOptions(screen.getByTestId('rule-0-op'), 'is one of');
    await user.type(screen.getByTestId('rule-0-value'), 'team{Enter}5,');
    expect(rules.value()!.rules[0]).toEqual({ field: 'trigger.body.plan', op: 'in', value: ['pro', 'team', 5] });
    await user.click(screen.getByRole('button', { name: 'Remove pro' }));
    expect(rules.value()!.rules[0]).toMatchObject({ value: ['team', 5] });
  });

  it('completes the field from the context fields with the keyboard', async () => {
    const user = userEvent.setup();
    const rules = renderBuilder({ match: 'all', rules: [{ field: '', op: 'eq', value: '' }] });
    await user.type(screen.getByTestId('rule-0-field'), 'sco');
    expect(within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.textContent)).toEqual(['trigger.body.scoretrigger · number · 72']);
    await user.keyboard('{Enter}');
    expect(rules.value()!.rules[0]).toMatchObject({ field: 'trigger.body.score' });

    // Closed with Escape, ArrowDown opens the whole list again.
    await user.clear(screen.getByTestId('rule-0-field'));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    await user.keyboard('{ArrowDown}');
    expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(3);
    await user.keyboard('{ArrowDown}{Enter}');
    expect(rules.value()!.rules[0]).toMatchObject({ field: 'trigger.body.score' });
  });

  it('removes rules and groups, and flags a rule left without a field', async () => {
    const user = userEvent.setup();
    const rules = renderBuilder({
      match: 'all',
      rules: [{ field: '', op: 'eq', value: '' }, { match: 'any', rules: [{ field: 'a', op: 'exists' }] }],
    });
    await user.click(screen.getByTestId('rule-0-field'));
    await user.tab();
    expect(screen.getByText(/Choose the field to test/)).toBeTruthy();
    await user.click(screen.getByTestId('rule-1-remove'));
    await user.click(screen.getByTestId('rule-0-remove'));
    expect(rules.value()).toEqual({ match: 'all', rules: [] });
  });
});
