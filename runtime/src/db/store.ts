// The storage interface. Every method is one transaction and async, so a PostgreSQL
// implementation can follow the SQLite one without touching the engine or the HTTP layer.
import type { ResumeInfo, Rules, WebhookResponse, Workflow } from '@tern/shared';
import type { SegmentRules } from './segment-rules.js';

export type ExecutionStatus = 'running' | 'waiting' | 'success' | 'error' | 'canceled';
export type StepStatus = 'pending' | 'running' | 'waiting' | 'success' | 'error' | 'skipped' | 'canceled';
export type ExecutionMode = 'manual' | 'webhook' | 'schedule' | 'event' | 'cli';

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

// ---------------------------------------------------------------------------------------------
// Workflows: a row per workflow, and an immutable row per saved version.

export interface WorkflowRecord {
  id: string;
  name: string;
  active: boolean;
  /** The latest saved version. */
  version: number;
  /** The version that runs while active (the latest at activation). */
  activeVersion: number | null;
  definition: Workflow;
  createdAt: string;
  updatedAt: string;
}

export interface WorkflowVersionRecord {
  workflowId: string;
  version: number;
  definition: Workflow;
  createdAt: string;
}

/** A route that an active workflow claims. */
export interface WebhookRoute {
  path: string;
  method: string;
  workflowId: string;
  version: number;
  nodeId: string;
}

export interface WorkflowRepository {
  create(definition: Workflow): Promise<WorkflowRecord>;
  /** Saves a new version; the previous ones stay readable. */
  update(id: string, definition: Workflow): Promise<WorkflowRecord | null>;
  get(id: string): Promise<WorkflowRecord | null>;
  getVersion(id: string, version: number): Promise<WorkflowVersionRecord | null>;
  listVersions(id: string): Promise<Array<Omit<WorkflowVersionRecord, 'definition'>>>;
  list(page: PageRequest & { active?: boolean }): Promise<Page<WorkflowRecord>>;
  /** Deletes the workflow, its versions, executions and waits. */
  delete(id: string): Promise<boolean>;
  /**
   * Activates the latest version and claims its webhook routes in one transaction. When another
   * active workflow holds one of the routes, nothing changes and the conflicting route is returned.
   */
  activate(id: string, routes: Array<Omit<WebhookRoute, 'workflowId' | 'version'>>): Promise<
    { ok: true; workflow: WorkflowRecord } | { ok: false; conflict: WebhookRoute }
  >;
  /** Deactivates and releases the routes. */
  deactivate(id: string): Promise<WorkflowRecord | null>;
  listActive(): Promise<WorkflowRecord[]>;
  /** The route for a path (method `ANY` matches every method). */
  findWebhook(path: string, method: string): Promise<WebhookRoute | null>;
}

// ---------------------------------------------------------------------------------------------
// Executions and their steps

export interface ExecutionError {
  message: string;
  nodeId?: string;
}

