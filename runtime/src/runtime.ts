// The runtime container: what the HTTP layer, the CLI and the tests get to work with.
import type { HttpService, NodeCatalogue } from '@tern/shared';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Metrics } from './metrics/metrics.js';
import type { Store, WorkflowRecord } from './db/store.js';
import type { ExecutionQueue } from './queue/execution-queue.js';
import type { NodePackages } from './plugins/node-packages.js';
import type { Runner } from './runner/types.js';
import type { EncryptionKey } from './security/crypto.js';
import type { CredentialTypeRegistry } from './services/credential-types.js';
import type { ExecutionEvents } from './services/execution-events.js';
import type { TrackingTokens } from './services/tracking-tokens.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Cron triggers of active workflows (node-cron while active; one fire per tick). */
export interface ScheduleRegistry {
  activate(workflow: WorkflowRecord): void;
  deactivate(workflowId: string): void;
}

/** Decrypted credentials for nodes; secret values never leave through the API. */
export interface CredentialVault {
  /** The decrypted data, refused when its type is not one of `acceptedTypes`. */
  get(id: string, acceptedTypes?: string[]): Promise<{ type: string; data: Record<string, unknown> }>;
  /** The values of the secret fields of a credential's data (for redaction). */
  secretValues(type: string, data: Record<string, unknown>): string[];
}

export interface Runtime {
  config: Config;
  store: Store;
  catalogue: NodeCatalogue;
  log: Logger;
  clock: Clock;
  runner: Runner;
  /** Live step and execution events, for the editor's event streams. */
  executionEvents: ExecutionEvents;
  schedules: ScheduleRegistry;
  credentials: CredentialVault;
  /** The key credentials are encrypted with, loaded once at start. */
  encryptionKey: EncryptionKey;
  /** Signs and verifies the open, click and unsubscribe links in emails (`/t/*`). */
  tracking: TrackingTokens;
  /** Credential types: the built-in ones and those of loaded node packages. */
  credentialTypes: CredentialTypeRegistry;
  /** Custom node packages loaded from TERN_NODES_DIR, and the ones skipped with the reason. */
  nodePackages: NodePackages;
  /** The SSRF-guarded client every outgoing request goes through (nodes get it as ctx.services.http). */
  http: HttpService;
  /** Prometheus metrics, served at GET /metrics. */
  metrics: Metrics;
  /** Queue mode (REDIS_URL): the BullMQ queue executions are handed to. */
  queue?: ExecutionQueue;
}
