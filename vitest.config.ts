import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test-support/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Integration tests spawn servers and bind ports; two cores do not gain from more.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'server', include: ['{shared,nodes,runtime,sdk}/{src,test}/**/*.test.ts'], environment: 'node' },
      },
      // With DATABASE_URL (as .ci/run sets it), the engine, scheduler and HTTP suites run a second
      // time with every test runtime on PostgreSQL (runtime/test/helpers.ts: testPostgres).
      ...(process.env.DATABASE_URL
        ? [{
            extends: true as const,
            test: {
              name: 'server-postgres',
              include: [
                'runtime/src/{runner,scheduler,maintenance,services}/**/*.test.ts',
                'runtime/src/http/{webhooks,executions,runs,live,workflows,credentials,auth,operations}.test.ts',
                'runtime/test/{contacts,events,code-node,messaging-email,messaging-sms,messaging-hubspot,templates}.test.ts',
                // Issue 4's suites: segments, scoring, message tracking, journeys.
                'runtime/test/{segment,segments,scoring,contact-import,tracking-links,sms-callbacks,journeys,test-contact,welcome-series}.test.ts',
              ],
              environment: 'node',
              env: { TERN_TEST_STORE: 'postgres' },
            },
          }]
        : []),
      {
        extends: true,
        plugins: [react()],
        test: { name: 'editor', include: ['editor/{src,test}/**/*.test.{ts,tsx}'], environment: 'happy-dom' },
      },
      {
        // The built editor in Debian's Chromium against a real server (see editor/e2e/browser.ts).
        extends: true,
        test: { name: 'e2e', include: ['editor/e2e/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
      },
    ],
  },
});
