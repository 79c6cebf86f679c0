// The sample payload a test run starts with, by the kind of trigger it enters at.
import type { TriggerKind } from '@tern/shared';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export function defaultSample(kind: TriggerKind | undefined, params: Record<string, unknown> = {}): string {
  switch (kind) {
    case 'webhook':
      return pretty({ body: { email: 'ada@example.com', score: 72 }, query: {}, headers: {} });
    case 'event':
      return pretty({
        event: { type: typeof params.event === 'string' && params.event ? params.event : 'order.completed', data: {} },
        contact: { email: 'ada@example.com' },
      });
    case 'schedule':
      return pretty({ firedAt: new Date().toISOString() });
    default:
      return '{}';
  }
}

/** The JSON error of a payload text, or null when it parses. */
export function jsonProblem(text: string): string | null {
  if (!text.trim()) return null;
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
