// "Test with a contact": runs a journey (saved, or a draft) for one contact entirely in memory,
// through the engine's own parts (executeStep and the planner), so the path it shows is the path
// a real run takes. Waits are skipped — a delay is over at once (the run's clock jumps ahead), a
// wait for an event takes `timeout` unless the request says the event happens — messages are
// rendered but never sent, outgoing requests are not made, and nothing is stored.
import {
  type EmailMessage, type EmailSendResult, type HttpRequestOptions, type HttpResponse, type NodeServices, type ResumeInfo,
  type SmsMessage, type SmsSendResult, type TrackingService, type Workflow,
} from '@tern/shared';
import { FakeContacts } from '@tern/nodes/testing';
import { z } from 'zod';
import { newId } from '../db/ids.js';
import type { ExecutionRecord, RunState, StepRecord, WaitRecord } from '../db/store.js';
import { executeStep, type StepEnvironment } from '../engine/execute-step.js';
import { type CompiledGraph, compileGraph } from '../engine/graph.js';
import { isoTime } from '../engine/iso-time.js';
import { markRunning, pendingStep, planFailure, planResult } from '../engine/planner.js';
import { HttpError } from '../http/errors.js';
import { parseBody } from '../http/validate.js';
import { nodeLogger } from '../runner/runner.js';
import type { Runtime } from '../runtime.js';
import { previewContact, previewContactFields } from './preview-context.js';
import { getWorkflow, invalidWorkflow, workflowProblems } from './workflows.js';

/** A journey that still has steps after this many is cut short (a loop through a delay). */
const MAX_STEPS = 500;

export const testContactBody = z.object({
  ...previewContactFields,
  /** The trigger's payload; for trigger.event, `{ event: { data } }` fills in the event. */
  trigger: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
  /** A draft to run instead of the saved workflow. */
  definition: z.unknown().optional(),
  /** Event types that happen while the journey waits for them (`flow.wait_event` takes `event`). */
  events: z.array(z.string().trim().min(1)).max(100).optional(),
}).strict();

/**
 * Links of a test run's emails lead nowhere that records anything: a preview opened in the editor
 * must not count as an open, a click or an unsubscribe of the real contact. The pixel is an inline
 * transparent GIF, a tracked link is the link itself, and the unsubscribe link a placeholder.
 */
const INERT_TRACKING: TrackingService = {
  openUrl: () => 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==',
  clickUrl: (_target, url) => url,
  unsubscribeUrl: () => '#unsubscribe-does-nothing-in-a-test',
};

export interface TestMessage {
  nodeId: string;
  channel: 'email' | 'sms';
  to: string;
  from: string;
  subject?: string;
  html?: string;
  text?: string;
  body?: string;
}

export interface TestPathStep {
  nodeId: string;
  type: string;
  status: string;
  port: string | null;
  output: unknown;
  error?: string;
  /** What was skipped: a delay's length, or how a wait for an event ended. */
  waitSkipped?: string;
}

export interface TestRun {
  status: string;
  path: TestPathStep[];
  messages: TestMessage[];
  /** Outgoing HTTP requests the run would have made (none is made). */
  requests: Array<{ nodeId: string; method: string; url: string }>;
}

/** The answer every outgoing request of a test run gets, so that the journey carries on. */
const NOT_SENT: HttpResponse = { status: 200, headers: {}, body: { id: 'test-run', testRun: 'not sent: a test run makes no requests' } };

export async function testWithContact(runtime: Runtime, workflowId: string, raw: unknown): Promise<TestRun> {
  const body = parseBody(testContactBody, raw);
  const saved = await getWorkflow(runtime, workflowId);
  let workflow: Workflow = saved.definition;
  if (body.definition !== undefined) {
    const { workflow: draft, problems } = workflowProblems(runtime, body.definition);
    if (!draft) throw invalidWorkflow(problems.map((p) => ({ ...p, field: `definition.${p.field}` })));
    workflow = draft;
  }
  const graph = compileGraph(workflow, runtime.catalogue);
  const trigger = graph.triggers[0];
  if (!trigger) throw new HttpError(400, 'invalid_workflow', 'this workflow has no trigger');
  const contact = await previewContact(runtime, body);
  return new TestRunner(runtime, graph, saved.id, saved.version, contact, new Set(body.events ?? []))
    .run(trigger.node.id, payloadFor(trigger.node.type, trigger.node.params, body.trigger, contact, runtime.clock.now()));
}

/** What the trigger receives: the given payload, or for an event trigger its event, filled in. */
function payloadFor(type: string, params: Record<string, unknown>, given: Record<string, unknown> | undefined, contact: unknown, now: Date): unknown {
  if (type !== 'trigger.event') return given ?? {};
  const event = (given?.event ?? {}) as Record<string, unknown>;
  return { ...given, event: { type: params.event, data: {}, at: now.toISOString(), ...event }, contact };
}

/** One test run: its in-memory state, the clock it moves, and what its nodes tried to send. */
class TestRunner {
  private now: Date;
  private readonly state: RunState;
  private readonly messages: TestMessage[] = [];
  private readonly requests: TestRun['requests'] = [];
  private readonly waits = new Map<string, WaitRecord>();
  private readonly skipped = new Map<string, string>();
  /** The node whose step runs now (steps run one at a time here, so messages know their node). */
  private current = '';

