// One firing of a trigger.schedule node: a single run, or with `segment`, one run for every
// contact the segment holds at that moment (its rules run then, so "birthday is today" is
// today's), each belonging to its contact. Members are read in batches by id and started a batch
// at a time while the runner has room, so memory stays flat however large the segment.
import type { Logger } from 'pino';
import type { SegmentWithCount, Store } from '../db/store.js';
import type { Clock } from '../runtime.js';
import { isRefusedEntry } from '../runner/journey-rules.js';
import type { Runner } from '../runner/types.js';

export interface ScheduleFireDeps {
  store: Store;
  runner: Runner;
  clock: Clock;
  log: Logger;
}

export interface ScheduleTick {
  workflowId: string;
  version: number;
  nodeId: string;
  /** The trigger's time zone (else the workflow's): "today" for contacts without one. */
  timezone: string;
  /** The audience: a segment's id or name. */
  segment?: string;
}

export interface AudienceLimits {
  /** Members read and started at once. */
  batchSize: number;
  /** Executions driven at once before the next batch waits. */
  maxActive: number;
}

const DEFAULT_LIMITS: AudienceLimits = { batchSize: 500, maxActive: 1_000 };

/** A segment named by id, else by name. */
export async function findSegment(store: Store, idOrName: string): Promise<SegmentWithCount | null> {
  return (await store.segments.get(idOrName)) ?? store.segments.findByName(idOrName);
}

/** Starts the runs of one firing; returns how many started. */
export async function fireSchedule(deps: ScheduleFireDeps, tick: ScheduleTick, limits: AudienceLimits = DEFAULT_LIMITS): Promise<number> {
  const { store, runner, clock, log } = deps;
  const now = clock.now();
  const firedAt = now.toISOString();
  const base = { workflowId: tick.workflowId, version: tick.version, mode: 'schedule' as const, triggerNodeId: tick.nodeId };
  if (tick.segment === undefined) {
    await runner.start({ ...base, payload: { firedAt } });
    return 1;
  }
  const segment = await findSegment(store, tick.segment);
  if (!segment) {
    log.warn({ workflowId: tick.workflowId, segment: tick.segment }, 'a scheduled run names a segment that does not exist; nothing started');
    return 0;
  }
  const payload = { firedAt, segment: { id: segment.id, name: segment.name } };
  let started = 0;
  for (let after: string | null = null; ;) {
    const ids = await store.segments.matchingIds(segment.rules, after, limits.batchSize, { now, timezone: tick.timezone });
    await runner.whenBelow(limits.maxActive);
    // Started together, so their first checkpoints share a commit.
    const results = await Promise.allSettled(ids.map((contactId) => runner.start({ ...base, payload, contactId })));
    for (const result of results) {
      if (result.status === 'fulfilled') started++;
      // A member already in the journey (its re-entry rule) is skipped, as intended.
      else if (!isRefusedEntry(result.reason)) log.error({ err: result.reason, workflowId: tick.workflowId }, 'a scheduled run for a segment member failed to start');
    }
    if (ids.length < limits.batchSize) return started;
    after = ids[ids.length - 1]!;
  }
}
