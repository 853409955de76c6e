import { defineConfig } from 'vitest/config';

// Four tiers, each starting only what it needs (CONTRIBUTING.md, "Tests"):
//   unit    pure code, fake time                      npm run test:unit
//   client  the client against local servers          npm run test:client
//   spec    the spec's content, and Prism mocking it  npm run test:spec
//   e2e     the package, the bundled CLI and MCP server as processes, docs in a browser, the demo
// `npm test` runs them all. Prism starts only for the tiers that talk to it.
const prism = ['test/support/prism-setup.ts'];

export default defineConfig({
  test: {
    // I/O-bound tiers; a couple of workers suits a 2-core machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 90_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'client', include: ['test/client/**/*.test.ts'] } },
      { extends: true, test: { name: 'spec', include: ['test/spec/**/*.test.ts'], globalSetup: prism } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: prism } },
    ],
  },
});
