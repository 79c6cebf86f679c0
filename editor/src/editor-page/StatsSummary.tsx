// Over the canvas while the stats overlay is on: the journey as a whole — how many started, are
// still in it, converted (reached a goal), failed — and what became of its messages.
import { RefreshCw, X } from 'lucide-react';
import type { WorkflowStats } from '../api/journeys.js';
import { useEditor } from '../store/editor-store.js';
import { loadStats } from './stats.js';
import { useEditorSession } from './session.js';

const n = (x: number) => x.toLocaleString('en');
const share = (part: number, whole: number) => (whole > 0 ? ` (${Math.round((part / whole) * 100)}%)` : '');

function figures(stats: WorkflowStats): { label: string; value: string; tone?: string }[] {
  const w = stats.workflow;
  const out = [
    { label: 'Started', value: n(w.started) },
    { label: 'In progress', value: n(w.running + w.waiting) },
    { label: 'Converted', value: n(w.converted) + share(w.converted, w.started), tone: 'success' },
    { label: 'Errored', value: n(w.errored), tone: w.errored > 0 ? 'error' : undefined },
  ];
  const m = stats.messages;
  if (m && m.sent > 0) {
    out.push(
      { label: 'Messages sent', value: n(m.sent) },
      { label: 'Delivered', value: n(m.delivered) + share(m.delivered, m.sent) },
      { label: 'Opened', value: n(m.opened) + share(m.opened, m.sent) },
      { label: 'Clicked', value: n(m.clicked) + share(m.clicked, m.sent) },
      { label: 'Bounced', value: n(m.bounced) + share(m.bounced, m.sent), tone: m.bounced > 0 ? 'error' : undefined },
      { label: 'Unsubscribed', value: n(m.unsubscribed) },
    );
  }
  return out;
}

export function StatsSummary() {
  const session = useEditorSession();
  const stats = useEditor((s) => s.stats);
  if (!stats) return null;
  return (
    <div className="editor-banner stats-summary" role="region" aria-label="Journey stats" data-testid="stats-summary">
      <dl className="stats-figures">
        {figures(stats).map((f) => (
          <div key={f.label} className={`stats-figure${f.tone ? ` ${f.tone}` : ''}`}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      <span className="spacer" />
      <button className="btn small ghost" onClick={() => void loadStats(session)} data-testid="stats-refresh"><RefreshCw size={14} /> Refresh</button>
      <button className="btn small ghost icon" aria-label="Hide the stats" title="Hide the stats" onClick={() => session.store.getState().setStats(null)}><X size={14} /></button>
    </div>
  );
}
