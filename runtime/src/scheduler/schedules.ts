// Cron triggers of active workflows: node-cron fires them while the workflow is active, in the
// trigger's time zone (or the workflow's); each firing is one run, or one per segment member
// (schedule-fire.ts). In queue mode every `tern start` arms the same tasks, and each tick is
// claimed first (claimTick): the process that claims it fires it, the others skip it; it reads
// the workflow first, since another `start` may have deactivated it or activated another version.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Store, WorkflowRecord } from '../db/store.js';
import type { Clock, ScheduleRegistry } from '../runtime.js';
import type { Runner } from '../runner/types.js';
import { fireSchedule, type ScheduleTick } from './schedule-fire.js';

export class CronSchedules implements ScheduleRegistry {
  private readonly tasks = new Map<string, ScheduledTask[]>();

  constructor(private readonly deps: {
    store: Store; runner: Runner; clock: Clock; log: Logger;
    /** Answers true for the one process that fires this tick (`workflow:node:time`); absent, every tick fires. */
    claimTick?: (key: string) => Promise<boolean>;
  }) {}

  activate(workflow: WorkflowRecord): void {
    this.deactivate(workflow.id);
    const version = workflow.activeVersion ?? workflow.version;
    const tasks: ScheduledTask[] = [];
    for (const node of workflow.definition.nodes) {
      if (node.type !== 'trigger.schedule') continue;
      const expression = String(node.params.cron ?? '');
      const timezone = String(node.params.timezone || workflow.definition.settings.timezone || 'UTC');
      const segment = typeof node.params.segment === 'string' && node.params.segment !== '' ? node.params.segment : undefined;
      const trigger = { nodeId: node.id, timezone, ...(segment ? { segment } : {}) };
      const task = cron.schedule(expression, () => void this.fire(workflow, version, trigger), { timezone, name: `${workflow.id}:${node.id}` });
      tasks.push(task);
    }
    if (tasks.length > 0) this.tasks.set(workflow.id, tasks);
  }

  private async fire(workflow: WorkflowRecord, version: number, trigger: Omit<ScheduleTick, 'workflowId' | 'version'>): Promise<void> {
    try {
      if (!(await this.claim(workflow.id, trigger.nodeId))) return;
      const current = this.deps.claimTick ? await this.currentVersion(workflow, version) : version;
      if (current !== null) await fireSchedule(this.deps, { workflowId: workflow.id, version: current, ...trigger });
    } catch (err) {
      this.deps.log.error({ err, workflowId: workflow.id }, 'scheduled run failed to start');
    }
  }

  /**
   * The version to run, read from the store: null (and disarmed here) once another process
   * deactivated the workflow; another process's newer activation is armed here too.
   */
  private async currentVersion(workflow: WorkflowRecord, armed: number): Promise<number | null> {
    const fresh = await this.deps.store.workflows.get(workflow.id);
    if (!fresh?.active) {
      this.deactivate(workflow.id);
      return null;
    }
    const current = fresh.activeVersion ?? fresh.version;
    if (current !== armed) this.activate(fresh);
    return current;
  }

  /** The tick is named by its second (rounded: processes' timers fire a few ms apart either side of it). */
  private claim(workflowId: string, nodeId: string): Promise<boolean> {
    const { claimTick, clock } = this.deps;
    if (!claimTick) return Promise.resolve(true);
    const tick = new Date(Math.round(clock.now().getTime() / 1000) * 1000).toISOString();
    return claimTick(`${workflowId}:${nodeId}:${tick}`);
  }

  deactivate(workflowId: string): void {
    for (const task of this.tasks.get(workflowId) ?? []) void task.destroy();
    this.tasks.delete(workflowId);
  }

  stopAll(): void {
    for (const id of [...this.tasks.keys()]) this.deactivate(id);
  }
}
