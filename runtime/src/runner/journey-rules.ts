// Journey rules, from a workflow's settings: re-entry (how often one contact may enter) and exit
// conditions (when a contact leaves early), checked before every step of a contact's run. Read
// once per compiled version; a workflow without exit rules costs the runner nothing per step.
import {
  type AnyNodeDefinition,
  DEFAULT_REENTRY,
  evaluateRules,
  type ExecutionContextData,
  resolveParams,
  type Rules,
  type WorkflowNode,
} from '@tern/shared';
import type { Logger } from 'pino';
import type { ContactConsent, EntryRule, ExecutionMode, RunState, Store } from '../db/store.js';
import type { CompiledGraph } from '../engine/graph.js';
import { RunError } from './types.js';

export interface ExitRules {
  /** Goal nodes with a filter (a goal without one is met by reaching it, never as an exit). */
  goals: Array<{ node: WorkflowNode; definition: AnyNodeDefinition }>;
  onUnsubscribe: boolean;
  segment: string | null;
}

/** Why a contact leaves: a met goal (converted), or a reason in words. */
export type JourneyExit = { goalNodeId: string } | { reason: string };

/** Someone starting a run by hand (manual, CLI, re-run) is not held to the re-entry rule. */
const CONTACT_BOUND: ReadonlySet<ExecutionMode> = new Set(['event', 'schedule', 'webhook']);

/**
 * The rule a contact's start is checked against; undefined when every start enters. Unset, a
 * journey started by events admits a contact once (as Customer.io does); one started by a
 * schedule sends anew at every firing (a birthday every year), so it only keeps a contact from
 * being in it twice at a time.
 */
export function entryRuleOf(graph: CompiledGraph, mode: ExecutionMode, contactId: string | null | undefined): EntryRule | undefined {
  if (!contactId || !CONTACT_BOUND.has(mode)) return undefined;
  const reentry = graph.workflow.settings.reentry ?? (mode === 'schedule' ? 'once_at_a_time' : DEFAULT_REENTRY);
  return reentry === 'always' ? undefined : reentry;
}

/** A start the re-entry rule refused (runner.start rejects with it): as intended, not a failure. */
export function isRefusedEntry(error: unknown): boolean {
  return error instanceof RunError && error.code === 'conflict';
}

const exitRulesByGraph = new WeakMap<CompiledGraph, ExitRules | null>();

/** The exit rules of a compiled version, or null when it has none (the common, free case). */
export function exitRulesOf(graph: CompiledGraph): ExitRules | null {
  let rules = exitRulesByGraph.get(graph);
  if (rules === undefined) {
    const exit = graph.workflow.settings.exit;
    const goals = exit?.onGoal
      ? [...graph.nodes.values()].filter((n) => n.node.type === 'flow.goal' && !n.node.disabled && n.node.params.filter)
      : [];
    rules = goals.length > 0 || exit?.onUnsubscribe || exit?.segment
      ? { goals: goals.map((n) => ({ node: n.node, definition: n.definition })), onUnsubscribe: exit?.onUnsubscribe === true, segment: exit?.segment ?? null }
      : null;
    exitRulesByGraph.set(graph, rules);
  }
  return rules;
}

export interface ExitCheck {
  store: Store;
  log: Logger;
  /** The run's contact as it is now, as templates read it (the runner's own read; null once deleted). */
  contact(): Promise<Record<string, unknown> | null>;
  /** What templates and rules read now, given the contact as it is now. */
  data(contact: Record<string, unknown> | null): ExecutionContextData;
}

/** How many of a contact's latest events a goal check looks through. */
const GOAL_EVENTS = 100;

/**
 * Whether the run's contact leaves the journey now, reading the contact as it is (one read) and,
 * for goals, the contact's events since the run started (one more). Also answers the fresh
 * contact, so the next steps render with it.
 */
export async function checkExit(
  check: ExitCheck, rules: ExitRules, state: RunState,
): Promise<{ exit: JourneyExit | null; contact: Record<string, unknown> | null }> {
  const { contactId, startedAt } = state.execution;
  const contact = contactId === null ? null : await check.contact();
  if (contactId === null || !contact) return { exit: null, contact };
  if (rules.goals.length > 0) {
    const data = check.data(contact);
    const events = (await check.store.contacts.events(contactId, { limit: GOAL_EVENTS })).items.filter((e) => e.at >= startedAt);
    for (const goal of rules.goals) {
      if (goalMet(check, goal, data, events)) return { exit: { goalNodeId: goal.node.id }, contact };
    }
  }
  const consent = contact.consent as ContactConsent | undefined;
  if (rules.onUnsubscribe && consent?.email?.status === 'unsubscribed') {
    return { exit: { reason: 'left the journey: the contact unsubscribed from email' }, contact };
  }
  if (rules.segment !== null) {
    // The segments the contact is in, as the segments feature puts them on the contact
    // (`contact.segments: [{ id, name }]`, what in_segment reads), named here by id or name.
    const segments = contact.segments;
    if (!Array.isArray(segments)) {
      check.log.warn({ segment: rules.segment, executionId: state.execution.id }, 'a journey exits on leaving a segment, but contacts carry no segments');
    } else if (!segments.some((s: { id?: unknown; name?: unknown }) => s.id === rules.segment || s.name === rules.segment)) {
      return { exit: { reason: `left the journey: the contact left the segment ${rules.segment}` }, contact };
    }
  }
  return { exit: null, contact };
}

/**
 * A goal's filter (rendered as the node would render it) against the run's data, or against it
 * with one of the contact's events since the start as `event` (`event.type`, `event.data.*`):
 * "bought during the wait" is an `order.completed` event since the contact entered.
 */
function goalMet(
  check: ExitCheck,
  goal: ExitRules['goals'][number],
  data: ExecutionContextData,
  events: Array<{ type: string; data: unknown; at: string }>,
): boolean {
  try {
    const { filter } = resolveParams(goal.definition, goal.node.params, data) as { filter: Rules };
    if (evaluateRules(filter, { ...data, event: null })) return true;
    return events.some((e) => evaluateRules(filter, { ...data, event: { type: e.type, data: e.data, at: e.at } }));
  } catch (error) {
    check.log.warn({ err: error, nodeId: goal.node.id }, 'a goal filter could not be evaluated');
    return false;
  }
}
