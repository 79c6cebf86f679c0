// Typed calls for /api/contacts and what hangs off a contact: its events, the messages sent to it,
// the journeys (executions) it entered, and the CSV import with its dry-run preview.
import { api, get, post, query } from './client.js';
import type { ExecutionRecord, Page } from './types.js';

export type ConsentStatus = 'subscribed' | 'unsubscribed' | 'unknown';
export type ConsentChannel = 'email' | 'sms';

export interface ChannelConsent {
  status: ConsentStatus;
  source: string | null;
  at: string | null;
}

/** A contact as the API shows it (the names templates use: `contact.first_name`). */
export interface ContactView {
  id: string;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  timezone: string | null;
  locale: string | null;
  tags: string[];
  score: number;
  fields: Record<string, unknown>;
  consent: Partial<Record<ConsentChannel, ChannelConsent>>;
  created_at: string;
  updated_at: string;
}

/** What PATCH takes: standard fields replace, `fields` merges key by key (null deletes), `tags` replaces the set. */
export type ContactPatch = Partial<Pick<ContactView, 'email' | 'phone' | 'first_name' | 'last_name' | 'timezone' | 'locale' | 'tags' | 'score'>> & {
  fields?: Record<string, unknown>;
  consent?: Partial<Record<ConsentChannel, { status: ConsentStatus; source?: string | null }>>;
};

export interface ContactFilter {
  q?: string;
  tag?: string;
  segment?: string;
}

export interface ContactEvent {
  id: string;
  contactId: string;
  type: string;
  data: unknown;
  at: string;
}

/** How far a message got; `suppressed` (unsubscribed, bounced…) and `capped` (frequency cap) were never sent. */
export type MessageStatus =
  | 'sending' | 'sent' | 'failed' | 'delivered' | 'opened' | 'clicked' | 'unsubscribed' | 'complained' | 'bounced' | 'suppressed' | 'capped'
  | (string & {});

export interface ContactMessage {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  subject?: string | null;
  status: MessageStatus;
  executionId: string;
  workflowId: string;
  nodeId: string;
  createdAt?: string;
  /** Null for a message never sent (suppressed, capped). */
  sentAt: string | null;
  /** Why it was not sent, or failed. */
  reason?: string | null;
  deliveredAt?: string | null;
  openedAt?: string | null;
  clickedAt?: string | null;
  bouncedAt?: string | null;
  unsubscribedAt?: string | null;
  complainedAt?: string | null;
  failedAt?: string | null;
}

const path = (id: string) => `/api/contacts/${encodeURIComponent(id)}`;

export const listContacts = (filter: ContactFilter, page: { limit?: number; cursor?: string | null } = {}) =>
  get<Page<ContactView>>(`/api/contacts${query({ ...filter, limit: page.limit ?? 50, cursor: page.cursor })}`);

export const getContact = (id: string) => get<ContactView>(path(id));

export const updateContact = (id: string, patch: ContactPatch) => api<ContactView>('PATCH', path(id), patch);

/** The timeline's sources, newest first; one page of each is plenty for a person's history. */
export const contactEvents = (id: string, limit = 200) => get<Page<ContactEvent>>(`${path(id)}/events?limit=${limit}`);
export const contactMessages = (id: string, limit = 200) => get<Page<ContactMessage>>(`${path(id)}/messages?limit=${limit}`);
export const contactJourneys = (id: string, limit = 200) =>
  get<Page<ExecutionRecord>>(`/api/executions${query({ contactId: id, limit })}`);

// ---------------------------------------------------------------------------------------------
// CSV import

export interface ImportRequest {
  csv: string;
  mapping?: Record<string, string>;
  dryRun?: boolean;
  skipInvalid?: boolean;
}

export interface ImportRowError {
  row: number;
  column?: string;
  field: string;
  message: string;
}

export interface ImportResult {
  columns: string[];
  mapping: Record<string, string>;
  total: number;
  valid: number;
  created: number;
  updated: number;
  skipped: number;
  errors: ImportRowError[];
  preview: ContactView[];
}

/** A file with broken rows and no `skipInvalid` answers 400 with the per-row errors as details. */
export const importContacts = (request: ImportRequest) => post<ImportResult>('/api/contacts/import', request);
