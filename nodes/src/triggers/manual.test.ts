import { describe, expect, it } from 'vitest';
import { runNode } from '../testing/index.js';
import { manualTrigger } from './manual.js';

describe('trigger.manual', () => {
  it('passes the run payload on as its output', async () => {
    const payload = { email: 'ada@example.com', plan: 'pro' };
    const { result } = await runNode(manualTrigger, { params: {}, input: payload });
    expect(result).toEqual({ kind: 'continue', port: 'out', output: payload });
  });

  it('outputs an empty object when run without a payload', async () => {
    const { result } = await runNode(manualTrigger, { params: {} });
    expect(result).toEqual({ kind: 'continue', port: 'out', output: {} });
  });
});
