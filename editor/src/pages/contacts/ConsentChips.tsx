// A contact's consent per channel as small chips: green when subscribed, red when unsubscribed,
// grey when unknown (never asked, or imported without it).
import { Mail, MessageSquare } from 'lucide-react';
import type { ChannelConsent, ConsentChannel, ContactView } from '../../api/contacts.js';
import { formatDateTime } from '../../ui/format.js';

const channels: { channel: ConsentChannel; label: string; icon: typeof Mail }[] = [
  { channel: 'email', label: 'Email', icon: Mail },
  { channel: 'sms', label: 'SMS', icon: MessageSquare },
];

const tone = (c: ChannelConsent | undefined) =>
  c?.status === 'subscribed' ? 'success' : c?.status === 'unsubscribed' ? 'error' : '';

export function consentTitle(label: string, c: ChannelConsent | undefined): string {
  if (!c || c.status === 'unknown') return `${label}: consent unknown`;
  const when = c.at ? ` on ${formatDateTime(c.at)}` : '';
  return `${label}: ${c.status}${when}${c.source ? ` (${c.source})` : ''}`;
}

/** Compact (icons only, for a table row) or with the channel's name and status spelled out. */
export function ConsentChips({ consent, compact }: { consent: ContactView['consent']; compact?: boolean }) {
  return (
    <span className="consent-chips">
      {channels.map(({ channel, label, icon: Icon }) => {
        const c = consent[channel];
        const title = consentTitle(label, c);
        return (
          <span key={channel} className={`badge ${tone(c)}`.trim()} title={title} aria-label={title} data-testid={`consent-${channel}`} data-status={c?.status ?? 'unknown'}>
            <Icon size={12} aria-hidden="true" />
            {!compact && `${label}: ${c?.status ?? 'unknown'}`}
          </span>
        );
      })}
    </span>
  );
}
