import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/prism.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    // Fault-server and Prism tests are I/O bound; a couple of workers suits a 2-core machine.
    maxWorkers: 2,
  },
});
