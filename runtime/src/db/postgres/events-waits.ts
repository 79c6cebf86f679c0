// Event waits on PostgreSQL: an event of a contact resumes the flow.wait_event steps waiting for
// it. Which waits it takes is what its DELETE returns: a wait that resumeDue (its timeout) locked
// or deleted first is not returned, so whichever comes first resumes the step, once.
import type { Rules } from '@tern/shared';
import { eventResumeJson, type WaitRow } from '../rows/executions.js';
import { fromJsonOrNull } from '../rows/json.js';
import type { EventWaitRepository } from '../store.js';
import { type PgContext, transaction } from './support.js';

type TakenWait = Pick<WaitRow, 'step_id' | 'execution_id' | 'state' | 'created_at'>;

export function pgEventWaits({ pool }: PgContext): EventWaitRepository {
  return {
    async resume(contactId, event, matches) {
      const { rows: candidates } = await pool.query<TakenWait & Pick<WaitRow, 'event_filter'>>(
        `SELECT step_id, execution_id, event_filter, state, created_at FROM waits
         WHERE contact_id = $1 AND event_type = $2 ORDER BY created_at, step_id`,
        [contactId, event.type],
      );
      const wanted = candidates.filter((w) => matches(fromJsonOrNull<Rules>(w.event_filter))).map((w) => w.step_id);
      if (wanted.length === 0) return [];
      return transaction(pool, async (client) => {
        const { rows: taken } = await client.query<TakenWait>(
          'DELETE FROM waits WHERE step_id = ANY($1::text[]) RETURNING step_id, execution_id, state, created_at',
          [wanted],
        );
        if (taken.length === 0) return [];
        // Only an execution still in progress is woken: a leftover wait of a finished one just goes.
        const woken = await client.query<{ id: string }>(
          `UPDATE executions SET status = 'running'
           WHERE id = ANY($1::text[]) AND status IN ('waiting', 'running') RETURNING id`,
          [[...new Set(taken.map((w) => w.execution_id))]],
        );
        const alive = new Set(woken.rows.map((r) => r.id));
        const resumed = taken.filter((w) => alive.has(w.execution_id));
        if (resumed.length > 0) {
          await client.query(
            `UPDATE steps SET status = 'pending', resume = r.resume
             FROM unnest($1::text[], $2::json[]) AS r(id, resume) WHERE steps.id = r.id`,
            [resumed.map((w) => w.step_id), resumed.map((w) => eventResumeJson(w, event))],
          );
        }
        // In the order of the waits, as the event found them.
        const order = new Map(candidates.map((w, i) => [w.step_id, i]));
        resumed.sort((a, b) => order.get(a.step_id)! - order.get(b.step_id)!);
        return [...new Set(resumed.map((w) => w.execution_id))];
      });
    },
  };
}
