// The test harness for node authors, exported as `@tern/nodes/testing`:
// runNode() executes one node like the runtime does, with fake HTTP, email, SMS, tracking links, contacts,
// credentials and clock.
export { DEFAULT_NOW, runNode } from './run-node.js';
export type { FakeCredential, LogEntry, RunNodeOptions, RunNodeOutcome } from './run-node.js';
export { FakeHttp } from './fake-http.js';
export type { FakeHttpAnswer, FakeHttpHandler } from './fake-http.js';
export { fakeClock } from './fake-clock.js';
export type { FakeClock } from './fake-clock.js';
export { FakeEmail } from './fake-email.js';
export type { FakeEmailHandler } from './fake-email.js';
export { FakeSms } from './fake-sms.js';
export type { FakeSmsHandler } from './fake-sms.js';
export { FakeTracking } from './fake-tracking.js';
export { FakeContacts } from './fake-contacts.js';
export type { FakeContactEvent } from './fake-contacts.js';
