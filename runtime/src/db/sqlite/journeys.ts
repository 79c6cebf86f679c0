// Journeys on SQLite: the re-entry check that runs inside the write creating an execution, and the
// stats of a workflow as two aggregate queries (never by loading executions).
import { journeyStats, type NodeCount, type StatusCount } from '../rows/journeys.js';
import type { EntryRule, ExecutionRecord, JourneyRepository } from '../store.js';
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

export function sqliteJourneys({ db }: SqliteContext): JourneyRepository {
  const byStatus = db.prepare<[string], StatusCount>(
    'SELECT status, count(*) FROM executions WHERE workflow_id = ? GROUP BY status',
  ).raw();
  // A goal step records `{ converted: true }` and ends its path (no port): that is a conversion.
  const byNode = db.prepare<[string], NodeCount>(
    `SELECT s.node_id, s.status, s.port, count(*),
       sum(s.port IS NULL AND s.status = 'success' AND json_extract(s.output, '$.converted') = 1)
     FROM executions e JOIN steps s ON s.execution_id = e.id
     WHERE e.workflow_id = ? GROUP BY s.node_id, s.status, s.port`,
  ).raw();

  const stats = readTx(db, (workflowId: string) => journeyStats(byStatus.all(workflowId), byNode.all(workflowId)));

  return {
    async stats(workflowId) {
      return stats(workflowId);
    },
  };
}
