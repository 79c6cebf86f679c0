// Live execution events across processes, in queue mode. A worker drives the execution, a `start`
// serves the editor's stream: the runner's `step` and `execution` events travel over Redis pub/sub
// on `<prefix>:live`.
//
// Both ends pay only while someone watches. A `start` subscribes to the channel only while its
// streams have subscribers, and says so on `<prefix>:live-watch`. Every queue-mode process relays
// its runner's events only while the channel has a subscriber somewhere: it listens to the
// runner (whose hot path checks for listeners) from the moment it hears a watch, and checks the
// channel's subscriber count every second to stop (or start, should a watch message be lost).
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { ExecutionRecord, StepRecord } from '../db/store.js';
import type { RunnerEvents } from '../runner/types.js';
import { LocalExecutionEvents } from '../services/execution-events.js';
import type { ExecutionQueue } from './execution-queue.js';

const LIVE = 'live';
const WATCH = 'live-watch';
/** How often a relaying process checks that someone still watches. */
const CHECK_MS = 1_000;

type LiveMessage =
  | { type: 'step'; executionId: string; workflowId: string; step: StepRecord }
  | { type: 'execution'; execution: ExecutionRecord };

/** Publishes this process's runner events while some `start` watches. */
export class LiveRelay {
  private relaying = false;
  private timer: NodeJS.Timeout | null = null;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(
    private readonly queue: ExecutionQueue,
    private readonly source: EventEmitter<RunnerEvents>,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopListening = await this.queue.listen(WATCH, () => this.relay(true));
    this.timer = setInterval(() => void this.check(), CHECK_MS);
    this.timer.unref();
    await this.check();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.relay(false);
    await this.stopListening?.().catch(() => undefined);
  }

  private async check(): Promise<void> {
    try {
      this.relay((await this.queue.listeners(LIVE)) > 0);
    } catch {
      // Redis unreachable: keep the current state until it answers again.
    }
  }

  private relay(on: boolean): void {
    if (on === this.relaying) return;
    this.relaying = on;
    if (on) {
      this.source.on('step', this.onStep);
      this.source.on('execution', this.onExecution);
    } else {
      this.source.off('step', this.onStep);
      this.source.off('execution', this.onExecution);
    }
  }

  private send(message: LiveMessage): void {
    this.queue.publish(LIVE, JSON.stringify(message)).catch((err: unknown) => this.log.debug({ err }, 'a live event was not published'));
  }

  private readonly onStep = (executionId: string, step: StepRecord, workflowId: string): void => {
    this.send({ type: 'step', executionId, workflowId, step });
  };

  private readonly onExecution = (execution: ExecutionRecord): void => {
    this.send({ type: 'execution', execution });
  };
}

/**
 * The live events of every process, for a `start`'s streams: the local fan-out, fed by the Redis
 * channel instead of this process's runner (whose events arrive through the channel too).
 */
export function redisExecutionEvents(queue: ExecutionQueue, log: Logger, onError: (err: unknown) => void): LocalExecutionEvents {
  const feed = new EventEmitter<RunnerEvents>();
  const onMessage = (raw: string) => {
    try {
      const message = JSON.parse(raw) as LiveMessage;
      if (message.type === 'step') feed.emit('step', message.executionId, message.step, message.workflowId);
      else feed.emit('execution', message.execution);
    } catch (err) {
      onError(err);
    }
  };
  // LocalExecutionEvents listens to its source from its first subscriber to its last. Subscribing
  // and unsubscribing take turns, so a quick close and reopen cannot end unsubscribed.
  let watching = false;
  let stopListening: (() => Promise<void>) | null = null;
  let turns: Promise<void> = Promise.resolve();
  const meta = feed as EventEmitter;
  meta.on('newListener', (name: string) => {
    if (name !== 'step' || watching) return;
    watching = true;
    turns = turns.then(async () => {
      stopListening = await queue.listen(LIVE, onMessage);
      await queue.publish(WATCH, '1');
    }).catch((err: unknown) => log.warn({ err }, 'could not subscribe to live events in Redis'));
  });
  meta.on('removeListener', (name: string) => {
    if (name !== 'step' || !watching || feed.listenerCount('step') > 0) return;
    watching = false;
    turns = turns.then(async () => {
      const stop = stopListening;
      stopListening = null;
      await stop?.();
    }).catch(() => undefined);
  });
  return new LocalExecutionEvents(feed, onError);
}
