// A time as "5 minutes ago", with the exact date and time on hover and for screen readers.
import { formatDateTime, formatRelative } from '../../ui/format.js';

export function RelativeTime({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="faint">—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}
