// Queue mode's Redis side (BullMQ). A job only names the work, an execution id, which is also the
// job's id: while an execution has a job waiting, delayed or active, enqueueing it again is a
// no-op, so enqueueing is safe to repeat (the reconciler does it on a timer). SQL holds
// everything else, so a job lost with Redis costs a delay, never work.
import { Queue, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/** The queue's name under the prefix; one queue holds every execution job. */
export const QUEUE_NAME = 'executions';

export interface QueueSettings {
  redisUrl: string;
  /** Prefix of every Redis key (one Tern installation per prefix). */
  prefix: string;
}

/** A failed job: its execution and why it failed (stalled past the limit, or every attempt failed). */
export interface FailedJob {
  executionId: string;
  reason: string;
}

export type QueueDepth = Record<'waiting' | 'active' | 'delayed', number>;

/**
 * How often a job whose processing threw (the database down, say) is tried: with the backoff
 * doubling from 1 s, ten attempts span about 17 minutes before the execution is marked failed.
 */
const JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: true,
  // Kept until the reconciler has written the failure to SQL; it removes them then.
  removeOnFail: false,
};

/** ioredis options from a `redis://` or `rediss://` URL (BullMQ's workers need maxRetriesPerRequest null). */
export function redisConnection(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error(`REDIS_URL must start with redis:// or rediss://, got "${url.protocol}//…"`);
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port || 6379),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    db: Number(url.pathname.slice(1) || 0),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

export class ExecutionQueue {
  readonly queue: Queue;
  /** For what BullMQ does not do: the eviction check, tick claims, pings. */
  private readonly client: Redis;
  /** Created by onCancel(): a subscribed connection does nothing else. */
  private subscriber: Redis | null = null;

  constructor(readonly settings: QueueSettings) {
    this.client = new Redis(redisConnection(settings.redisUrl));
    this.queue = new Queue(QUEUE_NAME, { connection: redisConnection(settings.redisUrl), prefix: settings.prefix, defaultJobOptions: JOB_OPTIONS });
    // Connection errors come back as the failures of the calls made meanwhile (readiness, enqueue,
    // the start check), which say what failed; the clients reconnect by themselves.
    const quiet = () => undefined;
    this.client.on('error', quiet);
    this.queue.on('error', quiet);
  }

  /**
   * Refuses a Redis that may evict keys: an evicted job is work that only the reconciler would
   * find again, and an evicted lock lets two workers run one execution at once.
   */
  async checkEvictionPolicy(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis at REDIS_URL (${this.settings.redisUrl.replace(/\/\/[^@/]*@/, '//…@')}) did not answer within 10 s`)), 10_000);
    });
    const reply = (await Promise.race([this.client.config('GET', 'maxmemory-policy'), silent]).finally(() => clearTimeout(timer))) as string[];
    const policy = reply[1];
    if (policy !== undefined && policy !== 'noeviction') {
      throw new Error(`Redis's maxmemory-policy is "${policy}": queue mode needs "noeviction" so that Redis never drops jobs or locks (set it in redis.conf or run CONFIG SET maxmemory-policy noeviction)`);
    }
  }

  enqueue(executionId: string): Promise<void> {
    return this.enqueueMany([executionId]);
  }

  async enqueueMany(executionIds: string[]): Promise<void> {
    if (executionIds.length === 0) return;
    await this.queue.addBulk(executionIds.map((id) => ({ name: 'run', data: { executionId: id }, opts: { jobId: id } })));
  }

  /** The jobs that failed, oldest first, up to `limit`. */
  async failed(limit: number): Promise<FailedJob[]> {
    const jobs = await this.queue.getFailed(0, limit - 1);
    return jobs.filter((job) => job?.id).map((job) => ({ executionId: job.id!, reason: job.failedReason || 'the job failed' }));
  }

  async forget(executionId: string): Promise<void> {
    await this.queue.remove(executionId);
  }

  /**
   * Claims one firing of a cron trigger for this process: the first process to claim a tick
   * fires it, the others skip it. Kept a day, long past any clock skew between processes.
   */
  async claimTick(key: string): Promise<boolean> {
    return (await this.client.set(`${this.settings.prefix}:tick:${key}`, '1', 'EX', 86_400, 'NX')) === 'OK';
  }

  /** Tells every worker that an execution was canceled (the one driving it stops its steps). */
  async announceCancel(executionId: string): Promise<void> {
    await this.publish('cancel', executionId);
  }

  /** Calls `handler` with each execution canceled by another process (a worker listens). */
  async onCancel(handler: (executionId: string) => void): Promise<void> {
    await this.listen('cancel', handler);
  }

  /** Publishes `message` on the pub/sub channel `<prefix>:<topic>`. */
  async publish(topic: string, message: string): Promise<void> {
    await this.client.publish(`${this.settings.prefix}:${topic}`, message);
  }

  /**
   * Calls `handler` with each message on `<prefix>:<topic>` until the returned function is called.
   * Every topic shares one subscribed connection (a subscribed connection does nothing else);
   * one listener per topic and process.
   */
  async listen(topic: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    const subscriber = this.subscribedConnection();
    const channel = `${this.settings.prefix}:${topic}`;
    const onMessage = (from: string, message: string) => {
      if (from === channel) handler(message);
    };
    subscriber.on('message', onMessage);
    await subscriber.subscribe(channel);
    return async () => {
      subscriber.off('message', onMessage);
      await subscriber.unsubscribe(channel);
    };
  }

  /** How many connections (of every process) are subscribed to `<prefix>:<topic>`. */
  async listeners(topic: string): Promise<number> {
    const reply = (await this.client.pubsub('NUMSUB', `${this.settings.prefix}:${topic}`)) as [string, number];
    return Number(reply[1] ?? 0);
  }

  private subscribedConnection(): Redis {
    if (!this.subscriber) {
      this.subscriber = this.client.duplicate();
      this.subscriber.on('error', () => undefined);
    }
    return this.subscriber;
  }

  async depth(): Promise<QueueDepth> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return { waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0 };
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.subscriber?.disconnect();
    this.client.disconnect();
  }
}
