import { defineConfig } from 'vitest/config';

// Four tiers, each starting only what it needs (CONTRIBUTING.md, "Tests"):
//   unit    pure code, fake time                      npm run test:unit
//   client  the client against local servers          npm run test:client
//   spec    the spec's content, and Prism mocking it  npm run test:spec
//   e2e     the package, the bundled CLI and MCP server as processes, docs in a browser, the demo
// `npm test` runs them all. Prism starts only for the tiers that talk to it, once for both.
const prism = ['test/support/prism-setup.ts'];

export default defineConfig({
  test: {
    // I/O-bound tiers; a couple of workers suits a 2-core machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 90_000,
    projects: [
      // Files of a tier without `isolate: false` each get a fresh worker and import everything anew:
      // unit and spec files share no state (no module mocks, no globals changed), so a worker
      // keeps its imports from one file to the next. The client tier mocks a module for one file
      // (validate-guard); e2e would gain nothing (its time is in the processes it starts).
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'client', include: ['test/client/**/*.test.ts'] } },
      { extends: true, test: { name: 'spec', include: ['test/spec/**/*.test.ts'], globalSetup: prism, isolate: false } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: prism } },
    ],
  },
});
