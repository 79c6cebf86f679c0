// A contact's history as one list, newest first: the events recorded on them, the messages sent
// to them and the journeys they entered, each source loaded on its own (a source that fails
// leaves the others shown).
import type { ContactEvent, ContactMessage } from '../../api/contacts.js';
import type { ExecutionRecord } from '../../api/types.js';

export type TimelineItem =
  | { kind: 'event'; at: string; key: string; event: ContactEvent }
  | { kind: 'message'; at: string; key: string; message: ContactMessage }
  | { kind: 'journey'; at: string; key: string; execution: ExecutionRecord };

const time = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

/** Everything merged and sorted newest first; at the same instant a journey comes before the
 *  message it sent and the event that started it (which reads right from the bottom up). */
export function mergeTimeline(events: ContactEvent[], messages: ContactMessage[], journeys: ExecutionRecord[]): TimelineItem[] {
  const items: TimelineItem[] = [
    ...events.map((event): TimelineItem => ({ kind: 'event', at: event.at, key: `e:${event.id}`, event })),
    ...messages.map((message): TimelineItem => ({ kind: 'message', at: message.sentAt ?? message.createdAt ?? '', key: `m:${message.id}`, message })),
    ...journeys.map((execution): TimelineItem => ({ kind: 'journey', at: execution.startedAt, key: `x:${execution.id}`, execution })),
  ];
  const rank = { message: 0, journey: 1, event: 2 } as const;
  return items.sort((a, b) => time(b.at) - time(a.at) || rank[a.kind] - rank[b.kind]);
}

/** The tone of a message's status chip (the theme's badge classes). */
export function messageTone(status: string): string {
  switch (status) {
    case 'opened':
    case 'delivered':
      return 'success';
    case 'clicked':
      return 'active';
    case 'bounced':
    case 'failed':
    case 'complained':
      return 'error';
    case 'unsubscribed':
    case 'suppressed':
    case 'capped':
      return 'waiting';
    case 'sent':
    case 'sending':
      return 'running';
    default:
      return '';
  }
}

/** What happened to a message after it was sent, latest first: "Clicked", "Opened"… with their times. */
export function messageMilestones(m: ContactMessage): { label: string; at: string }[] {
  const all: [string, string | null | undefined][] = [
    ['Unsubscribed', m.unsubscribedAt], ['Complained', m.complainedAt], ['Bounced', m.bouncedAt], ['Failed', m.failedAt],
    ['Clicked', m.clickedAt], ['Opened', m.openedAt], ['Delivered', m.deliveredAt],
  ];
  return all.filter((x): x is [string, string] => !!x[1]).map(([label, at]) => ({ label, at }));
}
