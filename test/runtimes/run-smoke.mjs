// Runs the smoke test with the built ESM and CommonJS entries of dist/ on whichever JavaScript
// runtime executes this file (node, bun). Usage: <runtime> test/runtimes/run-smoke.mjs <prism-url>
// Prints one `SMOKE <format> ok {...}` line per format; exits non-zero on any failure.
import { createRequire } from 'node:module';
import { smoke } from './smoke.mjs';

const baseUrl = process.argv[2];
if (!baseUrl) throw new Error('usage: run-smoke.mjs <prism-url>');

const runtime = typeof Bun !== 'undefined' ? `bun ${Bun.version}` : `node ${process.versions.node}`;
const formats = {
  esm: () => import('../../dist/index.js'),
  cjs: async () => createRequire(import.meta.url)('../../dist/index.cjs'),
};
for (const [format, load] of Object.entries(formats)) {
  try {
    const result = await smoke(await load(), baseUrl);
    console.log(`SMOKE ${format} ok ${JSON.stringify({ runtime, ...result })}`);
  } catch (error) {
    console.log(`SMOKE ${format} FAIL ${runtime}: ${error?.stack ?? error}`);
    process.exitCode = 1;
  }
}