  constructor(
    private readonly runtime: Runtime,
    private readonly graph: CompiledGraph,
    workflowId: string,
    version: number,
    private readonly contact: Record<string, unknown>,
    private readonly events: ReadonlySet<string>,
  ) {
    this.now = runtime.clock.now();
    const execution: ExecutionRecord = {
      id: `test-${newId()}`, workflowId, workflowVersion: version, status: 'running', mode: 'manual', trigger: null,
      contactId: typeof contact.id === 'string' ? contact.id : null, error: null, response: null,
      startedAt: isoTime(this.now), finishedAt: null,
    };
    this.state = { execution, steps: [] };
  }

  async run(triggerId: string, payload: unknown): Promise<TestRun> {
    const { state } = this;
    state.execution.trigger = payload;
    state.steps.push(pendingStep(state, triggerId, { input: payload }));
    const env = this.environment();
    let executed = 0;
    for (;;) {
      const step = state.steps.find((s) => s.status === 'pending');
      if (!step) {
        if (!this.skipNextWait()) break;
        continue;
      }
      if (++executed > MAX_STEPS) {
        state.execution.status = 'error';
        state.execution.error = { message: `the test stopped after ${MAX_STEPS} steps (a loop?)` };
        break;
      }
      this.current = step.nodeId;
      markRunning(step, this.now);
      const outcome = await executeStep(env, step);
      const delta = outcome.ok
        ? planResult(this.graph, state, step, outcome.result, this.now, { skipped: outcome.skipped })
        : planFailure(this.graph, state, step, outcome.error, this.now);
      for (const id of delta.removeWaitsForSteps) this.waits.delete(id);
      for (const wait of delta.addWaits) this.waits.set(wait.stepId, wait);
    }
    return { status: state.execution.status, path: state.steps.map((s) => this.pathStep(s)), messages: this.messages, requests: this.requests };
  }

  /** Ends the wait due first as if its time had come (the clock jumps there); false when none is left. */
  private skipNextWait(): boolean {
    const [wait] = [...this.waits.values()].sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity));
    if (!wait) return false;
    this.waits.delete(wait.stepId);
    const step = this.state.steps.find((s) => s.id === wait.stepId)!;
    const waitedSince = new Date(wait.createdAt);
    if (wait.dueAt !== null && wait.dueAt > this.now.getTime()) this.now = new Date(wait.dueAt);
    const state = wait.state === null ? {} : { state: wait.state };
    let resume: ResumeInfo;
    if (wait.eventType !== null && this.events.has(wait.eventType)) {
      resume = { reason: 'event', waitedSince, ...state, event: { type: wait.eventType, data: {}, at: this.now.toISOString() } };
      this.skipped.set(step.id, `${wait.eventType} happened`);
    } else if (wait.eventType !== null) {
      resume = { reason: 'timeout', waitedSince, ...state };
      this.skipped.set(step.id, `no ${wait.eventType} until ${this.now.toISOString()}: timed out`);
    } else {
      resume = { reason: 'time', waitedSince, ...state };
      this.skipped.set(step.id, `waited until ${this.now.toISOString()}`);
    }
    step.status = 'pending';
    step.resume = resume;
    return true;
  }

  private pathStep(s: StepRecord): TestPathStep {
    const waitSkipped = this.skipped.get(s.id);
    return {
      nodeId: s.nodeId, type: this.graph.nodes.get(s.nodeId)?.node.type ?? '', status: s.status, port: s.port, output: s.output,
      ...(s.error ? { error: s.error.message } : {}),
      ...(waitSkipped ? { waitSkipped } : {}),
    };
  }

  private environment(): StepEnvironment {
    const { runtime, state } = this;
    const services: NodeServices = {
      http: { request: (options) => this.request(options) },
      credentials: { get: (id, types) => runtime.credentials.get(id, types) },
      email: { send: (message) => this.email(message) },
      sms: { send: (message) => this.sms(message) },
      tracking: INERT_TRACKING,
      // crm.contact, crm.tag and crm.score change an in-memory copy of the contact: their outputs
      // show what they would do, and the contact database is left as it is.
      contacts: new FakeContacts(typeof this.contact.id === 'string' ? [{ ...this.contact, id: this.contact.id }] : []),
    };
    return {
      graph: this.graph, state, workflowVersion: state.execution.workflowVersion, services,
      log: nodeLogger(runtime.log, state.execution.id), now: () => this.now, timeoutMs: 30_000, contact: this.contact,
    };
  }

  private async email(message: EmailMessage): Promise<EmailSendResult> {
    const { from, to, subject, html, text } = message;
    this.messages.push({ nodeId: this.current, channel: 'email', to, from, subject, ...(html !== undefined && { html }), ...(text !== undefined && { text }) });
    return { messageId: message.messageId, status: 'sent', accepted: [], rejected: [], response: 'not sent: a test with a contact' };
  }

  private async sms(message: SmsMessage): Promise<SmsSendResult> {
    this.messages.push({ nodeId: this.current, channel: 'sms', to: message.to, from: message.from, body: message.body });
    return { messageId: `test-${this.messages.length}`, status: 'not sent (test)' };
  }

  private async request(options: HttpRequestOptions): Promise<HttpResponse> {
    this.requests.push({ nodeId: this.current, method: options.method, url: options.url });
    return NOT_SENT;
  }
}
