// The test harness for node authors, exported as `@tern/nodes/testing`:
// runNode() executes one node like the runtime does, with fake HTTP, credentials and clock.
export { DEFAULT_NOW, runNode } from './run-node.js';
export type { FakeCredential, LogEntry, RunNodeOptions, RunNodeOutcome } from './run-node.js';
export { FakeHttp } from './fake-http.js';
export type { FakeHttpAnswer, FakeHttpHandler } from './fake-http.js';
export { fakeClock } from './fake-clock.js';
export type { FakeClock } from './fake-clock.js';
