// The node contract: what a node declares (metadata as data) and what its execute() gets and returns.
// A node never touches the database; everything it may do goes through ctx.services, and what
// happens next is the value it returns.
import { z } from 'zod';
import type { Rules } from './rules.js';
import type { ContactsService, EmailService, MessageLogService, SmsService, TrackingService } from './services.js';

export const nodeCategories = ['trigger', 'logic', 'flow', 'data', 'http', 'email', 'sms', 'crm'] as const;
export type NodeCategory = (typeof nodeCategories)[number];
/** A custom node may name a category of its own (lower case, e.g. `chat`): the palette shows it
 *  as its own group after the built-in ones. */
export const customCategoryName = /^[a-z][a-z0-9_-]{0,39}$/;

/** How a trigger node is started. */
export type TriggerKind = 'manual' | 'webhook' | 'schedule' | 'event';

/** Widgets the editor knows; a param schema names one in `.meta({ widget })`. */
export const paramWidgets = [
  'text', 'number', 'select', 'boolean', 'duration', 'template', 'code', 'json', 'credential', 'rules',
] as const;
export type ParamWidget = (typeof paramWidgets)[number];

export interface ParamMeta {
  label?: string;
  description?: string;
  widget?: ParamWidget;
  placeholder?: string;
  /** For `credential` widgets: the credential types accepted. */
  credentialTypes?: string[];
  /** For `code` widgets: the sibling param naming the language (`javascript` or `typescript`),
   *  so the editor checks and completes the code in that language. */
  languageParam?: string;
  /** For `select` widgets: how to show a value where its words would read wrong (`TypeScript`). */
  optionLabels?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// What execute() returns

export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface EventWait {
  /** Event type, e.g. `email.opened`. */
  type: string;
  filter?: Rules;
  /** When to give up and resume with reason `timeout`. */
  timeoutAt?: Date;
}

export type NodeResult =
  /** Go on along `port` with `output` (what later nodes read as steps.<id>). */
  | { kind: 'continue'; port: string; output: unknown; response?: WebhookResponse }
  /** Suspend this path until a time or an event; execute() is called again with ctx.resume set. */
  | { kind: 'wait'; until?: Date; event?: EventWait; output?: unknown }
  /** End this path; `converted` counts the contact as converted (goals). */
  | { kind: 'stop'; output?: unknown; converted?: boolean };

export const next = (output: unknown, port = 'out'): NodeResult => ({ kind: 'continue', port, output });
export const waitUntil = (until: Date, output?: unknown): NodeResult => ({ kind: 'wait', until, output });
export const waitForEvent = (event: EventWait, output?: unknown): NodeResult => ({ kind: 'wait', event, output });
export const stop = (output?: unknown, converted = false): NodeResult => ({ kind: 'stop', output, converted });

/** Why a waiting node is executed again. */
export type ResumeInfo =
  | { reason: 'time'; waitedSince: Date; state?: unknown }
  | { reason: 'event'; waitedSince: Date; state?: unknown; event: { type: string; data: unknown; at: string } }
  | { reason: 'timeout'; waitedSince: Date; state?: unknown };

// ---------------------------------------------------------------------------------------------
// What execute() gets

export interface HttpRequestOptions {
  method: string;
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  timeoutMs?: number;
  /** Extra attempts on network errors, 429 and 5xx, with exponential backoff. */
  retries?: number;
  /** Largest response body accepted, in bytes. */
  maxResponseBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The one outgoing HTTP client, guarded against requests to private and internal addresses. */
export interface HttpService {
  request(options: HttpRequestOptions): Promise<HttpResponse>;
}

export interface CredentialService {
  /** The decrypted data of a credential, checked against the types the node accepts. */
  get(id: string, acceptedTypes?: string[]): Promise<{ type: string; data: Record<string, unknown> }>;
}

export interface NodeServices {
  http: HttpService;
  credentials: CredentialService;
  /** Outgoing email (SMTP); absent where the runtime has none configured. */
  email?: EmailService;
  /** Outgoing SMS (Twilio-compatible); absent where the runtime has none configured. */
  sms?: SmsService;
  /** Signed open, click and unsubscribe links; absent where the runtime has none configured. */
  tracking?: TrackingService;
  /** Suppression, frequency caps and the record of each message; absent where nothing is recorded (tests, previews). */
  messages?: MessageLogService;
  /** The contact database (crm.contact, crm.tag, crm.score); absent where the runtime has none. */
  contacts?: ContactsService;
}

export interface NodeLogger {
  debug(msg: string, data?: object): void;
  info(msg: string, data?: object): void;
  warn(msg: string, data?: object): void;
  error(msg: string, data?: object): void;
}

/** The data templates and rules see: { trigger, contact, steps, workflow, execution }. */
export interface ExecutionContextData {
  trigger: unknown;
  contact: Record<string, unknown> | null;
  steps: Record<string, unknown>;
  workflow: { id: string; name: string; version: number; settings: Record<string, unknown> };
  execution: { id: string; mode: string; startedAt: string };
}

export interface NodeContext<P> {
  /** Params with templates rendered, parsed by the node's schema. */
  params: P;
  /** The output of the node upstream (for a trigger: the raw trigger payload). */
  input: unknown;
  /** Everything templates and rules can read. */
  data: ExecutionContextData;
  contact: Record<string, unknown> | null;
  /** Set when the node is executed again after a wait. */
  resume?: ResumeInfo;
  services: NodeServices;
  /** Stable across retries of this step: pass it to every side effect. */
  idempotencyKey: string;
  log: NodeLogger;
  now(): Date;
  node: { id: string; type: string; version: number; name?: string };
  /** The workflow's time zone (settings.timezone, default UTC). */
  timezone: string;
}

// ---------------------------------------------------------------------------------------------
// What a node declares

export interface NodeDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  version: number;
  title: string;
  description: string;
  /** One of `nodeCategories`, or for a custom node a name of its own (see `customCategoryName`). */
  category: NodeCategory | (string & {});
  /** An icon name from the editor's icon set (lucide names), e.g. `webhook`. */
  icon: string;
  /** Set on trigger nodes: how they start. Triggers have no input port. */
  trigger?: TriggerKind;
  /** Output ports: fixed, or one per item of a list param (logic.switch, logic.split). Declared
   *  as data, not a function, so the editor can draw the ports of any node from `GET /api/nodes`. */
  outputs: readonly string[] | PortsFromParam;
  params: S;
  /** Top-level params whose strings are not Liquid templates (code, raw bodies). */
  rawParams?: readonly string[];
  /** Top-level params read when the workflow is activated (a webhook's path, a cron expression):
   *  no execution exists yet to render a template against, so they must be plain values. */
  fixedParams?: readonly string[];
  /** Set on nodes that can suspend a path (delays, waits): only they may close a cycle. */
  waits?: boolean;
  /** Set on nodes that join branches: wait for every incoming branch, or the first. */
  join?: (params: z.output<S>) => 'all' | 'first';
  /** Checks that need more than the schema (e.g. a date in a DST gap); messages name the field.
   *  While a template decides some value, it gets the raw params: skip values that are templates. */
  check?: (params: z.output<S>, settings: { timezone: string }) => Array<{ field: string; message: string }>;
  /** Upgrades a workflow's node from the version just below this one ("upgrade node" in the
   *  editor): gets the params as stored (templates unrendered) and that `fromVersion`, returns
   *  this version's params. Upgrading across several versions chains their migrations; a version
   *  without one ends the chain. Workflows are never upgraded unasked: they keep their version. */
  migrate?: (params: Record<string, unknown>, fromVersion: number) => Record<string, unknown>;
  execute(ctx: NodeContext<z.output<S>>): Promise<NodeResult> | NodeResult;
}

export type AnyNodeDefinition = NodeDefinition<any>;

/** Declares a node; the identity function that gives `execute` its typed params. */
export function defineNode<S extends z.ZodType>(definition: NodeDefinition<S>): NodeDefinition<S> {
  return definition;
}

export function nodeKey(type: string, version: number): string {
  return `${type}@${version}`;
}

/** Ports derived from a list param: one per item, then fixed ones (e.g. `default`). */
export interface PortsFromParam {
  /** The top-level param holding the list. */
  param: string;
  /** The port of an item: `{index}` is its position, `{<field>}` a field of the item, e.g. `{name}`. */
  port: string;
  /** Ports after the items' ports. */
  then?: readonly string[];
}

/** The output ports of a node with these params. Tolerates unparsed params: the editor and the
 *  validator call it with whatever the user has typed so far. */
export function portsOf(outputs: readonly string[] | PortsFromParam, params: unknown): string[] {
  if (Array.isArray(outputs)) return [...outputs];
  const { param, port, then = [] } = outputs as PortsFromParam;
  const list = (params as Record<string, unknown> | null | undefined)?.[param];
  const items = Array.isArray(list) ? list : [];
  const named = items.map((item, index) =>
    port.replace(/\{(\w+)\}/g, (_, key: string) =>
      key === 'index' ? String(index) : String((item as Record<string, unknown> | null)?.[key] ?? '')),
  );
  return [...named, ...then];
}

export function outputsOf(definition: AnyNodeDefinition, params: unknown): string[] {
  return portsOf(definition.outputs, params);
}

/** A catalogue of node definitions, keyed by type and version. */
export class NodeCatalogue {
  private readonly byKey = new Map<string, AnyNodeDefinition>();

