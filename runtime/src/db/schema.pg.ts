// The PostgreSQL schema: table by table the same as schema.sqlite.ts (same names, columns, keys
// and indexes), generated into runtime/drizzle/pg (`cd runtime && npx drizzle-kit generate --config
// drizzle.pg.config.ts`). Change both files together; never edit a generated migration.
//
// Types, and why:
// - Timestamps stay ISO 8601 text, as in SQLite: the records read back character for character,
//   and lists page by comparing them as text. waits.due_at is epoch ms in a bigint.
// - Keys and sort columns are `text COLLATE "C"` (`sortable`): byte order, as SQLite compares, on
//   any database collation (en_US would ignore the dashes in ids), and cheaper to compare.
// - JSON the store only writes and reads back (definitions, trigger payloads, step data, waits) is
//   `json`: kept as sent (key order, and \u0000, which jsonb refuses), and not decomposed on every
//   step checkpoint. Contacts' tags, fields and consent and event data are `jsonb`: those are what
//   lists and segments query inside.
import type { ResumeInfo, Rules, WebhookResponse, Workflow } from '@tern/shared';
import { sql } from 'drizzle-orm';
import {
  bigint, boolean, customType, index, integer, json, jsonb, pgTable, primaryKey, text, uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { SegmentRules } from './segment-rules.js';
import type { ContactConsent, ExecutionError } from './store.js';

/** Text compared byte by byte (see above). */
const sortable = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

export const workflows = pgTable('workflows', {
  id: sortable('id').primaryKey(),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(false),
  /** The latest saved version. */
  version: integer('version').notNull(),
  activeVersion: integer('active_version'),
  /** The definition of the latest version (a copy of its workflow_versions row). */
  definition: json('definition').$type<Workflow>().notNull(),
  createdAt: sortable('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('workflows_created_idx').on(t.createdAt, t.id)]);

export const workflowVersions = pgTable('workflow_versions', {
  workflowId: sortable('workflow_id').notNull().references(() => workflows.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  definition: json('definition').$type<Workflow>().notNull(),
  createdAt: text('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workflowId, t.version] })]);

/** Routes claimed by active workflows; the primary key makes a path+method unique. */
export const webhookRoutes = pgTable('webhook_routes', {
  path: sortable('path').notNull(),
  method: text('method').notNull(),
  workflowId: sortable('workflow_id').notNull().references(() => workflows.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  nodeId: text('node_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.path, t.method] }),
  index('webhook_routes_workflow_idx').on(t.workflowId),
]);

export const executions = pgTable('executions', {
  id: sortable('id').primaryKey(),
  workflowId: sortable('workflow_id').notNull().references(() => workflows.id, { onDelete: 'cascade' }),
  workflowVersion: integer('workflow_version').notNull(),
  status: text('status').notNull(),
  mode: text('mode').notNull(),
  trigger: json('trigger'),
  contactId: text('contact_id'),
  error: json('error').$type<ExecutionError>(),
  response: json('response').$type<WebhookResponse>(),
  startedAt: sortable('started_at').notNull(),
  finishedAt: sortable('finished_at'),
}, (t) => [
  // Lists are newest first: each filter has an index that already holds that order.
  index('executions_workflow_started_idx').on(t.workflowId, t.startedAt),
  index('executions_status_started_idx').on(t.status, t.startedAt),
  index('executions_started_idx').on(t.startedAt),
  // Partial: a running execution has no entry, so starting one writes one index page fewer.
  index('executions_finished_idx').on(t.finishedAt).where(sql`finished_at IS NOT NULL`),
]);

export const steps = pgTable('steps', {
  id: sortable('id').primaryKey(),
  executionId: sortable('execution_id').notNull().references(() => executions.id, { onDelete: 'cascade' }),
  nodeId: text('node_id').notNull(),
  seq: integer('seq').notNull(),
  status: text('status').notNull(),
  input: json('input'),
  output: json('output'),
  port: text('port'),
  error: json('error').$type<ExecutionError>(),
  attempt: integer('attempt').notNull().default(0),
  resume: json('resume').$type<ResumeInfo>(),
  joined: json('joined').$type<string[]>().notNull().default(sql`'[]'`),
  startedAt: text('started_at'),
  finishedAt: text('finished_at'),
}, (t) => [index('steps_execution_seq_idx').on(t.executionId, t.seq)]);

export const waits = pgTable('waits', {
  /** A step waits on one thing at a time, so the step is the wait's key. */
  stepId: sortable('step_id').primaryKey(),
  executionId: sortable('execution_id').notNull().references(() => executions.id, { onDelete: 'cascade' }),
  /** Epoch ms; null for an event wait without a timeout. */
  dueAt: bigint('due_at', { mode: 'number' }),
  eventType: text('event_type'),
  eventFilter: json('event_filter').$type<Rules>(),
  contactId: text('contact_id'),
  state: json('state'),
  createdAt: sortable('created_at').notNull(),
}, (t) => [
  // Partial: a time wait never touches the event index, an event wait without a timeout never
  // the due index; every index a write touches costs on the hot path.
  index('waits_due_idx').on(t.dueAt).where(sql`${t.dueAt} IS NOT NULL`),
  index('waits_contact_event_idx').on(t.contactId, t.eventType).where(sql`${t.eventType} IS NOT NULL`),
  // Deleting an execution cascades by execution_id: without it, that scans the whole table.
  index('waits_execution_idx').on(t.executionId),
]);

/** No foreign key to executions: a key is claimed before its execution is created. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  executionId: text('execution_id').notNull(),
  response: json('response').$type<WebhookResponse>(),
  createdAt: sortable('created_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.scope, t.key] }),
  index('idempotency_keys_created_idx').on(t.createdAt),
]);

export const users = pgTable('users', {
  id: sortable('id').primaryKey(),
  /** Stored lower-cased, so that sign-in ignores case. */
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  createdAt: text('created_at').notNull(),
});

export const sessions = pgTable('sessions', {
  /** SHA-256 of the session token; the token itself is never stored. */
  tokenHash: text('token_hash').primaryKey(),
  userId: sortable('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: sortable('expires_at').notNull(),
}, (t) => [index('sessions_expires_idx').on(t.expiresAt)]);

export const apiKeys = pgTable('api_keys', {
  id: sortable('id').primaryKey(),
  name: text('name').notNull(),
  scope: text('scope').notNull(),
  prefix: text('prefix').notNull(),
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  keyHash: text('key_hash').notNull().unique(),
  userId: sortable('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: sortable('created_at').notNull(),
  lastUsedAt: text('last_used_at'),
});

export const credentials = pgTable('credentials', {
  id: sortable('id').primaryKey(),
  type: text('type').notNull(),
  name: text('name').notNull(),
  /** AES-256-GCM, see security/crypto.ts. */
  dataEncrypted: text('data_encrypted').notNull(),
  createdAt: sortable('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('credentials_created_idx').on(t.createdAt, t.id)]);

/**
 * Contacts (CRM-lite). Email (lower-cased, trimmed) and phone (E.164) are each unique where set:
 * one person is one contact. Tags, custom fields and per-channel consent are JSON.
 */
export const contacts = pgTable('contacts', {
  id: sortable('id').primaryKey(),
  email: text('email'),
  phone: text('phone'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  timezone: text('timezone'),
  locale: text('locale'),
  tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'`),
  score: integer('score').notNull().default(0),
  fields: jsonb('fields').$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  consent: jsonb('consent').$type<ContactConsent>().notNull().default(sql`'{}'`),
  createdAt: sortable('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [
  uniqueIndex('contacts_email_idx').on(t.email).where(sql`${t.email} IS NOT NULL`),
  uniqueIndex('contacts_phone_idx').on(t.phone).where(sql`${t.phone} IS NOT NULL`),
  index('contacts_created_idx').on(t.createdAt, t.id),
]);

/** What happened to a contact: tracked events, opens, clicks, purchases. */
export const contactEvents = pgTable('events', {
  id: sortable('id').primaryKey(),
  contactId: sortable('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  data: jsonb('data'),
  at: sortable('at').notNull(),
}, (t) => [
  index('events_contact_at_idx').on(t.contactId, t.at),
  index('events_type_at_idx').on(t.type, t.at),
  // Segments' event rules ask "did this contact do X (since …)": one index probe per contact.
  index('events_contact_type_at_idx').on(t.contactId, t.type, t.at),
]);

// ---------------------------------------------------------------------------------------------
// Segments: saved rules over contacts and their events (db/segment-rules.ts), and the contacts
// each one holds now (see schema.sqlite.ts).

export const segments = pgTable('segments', {
  id: sortable('id').primaryKey(),
  /** Unique: in_segment and the schedule audience may name a segment instead of giving its id. */
  name: text('name').notNull().unique(),
  description: text('description'),
  rules: json('rules').$type<SegmentRules>().notNull(),
  /** Whether time alone can change membership (withinDays, is_anniversary): swept periodically. */
  timeBased: boolean('time_based').notNull().default(false),
  createdAt: sortable('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('segments_created_idx').on(t.createdAt, t.id)]);

export const segmentMembers = pgTable('segment_members', {
  segmentId: sortable('segment_id').notNull().references(() => segments.id, { onDelete: 'cascade' }),
  contactId: sortable('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  since: text('since').notNull(),
}, (t) => [
  primaryKey({ columns: [t.segmentId, t.contactId] }),
  // A contact's segments (contact.segments in rules), and the cascade when a contact is deleted.
  index('segment_members_contact_idx').on(t.contactId),
]);

// ---------------------------------------------------------------------------------------------
// Message tracking: the log of every message a step sent, and the suppression list (see
// schema.sqlite.ts).

export const messages = pgTable('messages', {
  id: sortable('id').primaryKey(),
  stepKey: text('step_key').notNull().unique(),
  channel: text('channel').notNull(),
  toAddress: text('to_address').notNull(),
  subject: text('subject'),
  marketing: boolean('marketing').notNull(),
  status: text('status').notNull(),
  reason: text('reason'),
  providerMessageId: text('provider_message_id'),
  executionId: text('execution_id').notNull(),
  workflowId: text('workflow_id').notNull(),
  nodeId: text('node_id').notNull(),
  contactId: sortable('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
  opens: integer('opens').notNull().default(0),
  clicks: integer('clicks').notNull().default(0),
  createdAt: sortable('created_at').notNull(),
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
  index('messages_cap_idx').on(t.channel, t.toAddress, t.createdAt).where(sql`${t.marketing}`),
]);

/** Addresses (lower-cased email or E.164 phone) no message goes to: unsubscribed, bounced, complained. */
export const suppressions = pgTable('suppressions', {
  address: sortable('address').primaryKey(),
  channel: text('channel').notNull(),
  reason: text('reason').notNull(),
  source: text('source'),
  createdAt: sortable('created_at').notNull(),
}, (t) => [index('suppressions_created_idx').on(t.createdAt, t.address)]);

// ---------------------------------------------------------------------------------------------
// Lead scoring and contact changes from flows (see schema.sqlite.ts).

export const scoringRules = pgTable('scoring_rules', {
  id: sortable('id').primaryKey(),
  name: text('name').notNull(),
  event: text('event').notNull(),
  filter: json('filter').$type<Rules>(),
  points: integer('points').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: sortable('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const contactChanges = pgTable('contact_changes', {
  key: text('key').primaryKey(),
  contactId: sortable('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  result: json('result').notNull(),
  createdAt: sortable('created_at').notNull(),
}, (t) => [index('contact_changes_created_idx').on(t.createdAt)]);

export const scoreDecay = pgTable('score_decay', {
  contactId: sortable('contact_id').primaryKey().references(() => contacts.id, { onDelete: 'cascade' }),
  decayedAt: sortable('decayed_at').notNull(),
});

export const contactAliases = pgTable('contact_aliases', {
  kind: text('kind', { enum: ['userId', 'anonymousId'] }).notNull(),
  value: text('value').notNull(),
  contactId: sortable('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
}, (t) => [
  primaryKey({ columns: [t.kind, t.value] }),
  index('contact_aliases_contact_idx').on(t.contactId),
]);

// ---------------------------------------------------------------------------------------------
// Journeys (re-entry rules): a contact's latest entry into a journey that does not admit them every
// time (see schema.sqlite.ts).
export const journeyEntries = pgTable('journey_entries', {
  workflowId: sortable('workflow_id').notNull().references(() => workflows.id, { onDelete: 'cascade' }),
  contactId: sortable('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  /** The execution of the latest entry ("once at a time" asks whether it is still going). */
  executionId: text('execution_id').notNull(),
  enteredAt: text('entered_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workflowId, t.contactId] })]);
