// The behaviour every Store implementation must show, as one reusable suite: the SQLite store runs
// it in sqlite.test.ts, and the PostgreSQL store will run the same suite against a real server.
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from './store.js';
import { describeAuth, describeCredentials, describeIdempotency } from './suite/accounts.js';
import { describeContacts } from './suite/contacts.js';
import { describeExecutions } from './suite/executions.js';
import { describeMessages } from './suite/messages.js';
import { describeSegments } from './suite/segments.js';
import { describeScoring } from './suite/scoring.js';
import { describeJourneys } from './suite/journeys.js';
import { describeWaits } from './suite/waits.js';
import { describeWorkflows } from './suite/workflows.js';

export interface StoreFactory {
  /** A store on a fresh, empty database. */
  open(): Promise<Store>;
  /**
   * Another store on the same database as `store` (another connection, as a second process has).
   * Leave it out where that cannot be (`:memory:`); the tests that need it are then not declared.
   */
  openSibling?(store: Store): Promise<Store>;
}

/** What each test of the suite works with; `store` is fresh for every test. */
export interface SuiteContext {
  readonly store: Store;
  /** A second store on the same database, closed after the test. */
  readonly openSibling: (() => Promise<Store>) | null;
}

export function describeStoreSuite(name: string, factory: StoreFactory): void {
  describe(name, () => {
    let store: Store | null = null;
    const extra: Store[] = [];
    const context: SuiteContext = {
      get store() {
        if (!store) throw new Error('the store is only open inside a test');
        return store;
      },
      openSibling: factory.openSibling
        ? async () => {
            const sibling = await factory.openSibling!(context.store);
            extra.push(sibling);
            return sibling;
          }
        : null,
    };

    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await store?.close();
      store = null;
    });

    describeWorkflows(context);
    describeExecutions(context);
    describeWaits(context);
    describeIdempotency(context);
    describeAuth(context);
    describeCredentials(context);
    describeContacts(context);
    describeMessages(context);
    describeSegments(context);
    describeScoring(context);
    describeJourneys(context);
  });
}
