// Typed calls for /api/segments: saved rules over contacts (their fields, tags, score, consent and
// the events they did or did not do), with a live count preview while the rules are edited.
import type { Rule, Rules } from '@tern/shared';
import { del, get, post, put } from './client.js';
import type { ContactView } from './contacts.js';
import type { Page } from './types.js';

/** "Did (not) do event X [n times] [within the last N days]". */
export interface EventRule {
  event: string;
  op: 'did' | 'did_not';
  count?: { op: 'gte' | 'lte' | 'eq'; value: number };
  withinDays?: number;
  filter?: Rules;
}

export interface SegmentRules {
  match: 'all' | 'any';
  rules: (Rule | EventRule | SegmentRules)[];
}

export interface Segment {
  id: string;
  name: string;
  description?: string | null;
  rules: SegmentRules;
  count: number;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentInput {
  name: string;
  description?: string;
  rules: SegmentRules;
}

export interface SegmentPreview {
  count: number;
  sample: ContactView[];
}

const path = (id: string) => `/api/segments/${encodeURIComponent(id)}`;

export const listSegments = (limit = 500) => get<Page<Segment>>(`/api/segments?limit=${limit}`);
export const getSegment = (id: string) => get<Segment>(path(id));
export const createSegment = (input: SegmentInput) => post<Segment>('/api/segments', input);
export const updateSegment = (id: string, input: SegmentInput) => put<Segment>(path(id), input);
export const deleteSegment = (id: string) => del(path(id));
export const previewSegment = (rules: SegmentRules) => post<SegmentPreview>('/api/segments/preview', { rules });

export const isEventRule = (rule: unknown): rule is EventRule =>
  typeof rule === 'object' && rule !== null && typeof (rule as { event?: unknown }).event === 'string';
