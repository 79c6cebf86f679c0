// The journey stats of one node on the canvas, while the stats overlay is on: small counts of how
// many contacts entered it, wait there now and failed there, and how many left by each port
// (beside the port's label when it has several). Each reads only its own node's numbers.
import { AlertTriangle, ArrowRight, Hourglass, LogIn } from 'lucide-react';
import type { NodeStats as Stats } from '../api/journeys.js';
import { useEditor } from '../store/editor-store.js';

const count = (n: number) => n.toLocaleString('en', { notation: n >= 10_000 ? 'compact' : 'standard' });

function useNodeStats(id: string): Stats | undefined {
  return useEditor((s) => s.stats?.nodes[id]);
}

export function NodeStats({ id, portsShown }: { id: string; portsShown: boolean }) {
  const stats = useNodeStats(id);
  const anyStats = useEditor((s) => s.stats !== null);
  if (!anyStats) return null;
  const entered = stats?.entered ?? 0;
  const passed = Object.values(stats?.passed ?? {}).reduce((a, b) => a + b, 0);
  return (
    <div className="wf-node-stats" data-testid={`node-stats-${id}`}>
      <span className="wf-stat" title={`${entered} entered`} aria-label={`${entered} entered`}><LogIn size={11} aria-hidden="true" />{count(entered)}</span>
      {!portsShown && passed > 0 && (
        <span className="wf-stat" title={`${passed} passed`} aria-label={`${passed} passed`}><ArrowRight size={11} aria-hidden="true" />{count(passed)}</span>
      )}
      {(stats?.waiting ?? 0) > 0 && (
        <span className="wf-stat waiting" title={`${stats!.waiting} waiting here now`} aria-label={`${stats!.waiting} waiting`}><Hourglass size={11} aria-hidden="true" />{count(stats!.waiting)}</span>
      )}
      {(stats?.errored ?? 0) > 0 && (
        <span className="wf-stat errored" title={`${stats!.errored} errored`} aria-label={`${stats!.errored} errored`}><AlertTriangle size={11} aria-hidden="true" />{count(stats!.errored)}</span>
      )}
    </div>
  );
}

/** How many left by `port`, beside its label. */
export function PortCount({ id, port }: { id: string; port: string }) {
  const n = useEditor((s) => (s.stats ? (s.stats.nodes[id]?.passed[port] ?? 0) : null));
  if (n === null) return null;
  return <span className="wf-port-count" data-testid={`port-count-${id}-${port}`} title={`${n} left by ${port}`}>{count(n)}</span>;
}
