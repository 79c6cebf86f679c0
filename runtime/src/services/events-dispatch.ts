// What an event sets off once it is recorded: the waits of its contact that listen for it
// (flow.wait_event) resume, and every active workflow whose trigger.event matches starts for the
// contact. Filters (Rules) see `{ event: { type, data, at }, contact }`.
//
// Event triggers are read from the active workflows when events arrive (once per request), so
// activating or deactivating a workflow takes effect at once, in every process sharing the store.
import { evaluateRules, type Rules } from '@tern/shared';
import type { ContactRecord, EventRecord, WorkflowRecord } from '../db/store.js';
import { isRefusedEntry } from '../runner/journey-rules.js';
import type { Runtime } from '../runtime.js';
import { contactWithSegments } from './contacts-view.js';

export const EVENT_TRIGGER = 'trigger.event';

interface EventTrigger {
  workflowId: string;
  version: number;
  nodeId: string;
  event: string;
  filter: Rules | null;
}

export interface EventPayload {
  event: { type: string; data: unknown; at: string };
  contact: Record<string, unknown>;
}

async function triggersOf(runtime: Runtime, workflow: WorkflowRecord): Promise<EventTrigger[]> {
  const version = workflow.activeVersion ?? workflow.version;
  const definition = version === workflow.version
    ? workflow.definition
    : (await runtime.store.workflows.getVersion(workflow.id, version))?.definition;
  if (!definition) return [];
  return definition.nodes
    .filter((n) => n.type === EVENT_TRIGGER && !n.disabled && typeof n.params?.event === 'string')
    .map((n) => ({
      workflowId: workflow.id, version, nodeId: n.id, event: n.params!.event as string,
      filter: (n.params!.filter as Rules | undefined) ?? null,
    }));
}

/** A filter that cannot be evaluated (a bad operator for the value) does not match. */
function matches(runtime: Runtime, filter: Rules | null, payload: EventPayload): boolean {
  if (!filter) return true;
  try {
    return evaluateRules(filter, payload, { now: () => runtime.clock.now() });
  } catch (error) {
    runtime.log.warn({ err: error, event: payload.event.type }, 'an event filter could not be evaluated');
    return false;
  }
}

/** Dispatches the events of one request; the event triggers are read once, at the first event. */
export function eventDispatcher(runtime: Runtime): (event: EventRecord, contact: ContactRecord) => Promise<void> {
  let triggers: Promise<EventTrigger[]> | null = null;
  const loadTriggers = async () => {
    const active = await runtime.store.workflows.listActive();
    return (await Promise.all(active.map((w) => triggersOf(runtime, w)))).flat();
  };
  return async (event, contact) => {
    const payload: EventPayload = { event: { type: event.type, data: event.data, at: event.at }, contact: await contactWithSegments(runtime.store, contact) };
    // Waits first: a flow this very event starts must not be resumed by it.
    const resumed = await runtime.store.eventWaits.resume(contact.id, payload.event, (filter) => matches(runtime, filter, payload));
    for (const executionId of resumed) runtime.runner.resume(executionId);

    triggers ??= loadTriggers();
    for (const trigger of await triggers) {
      if (trigger.event !== event.type || !matches(runtime, trigger.filter, payload)) continue;
      try {
        await runtime.runner.start({
          workflowId: trigger.workflowId, version: trigger.version, triggerNodeId: trigger.nodeId,
          mode: 'event', payload, contactId: contact.id,
        });
      } catch (error) {
        if (isRefusedEntry(error)) continue;
        // The event is recorded either way; a workflow that cannot start is the workflow's problem.
        runtime.log.error({ err: error, workflowId: trigger.workflowId, event: event.type }, 'could not start a workflow for an event');
      }
    }
  };
}
