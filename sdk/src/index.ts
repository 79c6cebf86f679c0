// @tern/node-sdk: everything a custom node package needs, and nothing else of Tern. A package
// depends on this alone (zod comes through it as `z`), so Tern's internals can move without
// breaking it. Every name here is part of the SDK's public API (see README.md).
import './zod-meta.js';

// Declaring a node and what execute() returns.
export { defineNode, next, stop, waitForEvent, waitUntil, nodeKey, nodeCategories, customCategoryName, paramWidgets, ParamError } from '@tern/shared';
export type {
  AnyNodeDefinition,
  CredentialService,
  EventWait,
  ExecutionContextData,
  HttpRequestOptions,
  HttpResponse,
  HttpService,
  NodeCategory,
  NodeContext,
  NodeDefinition,
  NodeLogger,
  NodeResult,
  NodeServices,
  ParamMeta,
  ParamWidget,
  PortsFromParam,
  ResumeInfo,
  Rules,
  TriggerKind,
  WebhookResponse,
} from '@tern/shared';

// Messaging services a node may find on ctx.services (where the runtime provides them).
export { DeliveryError, isDeliveryError } from '@tern/shared';
export type {
  ChannelCredential,
  EmailMessage,
  EmailSendResult,
  EmailService,
  SmsMessage,
  SmsSendResult,
  SmsService,
  TrackingService,
  TrackingTarget,
} from '@tern/shared';

// The contact database a node may find on ctx.services.contacts (crm.contact, crm.tag, crm.score use it).
export type { ContactChangeOptions, ContactData, ContactsService } from '@tern/shared';

// Credential types a package declares.
export { defineCredentialType } from '@tern/shared';
export type {
  AnyCredentialTypeDefinition,
  CredentialTest,
  CredentialTestRequest,
  CredentialTypeDefinition,
} from '@tern/shared';

// Param schemas: zod 4, the same instance Tern parses params with.
export { z } from 'zod';

// The test harness: runNode() with fake services and a fake clock.
export * from '@tern/nodes/testing';
export type { Duration } from '@tern/shared';