  constructor(definitions: Iterable<AnyNodeDefinition> = []) {
    for (const d of definitions) this.add(d);
  }

  add(definition: AnyNodeDefinition): void {
    const key = nodeKey(definition.type, definition.version);
    if (this.byKey.has(key)) throw new Error(`node ${key} is defined twice`);
    this.byKey.set(key, definition);
  }

  get(type: string, version: number): AnyNodeDefinition | undefined {
    return this.byKey.get(nodeKey(type, version));
  }

  hasType(type: string): boolean {
    for (const d of this.byKey.values()) if (d.type === type) return true;
    return false;
  }

  versionsOf(type: string): number[] {
    return [...this.byKey.values()].filter((d) => d.type === type).map((d) => d.version).sort((a, b) => a - b);
  }

  list(): AnyNodeDefinition[] {
    return [...this.byKey.values()];
  }
}

/** The catalogue entry of `GET /api/nodes`: metadata as data, params as JSON Schema. */
export interface NodeDescription {
  type: string;
  version: number;
  title: string;
  description: string;
  category: NodeCategory | (string & {});
  icon: string;
  trigger?: TriggerKind;
  inputs: string[];
  /** Fixed ports, or `null` with `dynamicOutputs` when they come from a list param (see `portsOf`). */
  outputs: string[] | null;
  dynamicOutputs?: PortsFromParam;
  params: unknown;
  /** The custom node package it comes from; absent for built-in nodes. */
  package?: string;
  /** The newest version of this type in the catalogue. */
  latestVersion?: number;
  /** Whether migrations lead from this version to `latestVersion` (`POST /api/nodes/upgrade`). */
  canUpgrade?: boolean;
}

export function describeNode(d: AnyNodeDefinition): NodeDescription {
  const dynamic = !Array.isArray(d.outputs);
  return {
    type: d.type,
    version: d.version,
    title: d.title,
    description: d.description,
    category: d.category,
    icon: d.icon,
    ...(d.trigger ? { trigger: d.trigger } : {}),
    inputs: d.trigger ? [] : ['in'],
    outputs: dynamic ? null : [...(d.outputs as readonly string[])],
    ...(dynamic ? { dynamicOutputs: d.outputs as PortsFromParam } : {}),
    params: z.toJSONSchema(d.params, { io: 'input', unrepresentable: 'any' }),
  };
}
