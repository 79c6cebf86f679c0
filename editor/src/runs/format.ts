// Run times in words: how long a step or run took, and what a waiting execution waits for
// ("Waiting at delay_1 until Tue 24 Nov, 09:00"). Durations and dates read as everywhere else
// (../ui/format.ts).
import type { WaitView } from '../api/types.js';
import { formatDuration } from '../ui/format.js';

/** How long something ran: until it finished, or until now while it runs. */
export function durationOf(startedAt: string | null, finishedAt: string | null, now = Date.now()): string {
  if (!startedAt) return '—';
  return formatDuration((finishedAt ? Date.parse(finishedAt) : now) - Date.parse(startedAt));
}

export interface DateFormat {
  locale?: string;
  timeZone?: string;
}

/** A moment in the coming days, with its weekday: "Tue 24 Nov, 09:00". */
export function formatWaitTime(iso: string, format: DateFormat = {}): string {
  return new Intl.DateTimeFormat(format.locale ?? 'en-GB', {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: format.timeZone,
  }).format(new Date(iso));
}

/** What a waiting execution waits for, e.g. "Waiting at delay_1 until Tue 24 Nov, 09:00". */
export function waitText(wait: WaitView, nodeName: (nodeId: string) => string, format: DateFormat = {}): string {
  const at = wait.nodeId ? ` at ${nodeName(wait.nodeId)}` : '';
  const event = wait.eventType ? ` for event ${wait.eventType}` : '';
  // An event wait with a due time times out then.
  const until = wait.dueAt ? `${wait.eventType ? ', at most' : ''} until ${formatWaitTime(wait.dueAt, format)}` : '';
  return `Waiting${at}${event}${until}`;
}
