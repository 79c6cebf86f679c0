// The workflow JSON of the public contract (docs/contract.md, "Workflow JSON").
// Structural checks live here; graph checks that need the node catalogue live in graph-validation.ts.
import { z } from 'zod';
import { frequencyCapSchema } from './frequency-cap.js';

const id = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, "_" and "-"');

export const positionSchema = z.object({ x: z.number(), y: z.number() });

export const workflowNodeSchema = z.object({
  id,
  type: z.string().min(1),
  version: z.number().int().positive(),
  position: positionSchema.default({ x: 0, y: 0 }),
  /** Display name; never used to identify the node (ids are). */
  name: z.string().max(200).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  /** A disabled node passes its input through on `out` (or its first port) untouched. */
  disabled: z.boolean().optional(),
  notes: z.string().max(10_000).optional(),
  /** Retries of a step whose execute() throws, with exponential backoff, as durable waits. */
  retry: z
    .object({
      attempts: z.number().int().min(1).max(10),
      delayMs: z.number().int().min(0).max(86_400_000).default(1_000),
    })
    .optional(),
});

export const workflowEdgeSchema = z.object({
  id,
  source: z.string().min(1),
  sourcePort: z.string().min(1).default('out'),
  target: z.string().min(1),
  targetPort: z.string().min(1).default('in'),
});

/** A sticky note on the canvas: text for the people reading the workflow, never executed. */
export const stickyNoteSchema = z.object({
  id,
  text: z.string().max(10_000).default(''),
  position: positionSchema,
  width: z.number().min(80).max(2_000).default(240),
  height: z.number().min(60).max(2_000).default(140),
  color: z.enum(['yellow', 'blue', 'green', 'pink', 'gray']).default('yellow'),
});

/** How often one contact may enter a journey (a contact-bound start: trigger.event, a segment schedule). */
export const reentryModes = ['once', 'once_at_a_time', 'always'] as const;
export type ReentryMode = (typeof reentryModes)[number];
/** As in Customer.io: a contact goes through a journey once unless re-entry is allowed (a journey
 *  started by a schedule defaults to `once_at_a_time` instead: each firing is a new send). */
export const DEFAULT_REENTRY: ReentryMode = 'once';

/** When a contact leaves a journey early; checked before every step. */
export const journeyExitSchema = z
  .object({
    /** A flow.goal node's filter is met: the journey ends, counted as converted. */
    onGoal: z.boolean().optional(),
    /** The contact's email consent is `unsubscribed`. */
    onUnsubscribe: z.boolean().optional(),
    /** The contact is no longer in this segment (its id or name). */
    segment: z.string().trim().min(1, 'name the segment by its id or name').optional(),
  })
  .strict();
export type JourneyExit = z.output<typeof journeyExitSchema>;

export const workflowSettingsSchema = z
  .object({
    timezone: z.string().default('UTC'),
    /** Marketing messages per recipient and channel (frequency-cap.ts); the runtime's default without it. */
    frequencyCap: frequencyCapSchema.optional(),
    reentry: z.enum(reentryModes, { error: `must be one of: ${reentryModes.join(', ')}` }).optional(),
    exit: journeyExitSchema.optional(),
  })
  .catchall(z.unknown());

export const workflowSchema = z.object({
  name: z.string().trim().min(1, 'a workflow needs a name').max(200),
  description: z.string().max(5_000).optional(),
  nodes: z.array(workflowNodeSchema).max(5_000),
  edges: z.array(workflowEdgeSchema).max(10_000).default([]),
  stickyNotes: z.array(stickyNoteSchema).max(1_000).optional(),
  settings: workflowSettingsSchema.default({ timezone: 'UTC' }),
});

export type WorkflowNode = z.output<typeof workflowNodeSchema>;
export type WorkflowEdge = z.output<typeof workflowEdgeSchema>;
export type Position = z.output<typeof positionSchema>;
export type StickyNote = z.output<typeof stickyNoteSchema>;
export type WorkflowSettings = z.output<typeof workflowSettingsSchema>;
/** A workflow as stored and executed (defaults applied). */
export type Workflow = z.output<typeof workflowSchema>;
/** A workflow as a user may write it (defaults optional). */
export type WorkflowInput = z.input<typeof workflowSchema>;
