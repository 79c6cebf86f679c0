// Resumes waits that fall due. One timer is armed for the earliest wait and a periodic sweep
// catches anything else (waits written by another process, a clock jump). Waits are taken by an
// atomic update in the store, so two schedulers never resume the same one, and taken in batches
// only while the runner has room, so memory stays flat however many waits fall due at once.
import type { Logger } from 'pino';
import type { Store } from '../db/store.js';
import type { Clock } from '../runtime.js';
import type { Runner } from '../runner/types.js';

export interface WaitSchedulerOptions {
  store: Store;
  runner: Runner;
  clock: Clock;
  log: Logger;
  sweepIntervalMs: number;
  /** Waits taken per transaction. */
  batchSize?: number;
  /** Executions driven at once before the scheduler holds back. */
  maxActive?: number;
}

/** setTimeout cannot hold more than ~24.8 days; longer waits are re-armed on the way. */
const MAX_TIMER_MS = 2_147_483_647;

export class WaitScheduler {
  private timer: NodeJS.Timeout | null = null;
  private armedFor: number | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = true;

  constructor(private readonly options: WaitSchedulerOptions) {}

  start(): void {
    this.stopped = false;
    this.options.runner.events.on('waitScheduled', this.onWaitScheduled);
    this.sweeper = setInterval(() => void this.tick(), this.options.sweepIntervalMs);
    this.sweeper.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.runner.events.off('waitScheduled', this.onWaitScheduled);
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = null;
    await this.running;
  }

  /** Resumes every wait due now; returns how many executions were resumed. Safe to call at any time. */
  tick(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.resumeDue().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.tick();
      }
    });
    return this.running;
  }

  private readonly onWaitScheduled = (dueAt: number) => {
    if (this.armedFor === null || dueAt < this.armedFor) this.arm(dueAt);
  };

  private async resumeDue(): Promise<number> {
    const { store, runner, clock, log } = this.options;
    const batch = this.options.batchSize ?? 500;
    const maxActive = this.options.maxActive ?? 1_000;
    let resumed = 0;
    try {
      for (;;) {
        await runner.whenBelow(maxActive);
        const ids = await store.executions.resumeDue(clock.now().getTime(), batch);
        for (const id of ids) runner.resume(id);
        resumed += ids.length;
        if (ids.length < batch) break;
      }
      if (!this.stopped) {
        const next = await store.executions.nextDueAt();
        if (next !== null) this.arm(next);
      }
    } catch (err) {
      log.error({ err }, 'resuming due waits failed; the sweep will try again');
    }
    return resumed;
  }

  private arm(dueAt: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.min(Math.max(dueAt - this.options.clock.now().getTime(), 0), MAX_TIMER_MS);
    this.armedFor = dueAt;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.armedFor = null;
      void this.tick();
    }, delay);
    this.timer.unref();
  }
}