export interface ExecutionRecord {
  id: string;
  workflowId: string;
  /** The workflow version this execution is pinned to. */
  workflowVersion: number;
  status: ExecutionStatus;
  mode: ExecutionMode;
  /** The raw trigger payload. */
  trigger: unknown;
  contactId: string | null;
  error: ExecutionError | null;
  /** The webhook response, once there is one (http.respond or the last node's output). */
  response: WebhookResponse | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface StepRecord {
  id: string;
  executionId: string;
  nodeId: string;
  /** Order of creation within the execution; a node in a loop has several steps. */
  seq: number;
  status: StepStatus;
  input: unknown;
  output: unknown;
  /** The output port taken. */
  port: string | null;
  error: ExecutionError | null;
  attempt: number;
  /** Set when a waiting step is due to be executed again. */
  resume: ResumeInfo | null;
  /** For join nodes: the edges that have delivered so far. */
  joined: string[];
  startedAt: string | null;
  finishedAt: string | null;
}

export interface WaitRecord {
  executionId: string;
  /** The waiting step, which is also the wait's identity: a step waits on one thing at a time. */
  stepId: string;
  /** When the wait falls due (time waits, and the timeout of event waits), in epoch ms. */
  dueAt: number | null;
  eventType: string | null;
  eventFilter: Rules | null;
  contactId: string | null;
  /** What execute() returned with the wait; handed back in resume.state. */
  state: unknown;
  createdAt: string;
}

/** The in-memory state of one execution while it runs. */
export interface RunState {
  execution: ExecutionRecord;
  steps: StepRecord[];
}

/**
 * What one step changes, written in one transaction: the step checkpoint, the steps it makes
 * pending, the waits it creates or ends, and the execution's new status.
 */
export interface StateDelta {
  upsertSteps: StepRecord[];
  addWaits: WaitRecord[];
  /** Waits ended by this change (their step resumed, or the execution ended). */
  removeWaitsForSteps: string[];
  execution?: Partial<Pick<ExecutionRecord, 'status' | 'error' | 'response' | 'finishedAt' | 'contactId'>>;
}

export interface ExecutionFilter {
  workflowId?: string;
  status?: ExecutionStatus;
  /** The journeys of one contact. */
  contactId?: string;
}

/** A journey's re-entry rule, checked as its execution is created (see JourneyRepository). */
export type EntryRule = 'once' | 'once_at_a_time';

export interface ExecutionRepository {
  /**
   * Creates an execution with its first steps in one transaction. With an `entry` rule (the run
   * belongs to a contact), the contact's earlier entries are checked in the same transaction:
   * `once` admits a contact who never entered this workflow, `once_at_a_time` one whose last
   * entry has finished. Answers false, writing nothing, when the rule refuses the contact.
   */
  create(execution: ExecutionRecord, steps: StepRecord[], entry?: EntryRule): Promise<boolean>;
  get(id: string): Promise<ExecutionRecord | null>;
  /** The execution with its steps in order. */
  load(id: string): Promise<RunState | null>;
  /** Several executions with their steps, read together (in any order; unknown ids are left out). */
  loadMany(ids: string[]): Promise<RunState[]>;
  list(filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionRecord>>;
  apply(executionId: string, delta: StateDelta): Promise<void>;
  /** Ids of executions left `running` (to recover at start). */
  listRunning(): Promise<string[]>;
  waitsOf(executionId: string): Promise<WaitRecord[]>;
  /**
   * Atomically takes up to `limit` waits due at `now`: deletes them, marks their steps `pending`
   * with `resume` info (reason `time`, or `timeout` for event waits) and their executions
   * `running`. Returns the executions to run. Two callers never get the same wait.
   */
  resumeDue(now: number, limit: number): Promise<string[]>;
  /** The earliest due time of any wait, for the scheduler's timer. */
  nextDueAt(): Promise<number | null>;
  /** Deletes finished executions that finished before `before`; returns how many. */
  pruneFinished(before: string, limit: number): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Webhook idempotency: a retried delivery returns the first result.

export interface IdempotencyRecord {
  executionId: string;
  response: WebhookResponse | null;
}

export interface IdempotencyRepository {
  /** Records key → execution unless the key exists; returns the existing record if it does. */
  claim(scope: string, key: string, executionId: string): Promise<IdempotencyRecord | null>;
  saveResponse(scope: string, key: string, response: WebhookResponse): Promise<void>;
  pruneBefore(before: string): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Auth

export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  role: 'owner';
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  name: string;
  scope: 'full' | 'ingest';
  /** First characters of the key, to recognise it in a list. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface AuthRepository {
  hasOwner(): Promise<boolean>;
  /** Creates the owner unless one exists (then returns null). */
  createOwner(email: string, passwordHash: string): Promise<UserRecord | null>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  createSession(tokenHash: string, userId: string, expiresAt: string): Promise<void>;
  findSession(tokenHash: string, now: string): Promise<{ userId: string } | null>;
  deleteSession(tokenHash: string): Promise<void>;
  createApiKey(record: ApiKeyRecord, keyHash: string, userId: string): Promise<void>;
  findApiKey(keyHash: string): Promise<(ApiKeyRecord & { userId: string }) | null>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  deleteApiKey(id: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Credentials: data encrypted at rest, never returned.

export interface CredentialRecord {
  id: string;
  type: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface CredentialRepository {
  create(record: CredentialRecord, encryptedData: string): Promise<void>;
  update(id: string, fields: { name?: string; encryptedData?: string; updatedAt: string }): Promise<boolean>;
  get(id: string): Promise<(CredentialRecord & { encryptedData: string }) | null>;
  list(page: PageRequest): Promise<Page<CredentialRecord>>;
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
  /** Any one encrypted value, to check at start that the key can read it. */
  sample(): Promise<string | null>;
}

// ---------------------------------------------------------------------------------------------
// Contacts and their events. Identity (email, phone) arrives normalised (services/contacts.ts).

export type ConsentChannel = 'email' | 'sms';

export interface ChannelConsent {
  status: 'subscribed' | 'unsubscribed' | 'unknown';
  source: string | null;
  at: string | null;
}

export type ContactConsent = Partial<Record<ConsentChannel, ChannelConsent>>;

export interface ContactRecord {
  id: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  timezone: string | null;
  locale: string | null;
  tags: string[];
  score: number;
  fields: Record<string, unknown>;
  consent: ContactConsent;
  createdAt: string;
  updatedAt: string;
}

export interface ContactFilter {
  email?: string;
  phone?: string;
  /** Substring of email, first or last name, or phone (case-insensitive). */
  q?: string;
  tag?: string;
  /** Members of the segment with this id (as last computed). */
  segment?: string;
}

export interface EventRecord {
  id: string;
  contactId: string;
  type: string;
  data: unknown;
  at: string;
}

/** One contact write of an ingest: an existing contact replaced, or a new one inserted. */
export interface ContactWrite {
  contact: ContactRecord;
  isNew: boolean;
}

export interface ContactRepository {
  /** Inserts; returns the id of the contact holding the email or phone instead, if one does. */
  create(record: ContactRecord): Promise<{ ok: true } | { ok: false; conflictId: string }>;
  /** Replaces the contact's fields (not id, createdAt); same conflict rule as create. */
  update(record: ContactRecord): Promise<{ ok: true } | { ok: false; conflictId: string } | null>;
  get(id: string): Promise<ContactRecord | null>;
  getMany(ids: string[]): Promise<ContactRecord[]>;
  findByEmail(email: string): Promise<ContactRecord | null>;
  findByPhone(phone: string): Promise<ContactRecord | null>;
  list(filter: ContactFilter, page: PageRequest): Promise<Page<ContactRecord>>;
  /** Deletes the contact and its events. */
  delete(id: string): Promise<boolean>;
  /**
   * Writes contacts and events in one transaction (all or nothing): what POST /api/events does.
   * A unique clash (another request took the email meanwhile) rejects the whole call.
   */
  ingest(contacts: ContactWrite[], events: EventRecord[]): Promise<void>;
  /** The contact's events, newest first. */
  events(contactId: string, page: PageRequest): Promise<Page<EventRecord>>;
}

/** Event waits (flow.wait_event): resumed by an event of their contact. */
export interface EventWaitRepository {
  /**
   * Atomically takes the event waits of `contactId` on `event.type` whose filter `matches`:
   * deletes them, marks their steps `pending` with resume reason `event` and their executions
   * `running`. Returns the executions to run. A wait taken here is gone for resumeDue (its
   * timeout), and the other way round: whichever comes first wins, once.
   */
  resume(
    contactId: string,
    event: { type: string; data: unknown; at: string },
    matches: (filter: Rules | null) => boolean,
  ): Promise<string[]>;
}

// ---------------------------------------------------------------------------------------------
// Message log and suppression list (message tracking)

export type MessageChannel = 'email' | 'sms';
/** How far a message got; `suppressed` and `capped` were never sent. */
export type MessageStatus =
  | 'sending' | 'sent' | 'failed' | 'delivered' | 'opened' | 'clicked' | 'unsubscribed' | 'complained' | 'bounced'
  | 'suppressed' | 'capped';
/** What can happen to a message after it was admitted; each has its time on the record. */
export type MessageStage = 'sent' | 'failed' | 'delivered' | 'opened' | 'clicked' | 'unsubscribed' | 'complained' | 'bounced';

export interface MessageRecord {
  id: string;
  /** The sending step's idempotency key. */
  stepKey: string;
  channel: MessageChannel;
  /** Lower-cased email address or E.164 number. */
  to: string;
  subject: string | null;
  marketing: boolean;
  status: MessageStatus;
  /** Why it was suppressed, capped, failed or bounced. */
  reason: string | null;
  providerMessageId: string | null;
  executionId: string;
  workflowId: string;
  nodeId: string;
  contactId: string | null;
  opens: number;
  clicks: number;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
  bouncedAt: string | null;
  complainedAt: string | null;
  unsubscribedAt: string | null;
  failedAt: string | null;
}

export interface MessageStats {
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  unsubscribed: number;
}

export interface MessageRepository {
  /**
   * One atomic step, so that two journeys sending at the same moment cannot both pass a cap: the
   * message of `record.stepKey` if the step recorded one already (unless it failed: a retry is
   * decided again, on the same record); else, when `cap` is given and the
   * recipient got `cap.max` or more marketing messages of the channel after `cap.since` (sent or
   * being sent), the record stored as `capped`; else the record stored as given.
   */
  admit(record: MessageRecord, cap: { max: number; since: string; reason: string } | null): Promise<MessageRecord>;
  get(id: string): Promise<MessageRecord | null>;
  /** The latest message a node of an execution sent (for tracking links made without a message id). */
  findByStep(executionId: string, nodeId: string): Promise<MessageRecord | null>;
  findByProviderId(channel: MessageChannel, providerMessageId: string): Promise<MessageRecord | null>;
  /**
   * Records a stage: its time is kept the first time, opens and clicks are counted every time, and
   * the status moves only forward (a retried send after a failure counts as forward). Returns the
   * record before and after, or null when there is no such message.
   */
  mark(id: string, stage: MessageStage, at: string, fields?: { providerMessageId?: string; reason?: string }): Promise<
    { before: MessageRecord; after: MessageRecord } | null
  >;
  /** A contact's messages, newest first. */
  listForContact(contactId: string, page: PageRequest): Promise<Page<MessageRecord>>;
  statsForWorkflow(workflowId: string): Promise<MessageStats>;
}

export type SuppressionReason = 'unsubscribed' | 'bounced' | 'complained';

export interface SuppressionRecord {
  /** Lower-cased email address or E.164 number. */
  address: string;
  channel: MessageChannel;
  reason: SuppressionReason;
  /** Where it came from: `api`, `smtp`, `sms STOP`, `one-click`… */
  source: string | null;
  createdAt: string;
}

export interface SuppressionRepository {
  get(address: string): Promise<SuppressionRecord | null>;
  /** Adds the address, or replaces its entry. */
  put(record: SuppressionRecord): Promise<void>;
  /** Removes the address (only when its reason is `reason`, if given). */
  delete(address: string, reason?: SuppressionReason): Promise<boolean>;
  list(filter: { channel?: MessageChannel; reason?: SuppressionReason }, page: PageRequest): Promise<Page<SuppressionRecord>>;
}

// ---------------------------------------------------------------------------------------------
// Segments: saved rules over contacts and their events, with their current members stored so
// that a change of membership is seen (segment.entered / segment.exited). The rules arrive
// checked (segment-rules.ts); each store compiles them to its own SQL.

export interface SegmentRecord {
  id: string;
  name: string;
  description: string | null;
  rules: SegmentRules;
  createdAt: string;
  updatedAt: string;
}

/** A segment with how many contacts it holds. */
export type SegmentWithCount = SegmentRecord & { count: number };

export interface SegmentChange {
  segmentId: string;
  segmentName: string;
  contactId: string;
  change: 'entered' | 'exited';
}

/** What time-based rules are measured against: now, and the time zone of contacts without one. */
export interface SegmentClock {
  now: Date;
  timezone?: string;
}

export interface SegmentRepository {
  /**
   * Saves the segment and makes its members the contacts that match now (no change is reported:
   * contacts who already matched did not just enter). A name in use answers `name_taken`.
   */
  create(record: SegmentRecord, at: SegmentClock): Promise<{ ok: true } | { ok: false; reason: 'name_taken' }>;
  /** Same for new rules or a new name; null when there is no such segment. */
  update(record: SegmentRecord, at: SegmentClock): Promise<{ ok: true } | { ok: false; reason: 'name_taken' } | null>;
  get(id: string): Promise<SegmentWithCount | null>;
  findByName(name: string): Promise<SegmentWithCount | null>;
  list(page: PageRequest): Promise<Page<SegmentWithCount>>;
  /** Deletes the segment and its membership. */
  delete(id: string): Promise<boolean>;
  /** How many contacts match the rules now, and up to `sampleSize` of them (newest first). */
  preview(rules: SegmentRules, sampleSize: number, at: SegmentClock): Promise<{ count: number; sample: ContactRecord[] }>;
  /** Ids of contacts matching the rules now, after `afterId` in id order: an audience read in batches. */
  matchingIds(rules: SegmentRules, afterId: string | null, limit: number, at: SegmentClock): Promise<string[]>;
  /** The segments a contact is in, as last computed. */
  membershipOf(contactId: string): Promise<Array<{ id: string; name: string }>>;
  /** Computes the membership of these contacts in every segment again; returns what changed. */
  refreshContacts(contactIds: string[], at: SegmentClock): Promise<SegmentChange[]>;
  /** Computes the membership of every contact again in the segments that depend on time. */
  refreshTimeBased(at: SegmentClock): Promise<SegmentChange[]>;
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Journey stats: SQL aggregates over a workflow's executions and steps.

export interface NodeStats {
  /** Steps of the node (a node in a loop counts each pass). */
  entered: number;
  /** Steps waiting at the node now (a delay, an event, a join collecting its inputs). */
  waiting: number;
  /** Finished steps by the output port they took. */
  passed: Record<string, number>;
  errored: number;
}

export interface JourneyStats {
  workflow: { started: number; running: number; waiting: number; succeeded: number; errored: number; converted: number };
  nodes: Record<string, NodeStats>;
}

export interface JourneyRepository {
  stats(workflowId: string): Promise<JourneyStats>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  workflows: WorkflowRepository;
  executions: ExecutionRepository;
  idempotency: IdempotencyRepository;
  auth: AuthRepository;
  credentials: CredentialRepository;
  contacts: ContactRepository;
  eventWaits: EventWaitRepository;
  messages: MessageRepository;
  suppressions: SuppressionRepository;
  segments: SegmentRepository;
  scoringRules: ScoringRuleRepository;
  contactChanges: ContactChangeRepository;
  contactAliases: ContactAliasRepository;
  journeys: JourneyRepository;
  /** Housekeeping after pruning: checkpoint the WAL and give free pages back to the file system. */
  compact(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Lead scoring and contact changes from flows (crm).

export interface ScoringRuleRecord {
  id: string;
  name: string;
  /** The event type it scores, e.g. `page.viewed`. */
  event: string;
  /** Over `{ event: { type, data, at }, contact }`, like a trigger.event filter. */
  filter: Rules | null;
  points: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ScoringRuleRepository {
  list(page: PageRequest): Promise<Page<ScoringRuleRecord>>;
  /** Every active rule (read once per ingest request). */
  listActive(): Promise<ScoringRuleRecord[]>;
  get(id: string): Promise<ScoringRuleRecord | null>;
  create(rule: ScoringRuleRecord): Promise<void>;
  /** False when there is no rule with this id. */
  update(rule: ScoringRuleRecord): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

export interface ScoreChange {
  contactId: string;
  from: number;
  to: number;
}

export interface ContactChangeRepository {
  /**
   * In one transaction: unless `key` was used before, reads the contact, lets `change` (a pure
   * function: it may run twice) return the contact to write and a result, writes both. A key used
   * before returns its first result with `applied: false`; a missing contact returns null.
   */
  apply<R>(key: string, contactId: string, change: (contact: ContactRecord) => { contact: ContactRecord; result: R }):
    Promise<{ applied: boolean; result: R } | null>;
  /**
   * Takes `points` (never below 0) from up to `limit` contacts with a score above 0 whose last
   * event (other than `score.changed`) and last decay are both before `inactiveSince`.
   */
  decay(inactiveSince: string, points: number, now: string, limit: number): Promise<ScoreChange[]>;
  /** Forgets keys recorded before `before`. */
  pruneBefore(before: string): Promise<number>;
}

export type ContactAliasKind = 'userId' | 'anonymousId';

export interface ContactAliasRepository {
  /** The contact an id was linked to. */
  find(kind: ContactAliasKind, value: string): Promise<string | null>;
  /** Links ids to a contact (a later link of the same id moves it). */
  link(contactId: string, aliases: Array<{ kind: ContactAliasKind; value: string }>): Promise<void>;
}
