// Checks a node definition exported by a custom package before it joins the catalogue: the
// fields the contract requires, the shape of its type id, ports the editor can draw, params the
// editor can build a form from. What needs the catalogue (unique `type@version`) is checked by
// the loader.
import { customCategoryName, nodeCategories, paramWidgets } from '@tern/shared';
import { credentialTypesIn, isObject, isZodSchema, toJsonSchema, topLevelParams, widgetsIn } from './schema-checks.js';

/** `vendor.name`, lower case: `slack.post_message`, `acme-crm.lookup`. */
export const nodeTypeId = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;
const portName = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const iconName = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface NodeCheck {
  problems: string[];
  /** The credential types its params accept (`.meta({ credentialTypes })`). */
  credentialTypes: string[];
}

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : v === undefined ? 'nothing' : JSON.stringify(v) ?? typeof v);

/** Whether an export is meant as a node (and so must pass the checks), rather than a helper. */
export function looksLikeNode(value: unknown): boolean {
  return isObject(value) && typeof value.type === 'string' && ('execute' in value || 'version' in value || 'params' in value);
}

export function checkNode(value: unknown): NodeCheck {
  if (!isObject(value)) return { problems: ['is not a node definition object'], credentialTypes: [] };
  const d = value;
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => ok || problems.push(message);

  need(typeof d.type === 'string' && nodeTypeId.test(d.type), `type must be "vendor.name" in lower case (letters, digits, _ and -), got ${show(d.type)}`);
  need(Number.isInteger(d.version) && (d.version as number) >= 1, `version must be a whole number from 1, got ${show(d.version)}`);
  for (const key of ['title', 'description'] as const) need(typeof d[key] === 'string' && d[key].trim() !== '', `${key} must be a non-empty string`);
  need(typeof d.icon === 'string' && iconName.test(d.icon), `icon must be a lucide icon name such as "message-square", got ${show(d.icon)}`);
  need(
    typeof d.category === 'string' && ((nodeCategories as readonly string[]).includes(d.category) || customCategoryName.test(d.category)),
    `category must be one of ${nodeCategories.join(', ')} or a lower-case name of its own, got ${show(d.category)}`,
  );
  // Webhooks, schedules and events start only Tern's own trigger nodes; a custom trigger is run by hand or the API.
  need(d.trigger === undefined || d.trigger === 'manual', `trigger may only be "manual" for a custom node, got ${show(d.trigger)}`);
  need(typeof d.execute === 'function', 'execute must be a function');
  for (const key of ['join', 'check', 'migrate'] as const) need(d[key] === undefined || typeof d[key] === 'function', `${key} must be a function`);
  need(d.waits === undefined || typeof d.waits === 'boolean', 'waits must be true or false');

  const params = checkParams(d.params);
  problems.push(...params.problems);
  problems.push(...checkOutputs(d.outputs, params.names));
  for (const key of ['rawParams', 'fixedParams'] as const) {
    const list = d[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((p) => typeof p === 'string')) problems.push(`${key} must be a list of param names`);
    else if (params.names) for (const p of list.filter((x) => !params.names!.has(x))) problems.push(`${key} names "${p}", which is not a param`);
  }
  return { problems, credentialTypes: params.credentialTypes };
}

function checkParams(params: unknown): { problems: string[]; names: Set<string> | null; credentialTypes: string[] } {
  if (!isZodSchema(params)) return { problems: ['params must be a zod schema (z.object({ … }))'], names: null, credentialTypes: [] };
  const converted = toJsonSchema(params);
  if (!converted.ok) return { problems: [`params cannot be shown as a form (no JSON Schema): ${converted.message}`], names: null, credentialTypes: [] };
  const problems: string[] = [];
  const names = topLevelParams(converted.json);
  if (!names) problems.push('params must be a z.object({ … }) (or a union of objects)');
  for (const widget of widgetsIn(converted.json)) {
    if (!(paramWidgets as readonly unknown[]).includes(widget)) problems.push(`params: widget ${show(widget)} is not one the editor knows (${paramWidgets.join(', ')})`);
  }
  return { problems, names, credentialTypes: credentialTypesIn(converted.json) };
}

function checkOutputs(outputs: unknown, params: Set<string> | null): string[] {
  const badPorts = (list: unknown[]) => list.filter((p) => typeof p !== 'string' || !portName.test(p)).map((p) => `output port ${show(p)} is not a valid port name`);
  if (Array.isArray(outputs)) {
    const problems = badPorts(outputs);
    if (new Set(outputs).size !== outputs.length) problems.push('outputs lists a port twice');
    return problems;
  }
  if (!isObject(outputs)) return ['outputs must be a list of port names, or { param, port, then? }'];
  const problems: string[] = [];
  if (typeof outputs.param !== 'string' || (params && !params.has(outputs.param))) problems.push(`outputs.param must name a param, got ${show(outputs.param)}`);
  if (typeof outputs.port !== 'string' || outputs.port === '') problems.push('outputs.port must be a port pattern such as "case_{index}"');
  if (outputs.then !== undefined) problems.push(...(Array.isArray(outputs.then) ? badPorts(outputs.then) : ['outputs.then must be a list of port names']));
  return problems;
}
