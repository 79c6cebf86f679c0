import { describe, expect, it } from 'vitest';
import { frequencyCapWindowMs, parseFrequencyCap } from './frequency-cap.js';
import { workflowSchema } from './workflow.js';

describe('frequency caps', () => {
  it('read the environment spelling: a count per period', () => {
    expect(parseFrequencyCap('3/1d')).toEqual({ max: 3, per: { amount: 1, unit: 'days' } });
    expect(parseFrequencyCap(' 2 / 12H ')).toEqual({ max: 2, per: { amount: 12, unit: 'hours' } });
    expect(frequencyCapWindowMs(parseFrequencyCap('10/1w')!)).toBe(7 * 86_400_000);
    for (const bad of ['', '3', '3/d', '0/1d', '3/0d', '3/1y', '-1/1d', 'three a day']) expect(parseFrequencyCap(bad)).toBeNull();
  });

  it('are a workflow setting per channel, checked when the workflow is read', () => {
    const base = { name: 'Promo', nodes: [] };
    const ok = workflowSchema.parse({ ...base, settings: { frequencyCap: { sms: { max: 1, per: { amount: 7, unit: 'days' } } } } });
    expect(ok.settings.frequencyCap).toEqual({ sms: { max: 1, per: { amount: 7, unit: 'days' } } });
    const bad = workflowSchema.safeParse({ ...base, settings: { frequencyCap: { email: { max: 1.5, per: { amount: 1, unit: 'days' } }, fax: {} } } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['settings.frequencyCap', 'settings.frequencyCap.email.max']);
  });
});
