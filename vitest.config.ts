import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,nodes,runtime}/{src,test}/**/*.test.ts'],
    reporters: ['default', './test-support/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Integration tests spawn servers and bind ports; two cores do not gain from more.
    maxWorkers: 2,
  },
});
