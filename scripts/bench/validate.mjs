// `npm run bench:validate`: what litemail-sdk/validate (the drift reporter) costs, measured on the
// built package like `npm run bench` (whose server, rounds and baseline build it reuses):
//   1. per call: sequential GET /v1/users (the spec's example body) with and without the reporter,
//      interleaved rounds in one run, the median of the per-round ratios; with a baseline, today's
//      reporter and the baseline's in rounds of their own;
//   2. the check alone (no I/O) on a list page (100 mailboxes) and on the GET /v1/users body, CPU
//      time per body, interleaved rounds;
//   3. memory, each case in a fresh process: the check of a 5 MB list of mailboxes, valid and with
//      every item drifting (findings collected while walking, heap grown by the check, drifts
//      returned); one client given 20 bodies of 5,000 new unknown fields each (onDrift calls, heap
//      kept after GC);
//   4. bundle size (esbuild minified, gzip -9) of the core entry and of litemail-sdk/validate.
// `--baseline <git-ref>` builds that commit's package too and measures it in the same run (each
// section gets its rows; the memory cases run in processes of their own for both). Prints the
// figures and a Markdown table; writes nothing. `--quick` runs fewer rounds.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { buildBaseline } from './baseline.mjs';
import { createContender, median, startServer } from './bench.mjs';
import { build } from '../build/build.mjs';
import { loadBundledSpec, root } from '../spec/spec.mjs';
import { mediaExamples } from '../spec/examples.mjs';

const self = fileURLToPath(import.meta.url);
const ROUNDS = process.argv.includes('--quick') ? 4 : 30;
const CALLS_PER_ROUND = 400;
const API_KEY = 'lm_bench_key'; // the key bench.mjs's server accepts
const LIST_BYTES = 5 * 1024 * 1024;
const FLOOD = { bodies: 20, fields: 5000 };

/**
 * A package to measure: its dist/ and its interpreter (src/schema-check.ts bundled alone). Its
 * modules are loaded as instances of their own (a query in the URL), so the client under each
 * reporter has its own JIT feedback, not one shared with the other rows.
 */
