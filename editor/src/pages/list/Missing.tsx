// What a screen shows when the record its address names does not exist (deleted, or mistyped).
import { Link } from 'react-router';

export function Missing(props: { what: string; backTo: string; backLabel: string; testId: string }) {
  return (
    <div className="page">
      <div className="empty-state" data-testid={props.testId}>
        <h2>This {props.what} does not exist</h2>
        <p>It may have been deleted, or the address is mistyped.</p>
        <Link className="btn primary" to={props.backTo}>{props.backLabel}</Link>
      </div>
    </div>
  );
}
