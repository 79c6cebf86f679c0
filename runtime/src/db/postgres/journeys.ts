// Journeys on PostgreSQL: the re-entry check that runs inside the transaction creating an
// execution, and the stats of a workflow as two aggregate queries (never by loading executions).
import type pg from 'pg';
import { journeyStats, type NodeCount, type StatusCount } from '../rows/journeys.js';
import type { EntryRule, ExecutionRecord, JourneyRepository } from '../store.js';
import { lockFor, type PgContext, readTransaction } from './support.js';

const INSERT_FIRST = `INSERT INTO journey_entries (workflow_id, contact_id, execution_id, entered_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT DO NOTHING`;
// Takes the entry over only when the execution of the last one has finished (or was pruned).
const INSERT_OR_TAKE_OVER = `INSERT INTO journey_entries (workflow_id, contact_id, execution_id, entered_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (workflow_id, contact_id) DO UPDATE SET execution_id = excluded.execution_id, entered_at = excluded.entered_at
  WHERE NOT EXISTS (SELECT 1 FROM executions e WHERE e.id = journey_entries.execution_id AND e.status IN ('running', 'waiting'))`;

/**
 * Whether a contact may enter the execution's workflow under `rule`, recording the entry when so,
 * inside the transaction that then creates the execution. The contact's lock on this workflow
 * comes first: the check of a second event arriving at once is a statement that starts after the
 * first transaction committed, so it sees that entry's execution (a statement already running
 * would not).
 */
export async function admitEntry(client: pg.PoolClient, rule: EntryRule, e: ExecutionRecord): Promise<boolean> {
  await lockFor(client, `journey:${e.workflowId}:${e.contactId}`);
  const result = await client.query(rule === 'once' ? INSERT_FIRST : INSERT_OR_TAKE_OVER, [e.workflowId, e.contactId, e.id, e.startedAt]);
  return (result.rowCount ?? 0) > 0;
}

export function pgJourneys({ pool }: PgContext): JourneyRepository {
  return {
    stats: (workflowId) => readTransaction(pool, async (client) => {
      const byStatus = await client.query<StatusCount>({
        text: 'SELECT status, count(*) FROM executions WHERE workflow_id = $1 GROUP BY status', values: [workflowId], rowMode: 'array',
      });
      // A goal step records `{ converted: true }` and ends its path (no port): that is a conversion.
      const byNode = await client.query<NodeCount>({
        text: `SELECT s.node_id, s.status, s.port, count(*),
                 count(*) FILTER (WHERE s.port IS NULL AND s.status = 'success' AND (s.output->>'converted') IN ('true', '1'))
               FROM executions e JOIN steps s ON s.execution_id = e.id
               WHERE e.workflow_id = $1 GROUP BY s.node_id, s.status, s.port`,
        values: [workflowId],
        rowMode: 'array',
      });
      return journeyStats(byStatus.rows, byNode.rows);
    }),
  };
}
