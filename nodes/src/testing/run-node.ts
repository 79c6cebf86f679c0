import {
  type AnyNodeDefinition,
  type CredentialService,
  type EmailMessage,
  type ExecutionContextData,
  type HttpRequestOptions,
  type NodeContext,
  type NodeLogger,
  type NodeResult,
  outputsOf,
  resolveParams,
  type ResumeInfo,
  type SmsMessage,
  type TrackingService,
} from '@tern/shared';
import { FakeContacts } from './fake-contacts.js';
import { FakeEmail, type FakeEmailHandler } from './fake-email.js';
import { FakeHttp, type FakeHttpHandler } from './fake-http.js';
import { FakeSms, type FakeSmsHandler } from './fake-sms.js';
import { FakeTracking } from './fake-tracking.js';

/** The time `ctx.now()` returns when a test gives none: Monday 5 January 2026, 09:00 UTC. */
export const DEFAULT_NOW = new Date('2026-01-05T09:00:00.000Z');

export interface FakeCredential {
  type: string;
  data: Record<string, unknown>;
}

export interface RunNodeOptions {
  /** The node's params as stored in the workflow: they may hold Liquid templates. */
  params: Record<string, unknown>;
  /** The upstream node's output (for a trigger: the raw trigger payload). */
  input?: unknown;
  /** `trigger` in templates and rules. */
  trigger?: unknown;
  /** The contact this run belongs to (`contact` in templates and rules). */
  contact?: Record<string, unknown> | null;
  /** Earlier nodes' outputs by node id (`steps.<id>` in templates and rules). */
  steps?: Record<string, unknown>;
  /** Set to execute the node again after a wait. */
  resume?: ResumeInfo;
  /** What `ctx.now()` returns: a fixed Date, or a clock function such as `fakeClock(…).now`. */
  now?: Date | (() => Date);
  /** The workflow's time zone; default `UTC`. */
  timezone?: string;
  /** Answers the node's HTTP requests; without it, any request fails the run. */
  http?: FakeHttpHandler | FakeHttp;
  /** Credentials by id, returned by `ctx.services.credentials.get`. */
  credentials?: Record<string, FakeCredential>;
  /** Answers `ctx.services.email`; default: a FakeEmail that accepts every message. `null`: no email service. */
  email?: FakeEmailHandler | FakeEmail | null;
  /** Answers `ctx.services.sms`; default: a FakeSms that queues every message. `null`: no SMS service. */
  sms?: FakeSmsHandler | FakeSms | null;
  /** `ctx.services.tracking`; default: a FakeTracking with readable links. `null`: no tracking service. */
  tracking?: TrackingService | null;
  /** `ctx.services.contacts`; default: a FakeContacts holding the run's `contact` (when it has an id). `null`: none. */
  contacts?: FakeContacts | null;
  /** The workflow's id (`workflow.id`); default `test-workflow`. */
  workflowId?: string;
  /** The execution's id (`execution.id`); default `test-execution`. */
  executionId?: string;
  /** The node's id in the pretend workflow; default `node`. */
  nodeId?: string;
  /** Default `test-execution:<nodeId>`. */
  idempotencyKey?: string;
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  data?: object;
}

export interface RunNodeOutcome {
  /** What execute() returned. */
  result: NodeResult;
  /** The HTTP requests the node made during this run, in order. */
  requests: HttpRequestOptions[];
  /** The emails the node sent during this run, in order. */
  emails: EmailMessage[];
  /** The SMS the node sent during this run, in order. */
  texts: SmsMessage[];
  /** What the node logged. */
  logs: LogEntry[];
}

/**
 * Executes one node the way the runtime does — params resolved with `resolveParams` against the
 * execution context, then `execute(ctx)` — with fake services and a fixed clock.
 *
 * It rejects when a param cannot be resolved (a `ParamError` naming the field), when execute
 * throws, or when execute returns what the engine would refuse: a port the node does not
 * declare, or a wait with neither a time nor an event.
 *
 * @example
 * const { result } = await runNode(conditionNode, {
 *   params: { match: 'all', rules: [{ field: 'trigger.score', op: 'gt', value: 50 }] },
 *   trigger: { score: 80 },
 * });
 * expect(result).toMatchObject({ kind: 'continue', port: 'true' });
 */
