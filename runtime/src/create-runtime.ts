// Builds a runtime from the configuration: storage, node catalogue, runner, scheduler, schedules.
// `start()` recovers what a crash left behind; `stop()` lets in-flight steps finish.
import path from 'node:path';
import { createBuiltinCatalogue } from '@tern/nodes';
import type { HttpService, NodeCatalogue } from '@tern/shared';
import type { Logger } from 'pino';
import { createHttpClient } from './adapters/http-client.js';
import type { Config } from './config.js';
import { openPostgresStore } from './db/postgres.js';
import { openSqliteStore } from './db/sqlite.js';
import { loadNodePackages } from './plugins/load-packages.js';
import type { Store } from './db/store.js';
import { createLogger } from './logger.js';
import { Metrics } from './metrics/metrics.js';
import { scheduleRetention } from './maintenance/retention.js';
import { ExecutionRunner } from './runner/runner.js';
import { type Clock, type Runtime, systemClock } from './runtime.js';
import { CronSchedules } from './scheduler/schedules.js';
import { WaitScheduler } from './scheduler/wait-scheduler.js';
import { loadEncryptionKey } from './security/crypto.js';
import { CredentialTypeRegistry } from './services/credential-types.js';
import { checkEncryptionKey, createCredentialVault } from './services/credentials.js';
import { LocalExecutionEvents } from './services/execution-events.js';
import { createMessaging } from './services/messaging.js';
import { scheduleSegmentSweep } from './services/segment-membership.js';
import { RuntimeContacts } from './services/contact-port.js';
import { scheduleScoreDecay } from './services/score-decay.js';
import { openQueue } from './queue/queue-mode.js';
import { scheduleReconciler } from './queue/reconciler.js';
import { QueueWorker } from './queue/queue-worker.js';
import { LiveRelay, redisExecutionEvents } from './queue/live-relay.js';
import { BroadcastSchedules } from './queue/schedule-broadcast.js';

export interface RuntimeOverrides {
  clock?: Clock;
  store?: Store;
  log?: Logger;
  catalogue?: NodeCatalogue;
  http?: HttpService;
}

export interface RuntimeHandle extends Runtime {
  scheduler: WaitScheduler;
  /**
   * Recovers interrupted executions, arms schedules and the wait scheduler, starts retention.
   * With `worker` (queue mode, `tern worker`): runs queued executions and fires no cron schedule.
   */
  start(options?: { worker?: { concurrency: number } }): Promise<void>;
  /** Stops taking work and waits (up to `graceMs`) for in-flight steps; then closes storage. */
  stop(graceMs?: number): Promise<void>;
}

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite database in the data directory. */
async function openStore(config: Config): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl, { schema: config.databaseSchema });
  return openSqliteStore(path.join(config.dataDir, 'tern.db'));
}

