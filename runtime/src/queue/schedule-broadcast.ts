// Activation changes across `tern start` processes, in queue mode. A workflow activated or
// deactivated through one process is armed or disarmed there, and announced on
// `<prefix>:schedules`; every other `start` arms (from the workflow it reads back) or disarms it at
// once. Each tick is still claimed in Redis, so every process arming a schedule fires it once.
// A lost message (Redis restarting at that moment) is caught up at the next tick (the claimer
// reads the workflow) or at the process's next start, as before.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store, WorkflowRecord } from '../db/store.js';
import type { ScheduleRegistry } from '../runtime.js';
import type { ExecutionQueue } from './execution-queue.js';

const TOPIC = 'schedules';

interface ActivationMessage {
  /** The process that made the change (it armed or disarmed the workflow already). */
  origin: string;
  workflowId: string;
  active: boolean;
}

export class BroadcastSchedules implements ScheduleRegistry {
  private readonly origin = randomUUID();
  private stopListening: (() => Promise<void>) | null = null;

  constructor(
    private readonly local: ScheduleRegistry,
    private readonly queue: ExecutionQueue,
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  activate(workflow: WorkflowRecord): void {
    this.local.activate(workflow);
    this.announce(workflow.id, true);
  }

  deactivate(workflowId: string): void {
    this.local.deactivate(workflowId);
    this.announce(workflowId, false);
  }

  /** Arms and disarms here what the other processes change (a `start` listens, a worker does not). */
  async listen(): Promise<void> {
    this.stopListening = await this.queue.listen(TOPIC, (raw) => void this.apply(raw));
  }

  async stop(): Promise<void> {
    await this.stopListening?.().catch(() => undefined);
  }

  private announce(workflowId: string, active: boolean): void {
    const message: ActivationMessage = { origin: this.origin, workflowId, active };
    this.queue.publish(TOPIC, JSON.stringify(message)).catch((err: unknown) => {
      this.log.warn({ err, workflowId }, 'could not tell the other processes about an activation change; they catch up at the next tick or start');
    });
  }

  private async apply(raw: string): Promise<void> {
    try {
      const message = JSON.parse(raw) as ActivationMessage;
      if (message.origin === this.origin) return;
      const { workflowId } = message;
      // A deactivation is announced before its write commits: disarm without reading it back.
      const workflow = message.active ? await this.store.workflows.get(workflowId) : null;
      if (workflow?.active) this.local.activate(workflow);
      else this.local.deactivate(workflowId);
      this.log.info({ workflowId }, workflow?.active ? 'armed the schedules of a workflow activated through another process' : 'disarmed the schedules of a workflow deactivated through another process');
    } catch (err) {
      this.log.warn({ err }, 'could not apply an activation change from another process');
    }
  }
}
