import { outputsOf, paramProblems } from '@tern/shared';
import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { switchNode } from './switch.js';

const byCountry = (country: string) => ({ match: 'all', rules: [{ field: 'contact.country', op: 'eq', value: country }] });
const params = { cases: [byCountry('DE'), { match: 'any', rules: [{ field: 'contact.country', op: 'in', value: ['AT', 'DE', 'CH'] }] }, byCountry('FR')] };

async function route(country: string) {
  const input = { orderId: 'o-1' };
  const { result } = await runNode(switchNode, { params, input, contact: { country } });
  expect(result).toMatchObject({ kind: 'continue', output: input });
  return (result as { port: string }).port;
}

describe('logic.switch', () => {
  it('has a port per case plus default', () => {
    expect(outputsOf(switchNode, params)).toEqual(['case_0', 'case_1', 'case_2', 'default']);
  });

  it('takes the port of the first matching case, passing the input on', async () => {
    expect(await route('FR')).toBe('case_2');
    expect(await route('CH')).toBe('case_1');
  });

  it('prefers the earlier case when several match', async () => {
    expect(await route('DE')).toBe('case_0');
  });

  it('takes default when no case matches', async () => {
    expect(await route('US')).toBe('default');
  });

  it('refuses a switch without cases on save', () => {
    expect(paramProblems('s', { cases: [] }, switchNode, 'UTC')).toEqual([
      expect.objectContaining({ field: 'params.cases', message: 'add at least one case' }),
    ]);
  });
});
