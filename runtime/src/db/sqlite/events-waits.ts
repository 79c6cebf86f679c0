// Event waits on SQLite: an event of a contact resumes the flow.wait_event steps waiting for it.
// Taking a wait deletes its row in the same transaction that marks its step pending, exactly as
// resumeDue does for timeouts (sqlite/executions.ts): whichever deletes the row first resumes
// the step, and the other finds nothing.
import type { Rules } from '@tern/shared';
import { eventResumeJson } from '../rows/executions.js';
import type { EventWaitRepository } from '../store.js';
import { fromJsonOrNull, type SqliteContext } from './support.js';

interface EventWaitRow {
  step_id: string;
  execution_id: string;
  event_filter: string | null;
  state: string | null;
  created_at: string;
}

export function sqliteEventWaits({ db, write }: SqliteContext): EventWaitRepository {
  const selectWaits = db.prepare<[string, string], EventWaitRow>(
    `SELECT step_id, execution_id, event_filter, state, created_at FROM waits
     WHERE contact_id = ? AND event_type = ? ORDER BY created_at, step_id`,
  );
  const deleteWait = db.prepare('DELETE FROM waits WHERE step_id = ?');
  // Only an execution still in progress is woken: a leftover wait of a finished one just goes.
  const wakeExecution = db.prepare(
    "UPDATE executions SET status = 'running' WHERE id = ? AND status IN ('waiting', 'running')",
  );
  const makePending = db.prepare("UPDATE steps SET status = 'pending', resume = ? WHERE id = ?");

  return {
    resume: write((contactId: string, event: { type: string; data: unknown; at: string }, matches: (filter: Rules | null) => boolean) => {
      const woken = new Map<string, boolean>();
      for (const wait of selectWaits.all(contactId, event.type)) {
        if (!matches(fromJsonOrNull<Rules>(wait.event_filter))) continue;
        deleteWait.run(wait.step_id);
        let alive = woken.get(wait.execution_id);
        if (alive === undefined) {
          alive = wakeExecution.run(wait.execution_id).changes > 0;
          woken.set(wait.execution_id, alive);
        }
        if (!alive) continue;
        makePending.run(eventResumeJson(wait, event), wait.step_id);
      }
      return [...woken].filter(([, alive]) => alive).map(([id]) => id);
    }),
  };
}
