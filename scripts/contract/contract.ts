// `npm run contract -- --upstream <url>`: checks the real LiteMail API against the spec.
//
// Prism runs as a validating proxy (`prism proxy`, proxy.mjs) between this script and the API.
// Every read-only operation of the spec (each GET that moves no money and whose required
// parameters have examples: cases.mjs) is sent through it once; Prism validates the request and
// the API's response against the spec and reports what breaks it in the `sl-violations` response
// header (check.mjs). The violations are written, grouped by operation and with the place in
// spec/ to fix (locate.mjs), to <out>/report.md and <out>/report.json (report.mjs).
//
//   npm run contract -- --upstream https://api.litemail.ai [--out contract-report] [--api-key KEY]
//
// The key comes from LITEMAIL_API_KEY (or --api-key, which other users of the machine can see in
// the process list). It never appears in what this prints or writes: everything passes through the
// library's own redaction (`redact`, src/redact.ts, taken from the public entry). That is why this
// entry is TypeScript: Node 20 does not run .ts, so package.json runs it through
// scripts/lib/run-ts.mjs, which bundles it with src/ (the .mjs modules beside it load as they are).
//
// Exit code: 0 when every operation was checked and nothing violates the spec; 1 when violations
// were found or an operation could not be checked; 2 on usage errors (bad or missing arguments, no
// API key) or when the proxy could not start.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LiteMailError, createLiteMailClient, redact } from '../../src/index.js';
import { loadBundledSpec } from '../spec/spec.mjs';
import { readOnlyCases } from './cases.mjs';
import { checkOperation, type OperationResult } from './check.mjs';
import { operationLocation } from './locate.mjs';
import { USAGE, UsageError, parseOptions } from './options.mjs';
import { startProxy } from './proxy.mjs';
import { buildReport, markdown, progressLine, summaryLine } from './report.mjs';

let options;
try {
  options = parseOptions(process.argv.slice(2), process.env);
  // The upstream gets the key: the library's own rule decides where it may go (https, or plain http to loopback).
  if (!options.help) createLiteMailClient({ apiKey: options.apiKey, baseUrl: options.upstream.href });
} catch (error) {
  if (error instanceof LiteMailError) error = new UsageError(error.message.replace(/^baseUrl/, '--upstream'));
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const { upstream, upstreamLabel, outDir, apiKey } = options;
// The key as sent and as it appears in a URL (a query string, an echoed link).
const secrets = [apiKey, encodeURIComponent(apiKey)];
const say = (line: string) => console.log(redact(line, secrets));

const doc = loadBundledSpec();
const cases = readOnlyCases(doc);
say(`Contract check: ${cases.filter((c) => !c.skip).length} read-only operations against ${upstreamLabel} through a validating Prism proxy`);
let proxy;
try {
  proxy = await startProxy(upstream);
} catch (error) {
  console.error(redact(`Could not start the Prism proxy: ${error instanceof Error ? error.message : String(error)}`, secrets));
  process.exit(2);
}

const operations: OperationResult[] = [];
try {
  const ids = new Map<string, string>();
  for (const c of cases) {
    const { skip, ...request } = c;
    const o: OperationResult = skip
      ? { operationId: c.operationId, method: c.method, path: c.path, result: 'skipped', skip }
      : await checkOperation(proxy, request, ids, apiKey);
    if (o.crashed) {
      delete o.crashed;
      await proxy.restart();
    }
    const spec = operationLocation(c.operationId);
    if (spec) o.spec = spec;
    operations.push(o);
    say(progressLine(o));
  }
} finally {
  await proxy.stop();
}

const report = buildReport({ upstream: upstreamLabel, spec: { title: doc.info.title, version: doc.info.version }, operations });
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'report.json'), redact(`${JSON.stringify(report, null, 2)}\n`, secrets));
writeFileSync(join(outDir, 'report.md'), redact(markdown(report), secrets));
say(`\n${summaryLine(report.summary)}`);
say(`Report: ${relative(process.cwd(), join(outDir, 'report.md')) || 'report.md'} and report.json`);
process.exitCode = report.summary.violations || report.summary.notChecked ? 1 : 0;