async function loadVersion(name, dir) {
  const instance = name.replace(/\W+/g, '-');
  const interpreter = join(root, 'node_modules', '.cache', `bench-schema-check-${instance}.mjs`);
  await esbuild({ entryPoints: [join(dir, 'src', 'schema-check.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: interpreter, logLevel: 'error' });
  const dist = (file) => `${pathToFileURL(join(dir, 'dist', file)).href}?${instance}`;
  return { name, dir, interpreter, sdk: await import(dist('index.js')), validate: await import(dist('validate.js')), check: (await import(pathToFileURL(interpreter).href)).checkResponse };
}

async function perCall(versions, baseUrl) {
  const plainSdk = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  const contender = (name, sdk, middleware) => {
    const client = sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl });
    if (middleware) client.use(middleware);
    return createContender(name, 'validate', async () => {
      const { data } = await client.GET('/v1/users');
      if (!data?.success) throw new Error(`${name}: bad response`);
    });
  };
  const unexpected = (d) => {
    throw new Error(`bench: unexpected drift ${versions[0].validate.describeDrift(d)}`);
  };
  const contenders = [
    contender('litemail-sdk', plainSdk),
    // Any middleware makes openapi-fetch take its middleware path (an id per call, frozen options):
    // this row separates that from the reporter's own work.
    contender('litemail-sdk + a no-op middleware', plainSdk, { onResponse: () => undefined }),
    ...versions.map((v) => contender(`litemail-sdk + validateResponses() (${v.name})`, v.sdk, v.validate.validateResponses({ onDrift: unexpected }))),
  ];
  /** Interleaved rounds; the order rotates every round and reverses every other one. */
  const run = async (list) => {
    for (const c of list) await c.round(); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      const order = list.map((_, i) => list[(i + round) % list.length]);
      if (round % 2) order.reverse();
      for (const c of order) c.samples.push(await c.round());
    }
  };
  const ratio = (a, b, key) => median(a.samples.map((s, i) => s[key] / b.samples[i][key]));
  await run(contenders.slice(0, 3));
  const [plain, , today] = contenders;
  const rows = contenders.slice(0, 3).map((c) => ({
    name: c.name,
    us: median(c.samples.map((s) => (s.wall * 1000) / CALLS_PER_ROUND)),
    wallRatio: ratio(c, plain, 'wall'),
    cpuRatio: ratio(c, plain, 'cpu'),
  }));
  if (versions.length < 2) return rows;
  // Today's reporter against the baseline's in rounds of their own, each first every other round:
  // in the rotation of four rows, which row came before which skewed the comparison by up to 15 %.
  const pair = [contender(today.name, versions[0].sdk, versions[0].validate.validateResponses({ onDrift: unexpected })), contenders[3]];
  await run(pair);
  rows.push({
    name: contenders[3].name,
    us: median(pair[1].samples.map((s) => (s.wall * 1000) / CALLS_PER_ROUND)),
    vsNow: { wall: ratio(pair[0], pair[1], 'wall'), cpu: ratio(pair[0], pair[1], 'cpu'), us: median(pair[0].samples.map((s) => (s.wall * 1000) / CALLS_PER_ROUND)) },
  });
  return rows;
}

const exampleOf = (doc, path) => structuredClone(mediaExamples(doc.paths[path].get.responses['200'].content['application/json'])[0][1]);

/**
 * The interpreter alone (no I/O) on a 100-item page of GET /v1/mailboxes and on GET /v1/users, every
 * version in the same interleaved rounds: CPU µs per body, and the median per-round ratio of the
 * first version's (now) to each.
 */
function checkOnly(versions) {
  const doc = loadBundledSpec();
  const page = exampleOf(doc, '/v1/mailboxes');
  const [items] = Object.values(page.data).filter(Array.isArray);
  for (let i = items.length; i < 100; i++) items.push({ ...items[0], id: `mb_${i}`, email: `user${i}@example.com` });
  const bodies = [
    { name: '100-mailbox page', path: '/v1/mailboxes', body: page, runs: 300 },
    { name: 'GET /v1/users body', path: '/v1/users', body: exampleOf(doc, '/v1/users'), runs: 10_000 },
  ];
  const cpuPerBody = (check, { path, body, runs }) => {
    const started = process.cpuUsage();
    for (let i = 0; i < runs; i++) if (check('GET', path, 200, body).length) throw new Error(`bench: the ${path} body drifts`);
    const used = process.cpuUsage(started);
    return (used.user + used.system) / runs;
  };
  return bodies.map((b) => {
    const samples = versions.map(() => []);
    for (let round = 0; round < ROUNDS * 2; round++) {
      const order = versions.map((_, i) => i);
      if (round % 2) order.reverse();
      for (const i of order) samples[i].push(cpuPerBody(versions[i].check, b));
    }
    return {
      name: b.name,
      bytes: JSON.stringify(b.body).length,
      us: samples.map(median),
      nowOver: samples.map((s) => median(s.map((x, r) => samples[0][r] / x))),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Memory, in child processes (`--child <json>`): a fresh heap for each case.

/** A page of GET /v1/mailboxes of about 5 MB; `drifting`: every item with a status outside the enum and a field the spec does not know. */
function bigList(drifting) {
  const page = exampleOf(loadBundledSpec(), '/v1/mailboxes');
  const [key] = Object.keys(page.data).filter((k) => Array.isArray(page.data[k]));
  const sample = page.data[key][0];
  const items = [];
  for (let size = 0, i = 0; size < LIST_BYTES; i++) {
    const item = { ...sample, id: `mb_${i}`, email: `user${i}@example.com`, ...(drifting ? { status: 'SUSPENDED', loyaltyTier: 'gold' } : {}) };
    size += JSON.stringify(item).length + 1;
    items.push(item);
  }
  page.data[key] = items;
  return { text: JSON.stringify(page), items: items.length };
}

/** The letters-only name of field n (word-like, so the reporter shows each and they are all distinct). */
const fieldName = (n) => `field${[...n.toString(26)].map((d) => 'abcdefghijklmnopqrstuvwxyz'[parseInt(d, 26)]).join('')}`;

async function child({ task, interpreter, dir, drifting }) {
  const mb = (bytes) => bytes / 2 ** 20;
  if (task === 'list') {
    const { checkResponse } = await import(pathToFileURL(interpreter).href);
    const { text, items } = bigList(drifting);
    const body = JSON.parse(text);
    // Findings collected: both versions push each one (an object with a `problem`) onto an array
    // while walking; this probe counts those pushes.
    let findings = 0;
    const push = Array.prototype.push;
    Array.prototype.push = function (...values) {
      for (const v of values) if (v && typeof v === 'object' && 'problem' in v) findings++;
      return push.apply(this, values);
    };
    globalThis.gc();
    const before = v8.getHeapStatistics().used_heap_size;
    const drifts = checkResponse('GET', '/v1/mailboxes', 200, body);
    // Heap in use when the check returns, no GC forced in between. The child runs with a 1 MB young
    // generation, so short-lived garbage is collected as the walk goes and what stays is about what
    // the check held at its peak (the findings it kept).
    const grown = v8.getHeapStatistics().used_heap_size - before;
    Array.prototype.push = push;
    return { bytes: text.length, items, drifts: drifts.length, findings, grown: mb(grown), heap: mb(before) };
  }
  const sdk = await import(pathToFileURL(join(dir, 'dist', 'index.js')).href);
  const { validateResponses } = await import(pathToFileURL(join(dir, 'dist', 'validate.js')).href);
  const user = exampleOf(loadBundledSpec(), '/v1/users');
  let next = 0;
  const flood = () => {
    const body = structuredClone(user);
    for (let i = 0; i < FLOOD.fields; i++) body.data[fieldName(next++)] = 1;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  let calls = 0;
  const lm = sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9', fetch: async () => flood() });
  lm.use(validateResponses({ onDrift: () => calls++ }));
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < FLOOD.bodies; i++) await lm.GET('/v1/users');
  globalThis.gc();
  return { calls, kept: mb(process.memoryUsage().heapUsed - before) };
}

function inChild(args) {
  const flags = ['--expose-gc', ...(args.task === 'list' ? ['--max-semi-space-size=1'] : [])];
  const out = execFileSync(process.execPath, [...flags, self, '--child', JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 2 ** 20 });
  return JSON.parse(out.trim().split('\n').pop());
}

function memory(versions) {
  return versions.map((v) => ({
    name: v.name,
    valid: inChild({ task: 'list', interpreter: v.interpreter, drifting: false }),
    drifting: inChild({ task: 'list', interpreter: v.interpreter, drifting: true }),
    flood: inChild({ task: 'flood', dir: v.dir }),
  }));
}

// ---------------------------------------------------------------------------------------------

async function size(contents) {
  const result = await esbuild({ stdin: { contents, resolveDir: root, loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'error' });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length };
}
const sizeText = ({ min, gz }) => `${min} B minified, ${gz} B gzip`;

async function main() {
  const baselineAt = process.argv.indexOf('--baseline');
  await build({ quiet: true });
  let baseline;
  if (baselineAt > 0) baseline = buildBaseline(process.argv[baselineAt + 1]);
  try {
    const versions = [await loadVersion('now', root), ...(baseline ? [await loadVersion(`at ${baseline.sha}`, baseline.root)] : [])];
    const server = await startServer();
    let calls;
    try {
      calls = await perCall(versions, server.url);
    } finally {
      server.stop();
    }
    const pages = checkOnly(versions);
    const memories = memory(versions);
    const distPath = (v, file) => JSON.stringify(join(v.dir, 'dist', file));
    const sizes = [];
    for (const v of versions) {
      sizes.push({
        name: v.name,
        validate: await size(`export { validateResponses, LiteMailDriftError } from ${distPath(v, 'validate.js')};`),
        core: await size(`export { createLiteMailClient, unwrap } from ${distPath(v, 'index.js')};`),
      });
    }
    report({ calls, pages, memories, sizes });
  } finally {
    baseline?.remove();
  }
}

function report({ calls, pages, memories, sizes }) {
  const f = (n, digits = 1) => n.toFixed(digits);
  console.log(`litemail-sdk/validate, ${ROUNDS} rounds × ${CALLS_PER_ROUND} calls of GET /v1/users per contender, interleaved:`);
  for (const c of calls) {
    if (c.vsNow) {
      console.log(`  ${c.name}: ${f(c.us)} µs per call, against today's reporter (${f(c.vsNow.us)} µs) in rounds of their own: now ÷ baseline wall ${f(c.vsNow.wall, 3)}×, CPU ${f(c.vsNow.cpu, 3)}×`);
    } else {
      console.log(`  ${c.name}: ${f(c.us)} µs per call; vs litemail-sdk (median of per-round ratios): wall ${f(c.wallRatio, 3)}×, CPU ${f(c.cpuRatio, 3)}×`);
    }
  }
  for (const p of pages) {
    const each = memories.map((m, i) => `${m.name} ${f(p.us[i], 2)} µs${i ? ` (now ÷ this: ${f(p.nowOver[i], 3)}×)` : ''}`);
    console.log(`  the check alone, CPU per body, on the ${p.name} (${p.bytes} bytes): ${each.join(', ')}`);
  }
  for (const m of memories) {
    const list = (l) => `${l.findings} findings collected, ${l.drifts} drifts returned, heap +${f(l.grown)} MB (parsed list: ${f(l.heap)} MB)`;
    console.log(`  ${m.name}: a ${f(m.valid.bytes / 2 ** 20, 2)} MB list of ${m.valid.items} mailboxes, valid: ${list(m.valid)}; every item drifting: ${list(m.drifting)}`);
    console.log(`  ${m.name}: ${FLOOD.bodies} bodies × ${FLOOD.fields} new unknown fields on one client: ${m.flood.calls} onDrift calls, ${f(m.flood.kept)} MB of heap kept`);
  }
  for (const s of sizes) console.log(`  litemail-sdk/validate alone (${s.name}): ${sizeText(s.validate)}; core entry (createLiteMailClient, unwrap): ${sizeText(s.core)}`);

  const names = memories.map((m) => m.name);
  const row = (label, values) => `| ${label} | ${values.join(' | ')} |`;
  const [, , reporter, baseline] = calls;
  console.log(`\n| measure | ${names.join(' | ')} |\n|---|${names.map(() => '---|').join('')}`);
  console.log(row('per call with the reporter, vs without (wall / CPU)', [`${f(reporter.wallRatio, 3)}× / ${f(reporter.cpuRatio, 3)}×`, ...(baseline ? [''] : [])]));
  if (baseline) console.log(row('per call with the reporter, now ÷ baseline (wall / CPU)', [`${f(baseline.vsNow.wall, 3)}× / ${f(baseline.vsNow.cpu, 3)}×`, '1']));
  for (const p of pages) console.log(row(`the check alone, CPU per body: ${p.name}`, p.us.map((us, i) => `${f(us, 2)} µs${i ? ` (now ÷ this: ${f(p.nowOver[i], 3)}×)` : ''}`)));
  console.log(row('5 MB list, valid: heap grown by the check', memories.map((m) => `${f(m.valid.grown)} MB`)));
  console.log(row('5 MB list, every item drifting: findings collected, heap grown, drifts returned', memories.map((m) => `${m.drifting.findings}, ${f(m.drifting.grown)} MB, ${m.drifting.drifts}`)));
  console.log(row(`${FLOOD.bodies} × ${FLOOD.fields} new unknown fields: onDrift calls, heap kept`, memories.map((m) => `${m.flood.calls}, ${f(m.flood.kept)} MB`)));
  console.log(row('litemail-sdk/validate, min + gzip', sizes.map((s) => `${s.validate.gz} B (${s.validate.min} B minified)`)));
  console.log(row('core entry (createLiteMailClient, unwrap), min + gzip', sizes.map((s) => `${s.core.gz} B (${s.core.min} B minified)`)));
}

const childAt = process.argv.indexOf('--child');
if (childAt > 0) {
  console.log(JSON.stringify(await child(JSON.parse(process.argv[childAt + 1]))));
} else {
  await main();
}