export async function runNode(definition: AnyNodeDefinition, options: RunNodeOptions): Promise<RunNodeOutcome> {
  const now = clockOf(options.now);
  const timezone = options.timezone ?? 'UTC';
  const nodeId = options.nodeId ?? 'node';
  const contact = options.contact ?? null;
  const data: ExecutionContextData = {
    trigger: options.trigger ?? null,
    contact,
    steps: options.steps ?? {},
    workflow: { id: options.workflowId ?? 'test-workflow', name: 'Test workflow', version: 1, settings: { timezone } },
    execution: { id: options.executionId ?? 'test-execution', mode: 'manual', startedAt: now().toISOString() },
  };
  const http = options.http instanceof FakeHttp ? options.http : new FakeHttp(options.http);
  const firstRequest = http.requests.length;
  const email = options.email === null ? null : options.email instanceof FakeEmail ? options.email : new FakeEmail(options.email);
  const firstEmail = email?.messages.length ?? 0;
  const sms = options.sms === null ? null : options.sms instanceof FakeSms ? options.sms : new FakeSms(options.sms);
  const firstText = sms?.messages.length ?? 0;
  const tracking = options.tracking === null ? null : (options.tracking ?? new FakeTracking());
  const contacts = options.contacts === null
    ? null
    : (options.contacts ?? new FakeContacts(typeof contact?.id === 'string' ? [contact as { id: string }] : []));
  const logs: LogEntry[] = [];

  const params = resolveParams(definition, options.params, data);
  const ctx: NodeContext<unknown> = {
    params,
    input: options.input,
    data,
    contact,
    ...(options.resume ? { resume: options.resume } : {}),
    services: {
      http,
      credentials: fakeCredentials(options.credentials ?? {}),
      ...(email ? { email } : {}),
      ...(sms ? { sms } : {}),
      ...(tracking ? { tracking } : {}),
      ...(contacts ? { contacts } : {}),
    },
    idempotencyKey: options.idempotencyKey ?? `${data.execution.id}:${nodeId}`,
    log: recordingLogger(logs),
    now,
    node: { id: nodeId, type: definition.type, version: definition.version },
    timezone,
  };
  const result = await definition.execute(ctx);
  checkResult(definition, params, result);
  return {
    result,
    requests: http.requests.slice(firstRequest),
    emails: email?.messages.slice(firstEmail) ?? [],
    texts: sms?.messages.slice(firstText) ?? [],
    logs,
  };
}

/** What the engine would refuse, refused here too, so a node's test catches it. */
function checkResult(definition: AnyNodeDefinition, params: unknown, result: NodeResult): void {
  if (result.kind === 'continue') {
    const ports = outputsOf(definition, params);
    if (!ports.includes(result.port)) {
      throw new Error(`${definition.type} continued on port "${result.port}", which it does not declare (${ports.join(', ')})`);
    }
  }
  if (result.kind === 'wait' && !result.until && !result.event) {
    throw new Error(`${definition.type} asked to wait without a time or an event`);
  }
}

function clockOf(now: RunNodeOptions['now']): () => Date {
  if (typeof now === 'function') return now;
  const time = (now ?? DEFAULT_NOW).getTime();
  return () => new Date(time);
}

function fakeCredentials(store: Record<string, FakeCredential>): CredentialService {
  return {
    async get(id, acceptedTypes) {
      const credential = Object.hasOwn(store, id) ? store[id] : undefined;
      if (!credential) throw new Error(`credential "${id}" does not exist`);
      if (acceptedTypes && !acceptedTypes.includes(credential.type)) {
        throw new Error(`credential "${id}" is of type ${credential.type}; expected ${acceptedTypes.join(' or ')}`);
      }
      return structuredClone(credential);
    },
  };
}

function recordingLogger(logs: LogEntry[]): NodeLogger {
  const at = (level: LogEntry['level']) => (msg: string, data?: object) => {
    logs.push(data === undefined ? { level, msg } : { level, msg, data });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
