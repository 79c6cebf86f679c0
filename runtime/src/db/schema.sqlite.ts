// The SQLite schema: the single source the migrations in runtime/drizzle/sqlite are generated from
// (`cd runtime && npx drizzle-kit generate --config drizzle.config.ts`). Never edit a generated
// migration; change this file and generate a new one.
//
// Conventions: timestamps are ISO 8601 strings (they sort as text), except waits.due_at, which is
// epoch milliseconds because the scheduler compares it with numbers. JSON values are text.
import type { ResumeInfo, Rules, WebhookResponse, Workflow } from '@tern/shared';
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { SegmentRules } from './segment-rules.js';
import type { ContactConsent, ExecutionError } from './store.js';

export const workflows = sqliteTable('workflows', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(false),
  /** The latest saved version. */
  version: integer('version').notNull(),
  activeVersion: integer('active_version'),
  /** The definition of the latest version (a copy of its workflow_versions row). */
  definition: text('definition', { mode: 'json' }).$type<Workflow>().notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('workflows_created_idx').on(t.createdAt, t.id)]);

export const workflowVersions = sqliteTable('workflow_versions', {
  workflowId: text('workflow_id').notNull().references(() => workflows.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  definition: text('definition', { mode: 'json' }).$type<Workflow>().notNull(),
  createdAt: text('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workflowId, t.version] })]);

/** Routes claimed by active workflows; the primary key makes a path+method unique. */
export const webhookRoutes = sqliteTable('webhook_routes', {
  path: text('path').notNull(),
  method: text('method').notNull(),
  workflowId: text('workflow_id').notNull().references(() => workflows.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  nodeId: text('node_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.path, t.method] }),
  index('webhook_routes_workflow_idx').on(t.workflowId),
]);

export const executions = sqliteTable('executions', {
  id: text('id').primaryKey(),
  workflowId: text('workflow_id').notNull().references(() => workflows.id, { onDelete: 'cascade' }),
  workflowVersion: integer('workflow_version').notNull(),
  status: text('status').notNull(),
  mode: text('mode').notNull(),
  trigger: text('trigger', { mode: 'json' }),
  contactId: text('contact_id'),
  error: text('error', { mode: 'json' }).$type<ExecutionError>(),
  response: text('response', { mode: 'json' }).$type<WebhookResponse>(),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
}, (t) => [
  // Lists are newest first: each filter has an index that already holds that order.
  index('executions_workflow_started_idx').on(t.workflowId, t.startedAt),
  index('executions_status_started_idx').on(t.status, t.startedAt),
  index('executions_started_idx').on(t.startedAt),
  // Partial: a running execution has no entry, so starting one writes one index page fewer.
  index('executions_finished_idx').on(t.finishedAt).where(sql`finished_at IS NOT NULL`),
]);

export const steps = sqliteTable('steps', {
  id: text('id').primaryKey(),
  executionId: text('execution_id').notNull().references(() => executions.id, { onDelete: 'cascade' }),
  nodeId: text('node_id').notNull(),
  seq: integer('seq').notNull(),
  status: text('status').notNull(),
  input: text('input', { mode: 'json' }),
  output: text('output', { mode: 'json' }),
  port: text('port'),
  error: text('error', { mode: 'json' }).$type<ExecutionError>(),
  attempt: integer('attempt').notNull().default(0),
  resume: text('resume', { mode: 'json' }).$type<ResumeInfo>(),
  joined: text('joined', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  startedAt: text('started_at'),
  finishedAt: text('finished_at'),
}, (t) => [index('steps_execution_seq_idx').on(t.executionId, t.seq)]);

export const waits = sqliteTable('waits', {
  /** A step waits on one thing at a time, so the step is the wait's key. */
  stepId: text('step_id').primaryKey(),
  executionId: text('execution_id').notNull().references(() => executions.id, { onDelete: 'cascade' }),
  /** Epoch ms; null for an event wait without a timeout. */
  dueAt: integer('due_at'),
  eventType: text('event_type'),
  eventFilter: text('event_filter', { mode: 'json' }).$type<Rules>(),
  contactId: text('contact_id'),
  state: text('state', { mode: 'json' }),
  createdAt: text('created_at').notNull(),
}, (t) => [
  // Partial: a time wait never touches the event index, an event wait without a timeout never
  // the due index; every index a write touches costs on the hot path.
  index('waits_due_idx').on(t.dueAt).where(sql`${t.dueAt} IS NOT NULL`),
  index('waits_contact_event_idx').on(t.contactId, t.eventType).where(sql`${t.eventType} IS NOT NULL`),
  // Deleting an execution cascades by execution_id: without it, that scans the whole table.
  index('waits_execution_idx').on(t.executionId),
]);

/** No foreign key to executions: a key is claimed before its execution is created. */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  executionId: text('execution_id').notNull(),
  response: text('response', { mode: 'json' }).$type<WebhookResponse>(),
  createdAt: text('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.scope, t.key] }),
  index('idempotency_keys_created_idx').on(t.createdAt),
]);

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  /** Stored lower-cased, so that sign-in ignores case. */
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  createdAt: text('created_at').notNull(),
});

export const sessions = sqliteTable('sessions', {
  /** SHA-256 of the session token; the token itself is never stored. */
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: text('expires_at').notNull(),
}, (t) => [index('sessions_expires_idx').on(t.expiresAt)]);

export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  scope: text('scope').notNull(),
  prefix: text('prefix').notNull(),
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  keyHash: text('key_hash').notNull().unique(),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: text('created_at').notNull(),
  lastUsedAt: text('last_used_at'),
});

export const credentials = sqliteTable('credentials', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  name: text('name').notNull(),
  /** AES-256-GCM, see security/crypto.ts. */
  dataEncrypted: text('data_encrypted').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('credentials_created_idx').on(t.createdAt, t.id)]);

/**
 * Contacts (CRM-lite). Email (lower-cased, trimmed) and phone (E.164) are each unique where set:
 * one person is one contact. Tags, custom fields and per-channel consent are JSON.
 */
export const contacts = sqliteTable('contacts', {
  id: text('id').primaryKey(),
  email: text('email'),
  phone: text('phone'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  timezone: text('timezone'),
  locale: text('locale'),
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  score: integer('score').notNull().default(0),
  fields: text('fields', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  consent: text('consent', { mode: 'json' }).$type<ContactConsent>().notNull().default(sql`'{}'`),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [
  uniqueIndex('contacts_email_idx').on(t.email).where(sql`${t.email} IS NOT NULL`),
  uniqueIndex('contacts_phone_idx').on(t.phone).where(sql`${t.phone} IS NOT NULL`),
  index('contacts_created_idx').on(t.createdAt, t.id),
]);

/** What happened to a contact: tracked events, opens, clicks, purchases. */
export const contactEvents = sqliteTable('events', {
  id: text('id').primaryKey(),
  contactId: text('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  data: text('data', { mode: 'json' }),
  at: text('at').notNull(),
}, (t) => [
  index('events_contact_at_idx').on(t.contactId, t.at),
  index('events_type_at_idx').on(t.type, t.at),
  // Segments' event rules ask "did this contact do X (since …)": one index probe per contact.
  index('events_contact_type_at_idx').on(t.contactId, t.type, t.at),
]);

// ---------------------------------------------------------------------------------------------
// Segments: saved rules over contacts and their events (db/segment-rules.ts), and the contacts
// each one holds now, kept so that a change of membership can be told apart (segment.entered,
// segment.exited) and listed or counted without running the rules again.

export const segments = sqliteTable('segments', {
  id: text('id').primaryKey(),
  /** Unique: in_segment and the schedule audience may name a segment instead of giving its id. */
  name: text('name').notNull().unique(),
  description: text('description'),
  rules: text('rules', { mode: 'json' }).$type<SegmentRules>().notNull(),
  /** Whether time alone can change membership (withinDays, is_anniversary): swept periodically. */
  timeBased: integer('time_based', { mode: 'boolean' }).notNull().default(false),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('segments_created_idx').on(t.createdAt, t.id)]);

export const segmentMembers = sqliteTable('segment_members', {
  segmentId: text('segment_id').notNull().references(() => segments.id, { onDelete: 'cascade' }),
  contactId: text('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  since: text('since').notNull(),
}, (t) => [
  primaryKey({ columns: [t.segmentId, t.contactId] }),
  // A contact's segments (contact.segments in rules), and the cascade when a contact is deleted.
  index('segment_members_contact_idx').on(t.contactId),
]);

// ---------------------------------------------------------------------------------------------
// Message tracking (tracking helper): the log of every message a step sent, and the suppression list.

/**
 * One row per message a step sent (or held back: `suppressed`, `capped`), keyed by its step so a
 * step executed again finds its row. No foreign key to executions: the log, the frequency caps and
 * the stats outlive pruned executions. `status` is the furthest the message got; each stage keeps
 * its first time. The cap counts a recipient's marketing rows by `created_at`.
 */
export const messages = sqliteTable('messages', {
  id: text('id').primaryKey(),
  stepKey: text('step_key').notNull().unique(),
  channel: text('channel').notNull(),
  toAddress: text('to_address').notNull(),
  subject: text('subject'),
  marketing: integer('marketing', { mode: 'boolean' }).notNull(),
  status: text('status').notNull(),
  reason: text('reason'),
  providerMessageId: text('provider_message_id'),
  executionId: text('execution_id').notNull(),
  workflowId: text('workflow_id').notNull(),
  nodeId: text('node_id').notNull(),
  contactId: text('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
  opens: integer('opens').notNull().default(0),
  clicks: integer('clicks').notNull().default(0),
  createdAt: text('created_at').notNull(),
  sentAt: text('sent_at'),
  deliveredAt: text('delivered_at'),
  openedAt: text('opened_at'),
  clickedAt: text('clicked_at'),
  bouncedAt: text('bounced_at'),
  complainedAt: text('complained_at'),
  unsubscribedAt: text('unsubscribed_at'),
  failedAt: text('failed_at'),
}, (t) => [
  index('messages_contact_created_idx').on(t.contactId, t.createdAt, t.id),
  index('messages_workflow_idx').on(t.workflowId),
  index('messages_execution_node_idx').on(t.executionId, t.nodeId),
  index('messages_provider_idx').on(t.providerMessageId).where(sql`${t.providerMessageId} IS NOT NULL`),
  index('messages_cap_idx').on(t.channel, t.toAddress, t.createdAt).where(sql`${t.marketing} = 1`),
]);

/** Addresses (lower-cased email or E.164 phone) no message goes to: unsubscribed, bounced, complained. */
export const suppressions = sqliteTable('suppressions', {
  address: text('address').primaryKey(),
  channel: text('channel').notNull(),
  reason: text('reason').notNull(),
  source: text('source'),
  createdAt: text('created_at').notNull(),
}, (t) => [index('suppressions_created_idx').on(t.createdAt, t.address)]);

// ---------------------------------------------------------------------------------------------
// Lead scoring and contact changes from flows (crm): scoring rules, the tag and score changes made
// under a step's idempotency key (so a retried step changes nothing twice), when a contact's score
// last decayed, and the ids Segment-compatible senders use (userId, anonymousId) linked to contacts.

/** Points for an event type (and optional filter), applied to every ingested event. */
export const scoringRules = sqliteTable('scoring_rules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  event: text('event').notNull(),
  filter: text('filter', { mode: 'json' }).$type<Rules>(),
  points: integer('points').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** A change made to a contact under an idempotency key, with its result for a retry to return. */
export const contactChanges = sqliteTable('contact_changes', {
  key: text('key').primaryKey(),
  contactId: text('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  result: text('result', { mode: 'json' }).notNull(),
  createdAt: text('created_at').notNull(),
}, (t) => [index('contact_changes_created_idx').on(t.createdAt)]);

/** When the score decay last took points from a contact (one decay per period of inactivity). */
export const scoreDecay = sqliteTable('score_decay', {
  contactId: text('contact_id').primaryKey().references(() => contacts.id, { onDelete: 'cascade' }),
  decayedAt: text('decayed_at').notNull(),
});

/** `userId` / `anonymousId` of Segment's API → the contact they were identified as. */
export const contactAliases = sqliteTable('contact_aliases', {
  kind: text('kind', { enum: ['userId', 'anonymousId'] }).notNull(),
  value: text('value').notNull(),
  contactId: text('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
}, (t) => [
  primaryKey({ columns: [t.kind, t.value] }),
  index('contact_aliases_contact_idx').on(t.contactId),
]);

// ---------------------------------------------------------------------------------------------
// Journeys (re-entry rules): a contact's latest entry into a journey that does not admit them every
// time. Checked and written in the transaction that creates the execution, so two events at once
// cannot both enter; kept when executions are pruned, so "once" stays once.
export const journeyEntries = sqliteTable('journey_entries', {
  workflowId: text('workflow_id').notNull().references(() => workflows.id, { onDelete: 'cascade' }),
  contactId: text('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  /** The execution of the latest entry ("once at a time" asks whether it is still going). */
  executionId: text('execution_id').notNull(),
  enteredAt: text('entered_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workflowId, t.contactId] })]);
