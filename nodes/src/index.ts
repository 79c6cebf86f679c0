// Tern's built-in node catalogue. Each node is one file, grouped by category; the list below is
// explicit so that adding a node is a visible, reviewed change.
import { type AnyNodeDefinition, NodeCatalogue } from '@tern/shared';
import { delayNode } from './flow/delay.js';
import { goalNode } from './flow/goal.js';
import { waitEventNode } from './flow/wait-event.js';
import { emailSendNode } from './email/send.js';
import { smsSendNode } from './sms/send.js';
import { hubspotNode } from './crm/hubspot.js';
import { contactNode } from './crm/contact.js';
import { tagNode } from './crm/tag.js';
import { scoreNode } from './crm/score.js';
import { splitNode } from './logic/split.js';
import { setNode } from './data/set.js';
import { codeNode } from './data/code.js';
import { httpRequestNode } from './http/request.js';
import { httpRespondNode } from './http/respond.js';
import { conditionNode } from './logic/condition.js';
import { mergeNode } from './logic/merge.js';
import { switchNode } from './logic/switch.js';
import { manualTrigger } from './triggers/manual.js';
import { scheduleTrigger } from './triggers/schedule.js';
import { webhookTrigger } from './triggers/webhook.js';
import { eventTrigger } from './triggers/event.js';

export { manualTrigger } from './triggers/manual.js';
export { webhookTrigger, webhookParams, webhookMethods, normaliseWebhookPath, verifyWebhookRequest } from './triggers/webhook.js';
export type { WebhookAuth, WebhookParams, WebhookRequest, WebhookVerdict } from './triggers/webhook.js';
export { scheduleTrigger, scheduleParams } from './triggers/schedule.js';
export { conditionNode } from './logic/condition.js';
export { switchNode } from './logic/switch.js';
export { mergeNode } from './logic/merge.js';
export type { MergeArrival } from './logic/merge.js';
export { delayNode } from './flow/delay.js';
export { goalNode } from './flow/goal.js';
export { waitEventNode } from './flow/wait-event.js';
export { eventTrigger } from './triggers/event.js';
export { splitNode } from './logic/split.js';
export { emailSendNode } from './email/send.js';
export { smsSendNode } from './sms/send.js';
export { hubspotNode } from './crm/hubspot.js';
export { contactNode } from './crm/contact.js';
export { tagNode } from './crm/tag.js';
export { scoreNode } from './crm/score.js';
export type { DelayParams } from './flow/delay.js';
export { setNode } from './data/set.js';
export { codeNode } from './data/code.js';
export { httpRequestNode } from './http/request.js';
export { httpRespondNode } from './http/respond.js';

export const builtinNodes: AnyNodeDefinition[] = [
  manualTrigger,
  webhookTrigger,
  scheduleTrigger,
  eventTrigger,
  conditionNode,
  switchNode,
  mergeNode,
  splitNode,
  delayNode,
  waitEventNode,
  goalNode,
  setNode,
  codeNode,
  httpRequestNode,
  httpRespondNode,
  emailSendNode,
  smsSendNode,
  hubspotNode,
  contactNode,
  tagNode,
  scoreNode,
];

/** A fresh catalogue of the built-in nodes; the runtime adds custom nodes to it. */
export function createBuiltinCatalogue(): NodeCatalogue {
  return new NodeCatalogue(builtinNodes);
}