export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<RuntimeHandle> {
  const log = overrides.log ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  // Queue mode (REDIS_URL) is checked before anything opens, so a refusal leaves nothing behind.
  const queue = openQueue(config);
  const store = overrides.store ?? await openStore(config);
  const key = loadEncryptionKey({ dataDir: config.dataDir, envKey: config.encryptionKey });
  if (key.created) {
    log.warn({ file: key.file }, 'created a new encryption key for credentials: back this file up (or set TERN_ENCRYPTION_KEY); without it saved credentials cannot be read');
  }
  await checkEncryptionKey(store, key);
  const catalogue = overrides.catalogue ?? createBuiltinCatalogue();
  // Custom node packages (TERN_NODES_DIR) join the catalogue and the credential types here.
  const credentialTypes = new CredentialTypeRegistry();
  const nodePackages = await loadNodePackages({ dir: config.nodesDir, catalogue, credentialTypes, log });
  const credentials = createCredentialVault(store, key, credentialTypes);
  const http = overrides.http ?? createHttpClient({ allow: config.httpAllow });
  const messaging = createMessaging({
    http, httpAllow: config.httpAllow, publicUrl: config.publicUrl, encryptionKey: key, now: () => clock.now(),
    store, frequencyCaps: config.frequencyCaps,
    onSmtpError: (err, credentialId) => log.warn({ err, credentialId }, 'an idle SMTP connection failed'),
  });
  const metrics: Metrics = new Metrics({
    store, activeExecutions: (): number => runner.activeCount, ...(queue ? { queueDepth: () => queue.depth() } : {}),
  });
  const { email, sms } = metrics.counting(messaging);
  const contacts = new RuntimeContacts();
  const runner = new ExecutionRunner({
    store, catalogue, clock, log, http, vault: credentials,
    messaging: { email, sms, tracking: messaging.tracking, messages: messaging.messages }, contacts,
    stepDataMaxBytes: config.stepDataMaxBytes, observer: metrics,
    ...(queue ? { handOff: (executionId: string) => queue.enqueue(executionId), announceCancel: (executionId: string) => queue.announceCancel(executionId) } : {}),
  });
  const onLiveError = (err: unknown) => log.error({ err }, 'a live execution event subscriber failed');
  // Queue mode: the streams hear every process's runner over Redis, this one's included.
  const executionEvents = queue ? redisExecutionEvents(queue, log, onLiveError) : new LocalExecutionEvents(runner.events, onLiveError);
  const liveRelay = queue ? new LiveRelay(queue, runner.events, log) : null;
  const scheduler = new WaitScheduler({ store, runner, clock, log, sweepIntervalMs: config.sweepIntervalMs });
  const schedules = new CronSchedules({ store, runner, clock, log, ...(queue ? { claimTick: (key: string) => queue.claimTick(key) } : {}) });
  // Queue mode: an activation change through this process reaches every `start` at once.
  const broadcastSchedules = queue ? new BroadcastSchedules(schedules, queue, store, log) : null;
  let queueWorker: QueueWorker | null = null;
  let reconciler: ReturnType<typeof scheduleReconciler> | null = null;
  let stopRetention: (() => void) | null = null;
  let stopSegmentSweep: (() => void) | null = null;
  let stopDecay: (() => void) | null = null;

  const runtime: RuntimeHandle = {
    config, store, catalogue, log, clock, runner, executionEvents, schedules: broadcastSchedules ?? schedules, credentials, scheduler, encryptionKey: key,
    tracking: messaging.tracking, credentialTypes, nodePackages, http, metrics, ...(queue ? { queue } : {}),
    async start(options = {}) {
      if (queue) {
        // Refused: the connections are closed, so that the process exits with the message.
        await queue.checkEvictionPolicy().catch(async (err: unknown) => {
          await runtime.stop(0);
          throw err;
        });
        // Recovery is the reconciler's in queue mode: it enqueues what SQL says is running, once
        // whichever process does it, and a worker takes each job.
        reconciler = scheduleReconciler({ store, queue, runner, clock, log }, config.reconcileIntervalMs);
        await reconciler.first;
        await liveRelay?.start();
        if (options.worker) {
          queueWorker = new QueueWorker({
            queue, store, runner, log, concurrency: options.worker.concurrency, lockMs: config.queueLockMs, maxStalls: config.queueMaxStalls,
          });
          await queueWorker.start();
        }
      } else {
        const interrupted = await store.executions.listRunning();
        for (const id of interrupted) runner.resume(id);
        if (interrupted.length > 0) log.info({ count: interrupted.length }, 'resuming interrupted executions');
      }
      if (!options.worker) {
        // Listening first: an activation made while the active workflows are read is not missed.
        await broadcastSchedules?.listen();
        for (const workflow of await store.workflows.listActive()) schedules.activate(workflow);
      }
      scheduler.start();
      stopRetention = scheduleRetention({ store, clock, log, maxAgeDays: config.executionsMaxAgeDays });
      stopSegmentSweep = scheduleSegmentSweep(runtime, config.segmentSweepIntervalMs);
      stopDecay = scheduleScoreDecay(runtime);
    },
    async stop(graceMs = 10_000) {
      await queueWorker?.stop(graceMs);
      await reconciler?.stop();
      await liveRelay?.stop();
      await broadcastSchedules?.stop();
      stopRetention?.();
      stopSegmentSweep?.();
      stopDecay?.();
      schedules.stopAll();
      await scheduler.stop();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([runner.idle(), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      await queue?.close();
      await messaging.close();
      await store.close();
    },
  };
  contacts.attach(runtime);
  return runtime;
}
