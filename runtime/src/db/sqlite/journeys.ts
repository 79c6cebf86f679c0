// Journeys on SQLite: the re-entry check that runs inside the write creating an execution, and the
// stats of a workflow as two aggregate queries (never by loading executions).
import type { EntryRule, ExecutionRecord, ExecutionStatus, JourneyRepository, JourneyStats, NodeStats } from '../store.js';
import { readTx, type Db, type SqliteContext } from './support.js';

/**
 * Whether a contact may enter the execution's workflow under `rule`, recording the entry when so.
 * Synchronous, for the write that creates the execution: the check and the insert share its
 * transaction, so of two events arriving at once only one enters. Primary-key lookups only.
 */
export function journeyEntryGuard(db: Db): (rule: EntryRule, execution: ExecutionRecord) => boolean {
  const insertFirst = db.prepare(
    `INSERT INTO journey_entries (workflow_id, contact_id, execution_id, entered_at) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  // Takes the entry over only when the execution of the last one has finished (or was pruned).
  const insertOrTakeOver = db.prepare(
    `INSERT INTO journey_entries (workflow_id, contact_id, execution_id, entered_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (workflow_id, contact_id) DO UPDATE SET execution_id = excluded.execution_id, entered_at = excluded.entered_at
     WHERE NOT EXISTS (SELECT 1 FROM executions e WHERE e.id = journey_entries.execution_id AND e.status IN ('running', 'waiting'))`,
  );
  return (rule, e) => {
    const statement = rule === 'once' ? insertFirst : insertOrTakeOver;
    return statement.run(e.workflowId, e.contactId, e.id, e.startedAt).changes > 0;
  };
}

type StatusRow = [status: ExecutionStatus, count: number];
type StepRow = [nodeId: string, status: string, port: string | null, count: number, converted: number];

export function sqliteJourneys({ db }: SqliteContext): JourneyRepository {
  const byStatus = db.prepare<[string], StatusRow>(
    'SELECT status, count(*) FROM executions WHERE workflow_id = ? GROUP BY status',
  ).raw();
  // A goal step records `{ converted: true }` and ends its path (no port): that is a conversion.
  const byNode = db.prepare<[string], StepRow>(
    `SELECT s.node_id, s.status, s.port, count(*),
       sum(s.port IS NULL AND s.status = 'success' AND json_extract(s.output, '$.converted') = 1)
     FROM executions e JOIN steps s ON s.execution_id = e.id
     WHERE e.workflow_id = ? GROUP BY s.node_id, s.status, s.port`,
  ).raw();

  const stats = readTx(db, (workflowId: string): JourneyStats => {
    const workflow = { started: 0, running: 0, waiting: 0, succeeded: 0, errored: 0, converted: 0 };
    for (const [status, count] of byStatus.all(workflowId)) {
      workflow.started += count;
      if (status === 'running') workflow.running += count;
      else if (status === 'waiting') workflow.waiting += count;
      else if (status === 'success') workflow.succeeded += count;
      else if (status === 'error') workflow.errored += count;
    }
    const nodes: Record<string, NodeStats> = {};
    for (const [nodeId, status, port, count, converted] of byNode.all(workflowId)) {
      const node = (nodes[nodeId] ??= { entered: 0, waiting: 0, passed: {}, errored: 0 });
      node.entered += count;
      // An execution ends at one goal, so conversions are the converted goal steps.
      workflow.converted += converted;
      if (status === 'waiting') node.waiting += count;
      else if (status === 'error') node.errored += count;
      else if ((status === 'success' || status === 'skipped') && port !== null) node.passed[port] = (node.passed[port] ?? 0) + count;
    }
    return { workflow, nodes };
  });

  return {
    async stats(workflowId) {
      return stats(workflowId);
    },
  };
}
