// Configuration from the environment. Every variable is listed in the README.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FrequencyCapRule, parseFrequencyCap } from '@tern/shared';

/** The editor's build output in this repository (`npm run build` writes it). */
const BUILT_EDITOR = fileURLToPath(new URL('../../editor/dist', import.meta.url));

export interface Config {
  port: number;
  host: string;
  /** Where the SQLite database and the encryption key file live. */
  dataDir: string;
  /** `postgres://…` switches storage to PostgreSQL (scale-out mode). */
  databaseUrl: string | null;
  /** The PostgreSQL schema that holds Tern's tables (with databaseUrl). */
  databaseSchema: string;
  encryptionKey: string | null;
  /** Hosts, IPs or CIDRs that outgoing requests may reach even though they are private. */
  httpAllow: string[];
  ownerEmail: string | null;
  ownerPassword: string | null;
  logLevel: string;
  /** Finished executions older than this are pruned. */
  executionsMaxAgeDays: number;
  /** Step input/output larger than this is stored as a truncated marker. */
  stepDataMaxBytes: number;
  /** Largest webhook or API body accepted (bytes). */
  bodyLimitBytes: number;
  /** How long a `when_done` webhook waits for the workflow's response. */
  webhookTimeoutMs: number;
  /** Public base URL, used in links the server hands out. */
  publicUrl: string;
  /** Scheduler sweep period (the timer for the earliest wait is armed besides). */
  sweepIntervalMs: number;
  /** The built editor served at `/` (index.html and assets/); default: the repository's editor/dist. */
  editorDir: string;
  /** Custom node packages loaded at start (folders and npm-installed packages with a `tern` key). */
  nodesDir: string | null;
  /** When set, GET /metrics asks for `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  /** Marketing messages per recipient for workflows without `settings.frequencyCap` (TERN_FREQUENCY_CAP_EMAIL, _SMS). */
  frequencyCaps: { email?: FrequencyCapRule; sms?: FrequencyCapRule };
  /** How often segments whose rules depend on time ("within the last 30 days") are computed again. */
  segmentSweepIntervalMs: number;
  /** Lead-score decay: points taken from a contact after each `scoreDecayDays` without an event (0: off). */
  scoreDecayPoints: number;
  scoreDecayDays: number;
  /** Queue mode: `redis://…` moves execution work onto BullMQ (with databaseUrl); `tern worker` runs it. */
  redisUrl: string | null;
  /** Prefix of the queue's Redis keys (one Tern installation per prefix). */
  queuePrefix: string;
  /** How long a worker's hold on a job lasts without renewal; a dead worker's jobs are taken back after it. */
  queueLockMs: number;
  /** Times a job may be taken back from a dead worker before its execution is marked failed. */
  queueMaxStalls: number;
  /** How often SQL's running executions are compared with the queue (and lost ones enqueued again). */
  reconcileIntervalMs: number;
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

function frequencyCaps(env: NodeJS.ProcessEnv): Config['frequencyCaps'] {
  const caps: Config['frequencyCaps'] = {};
  for (const channel of ['email', 'sms'] as const) {
    const name = `TERN_FREQUENCY_CAP_${channel.toUpperCase()}`;
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const rule = parseFrequencyCap(raw);
    if (!rule) throw new Error(`${name} must be a count per period such as 3/1d (3 a day) or 2/12h, got "${raw}"`);
    caps[channel] = rule;
  }
  return caps;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = int('PORT', 3700, env);
  const config: Config = {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.TERN_DATA_DIR || '.tern'),
    databaseUrl: env.DATABASE_URL || null,
    databaseSchema: env.TERN_DATABASE_SCHEMA || 'public',
    encryptionKey: env.TERN_ENCRYPTION_KEY || null,
    httpAllow: list(env.TERN_HTTP_ALLOW),
    ownerEmail: env.TERN_OWNER_EMAIL || null,
    ownerPassword: env.TERN_OWNER_PASSWORD || null,
    logLevel: env.TERN_LOG_LEVEL || 'info',
    executionsMaxAgeDays: int('TERN_EXECUTIONS_MAX_AGE_DAYS', 14, env),
    stepDataMaxBytes: int('TERN_STEP_DATA_MAX_BYTES', 256 * 1024, env),
    bodyLimitBytes: int('TERN_BODY_LIMIT_BYTES', 1024 * 1024, env),
    webhookTimeoutMs: int('TERN_WEBHOOK_TIMEOUT_MS', 30_000, env),
    publicUrl: (env.TERN_PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    sweepIntervalMs: int('TERN_SWEEP_INTERVAL_MS', 5_000, env),
    editorDir: env.TERN_EDITOR_DIR ? path.resolve(env.TERN_EDITOR_DIR) : BUILT_EDITOR,
    nodesDir: env.TERN_NODES_DIR ? path.resolve(env.TERN_NODES_DIR) : null,
    metricsToken: env.TERN_METRICS_TOKEN || null,
    frequencyCaps: frequencyCaps(env),
    segmentSweepIntervalMs: int('TERN_SEGMENT_SWEEP_INTERVAL_MS', 60_000, env),
    scoreDecayPoints: int('TERN_SCORE_DECAY_POINTS', 0, env),
    scoreDecayDays: int('TERN_SCORE_DECAY_DAYS', 30, env),
    redisUrl: env.REDIS_URL || null,
    queuePrefix: env.TERN_QUEUE_PREFIX || 'tern',
    queueLockMs: int('TERN_QUEUE_LOCK_MS', 30_000, env),
    queueMaxStalls: int('TERN_QUEUE_MAX_STALLS', 2, env),
    reconcileIntervalMs: int('TERN_QUEUE_RECONCILE_MS', 10_000, env),
  };
  return { ...config, ...overrides };
}
