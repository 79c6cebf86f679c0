// A refused workflow in words: each problem the server found ("Node “hot”, rules.0.op: …"), in a
// dialog the user reads and closes. Used when an import is refused.
import { ApiError } from '../api/client.js';
import { Dialog } from '../ui/dialog.js';

interface ProblemLike {
  nodeId?: string;
  edgeId?: string;
  field?: string;
  message: string;
}

// Fields whose message already says what is wrong with them.
const selfExplained = new Set(['', 'nodes', 'id', 'type', 'source', 'target']);

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One problem as a sentence: where it is, which field, what is wrong. */
export function describeProblem(p: ProblemLike): string {
  const where = p.nodeId ? `Node “${p.nodeId}”` : p.edgeId ? `Connection “${p.edgeId}”` : '';
  const field = (p.field ?? '').replace(/^params\./, '');
  const place = [where, selfExplained.has(field) ? '' : field].filter(Boolean).join(', ');
  return place ? `${place}: ${p.message}` : capitalize(p.message);
}

/** The problems of a refused request (workflow problems or request fields), as sentences. */
export function problemsOf(err: ApiError): string[] {
  return err.details
    .filter((d): d is ProblemLike => typeof d === 'object' && d !== null && typeof (d as ProblemLike).message === 'string')
    .map(describeProblem);
}

export function WorkflowsProblemsDialog(props: { title: string; intro: string; problems: string[]; onClose(): void }) {
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      footer={<button type="button" className="btn primary" onClick={props.onClose}>Close</button>}
    >
      <p>{props.intro}</p>
      {props.problems.length > 0 && (
        <ul className="problem-list" data-testid="import-problems">
          {props.problems.map((p, i) => <li key={i}>{p}</li>)}
        </ul>
      )}
    </Dialog>
  );
}
