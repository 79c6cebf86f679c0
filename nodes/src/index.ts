// Tern's built-in node catalogue. Each node is one file, grouped by category; the list below is
// explicit so that adding a node is a visible, reviewed change.
import { type AnyNodeDefinition, NodeCatalogue } from '@tern/shared';
import { delayNode } from './flow/delay.js';
import { setNode } from './data/set.js';
import { httpRequestNode } from './http/request.js';
import { httpRespondNode } from './http/respond.js';
import { conditionNode } from './logic/condition.js';
import { mergeNode } from './logic/merge.js';
import { switchNode } from './logic/switch.js';
import { manualTrigger } from './triggers/manual.js';
import { scheduleTrigger } from './triggers/schedule.js';
import { webhookTrigger } from './triggers/webhook.js';

export { manualTrigger } from './triggers/manual.js';
export { webhookTrigger, webhookParams, webhookMethods, normaliseWebhookPath, verifyWebhookRequest } from './triggers/webhook.js';
export type { WebhookAuth, WebhookParams, WebhookRequest, WebhookVerdict } from './triggers/webhook.js';
export { scheduleTrigger, scheduleParams } from './triggers/schedule.js';
export { conditionNode } from './logic/condition.js';
export { switchNode } from './logic/switch.js';
export { mergeNode } from './logic/merge.js';
export type { MergeArrival } from './logic/merge.js';
export { delayNode } from './flow/delay.js';
export type { DelayParams } from './flow/delay.js';
export { setNode } from './data/set.js';
export { httpRequestNode } from './http/request.js';
export { httpRespondNode } from './http/respond.js';

export const builtinNodes: AnyNodeDefinition[] = [
  manualTrigger,
  webhookTrigger,
  scheduleTrigger,
  conditionNode,
  switchNode,
  mergeNode,
  delayNode,
  setNode,
  httpRequestNode,
  httpRespondNode,
];

/** A fresh catalogue of the built-in nodes; the runtime adds custom nodes to it. */
export function createBuiltinCatalogue(): NodeCatalogue {
  return new NodeCatalogue(builtinNodes);
}
