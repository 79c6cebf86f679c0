// What a list screen shows while its list loads, or when loading it failed (with a retry).
import { RefreshCw } from 'lucide-react';

export function LoadStatus(props: { loading: boolean; error: string | null; what: string; onRetry: () => void }) {
  if (props.loading) return <p className="muted list-message" aria-busy="true">Loading {props.what}…</p>;
  if (props.error === null) return null;
  return (
    <div className="card empty-state" role="alert">
      <h2>The {props.what} cannot be loaded</h2>
      <p>{props.error}</p>
      <button type="button" className="btn primary" onClick={props.onRetry}>
        <RefreshCw size={16} /> Try again
      </button>
    </div>
  );
}
