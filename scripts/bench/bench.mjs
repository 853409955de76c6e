// `npm run bench`: speed and size of litemail-sdk against raw fetch and bare openapi-fetch, written
// to BENCHMARKS.md. Not part of `npm test` (it takes about a minute and its figures depend on the
// machine). It builds dist/ first and measures the built package, i.e. what users install.
//
//   1. Per-call overhead: sequential small GETs (GET /v1/users, the spec's example body) to one local
//      HTTP server in a separate process; interleaved rounds, medians, ratios vs raw fetch.
//   2. Bundle size: esbuild (minified, browser, ESM) of a tiny entry using the client, gzip -9.
//   3. Consumer type-check time: `tsc --noEmit` of a generated file calling every operation.
//   4. Pagination: 100 pages of GET /v1/mailboxes at 20 ms injected latency vs 100 × 20 ms.
//
//   5. Against a rate-limited server: 1,000 calls at once, and pagination with prefetch
//      (scripts/bench/ratelimit.mjs).
//
// `node scripts/bench/bench.mjs --quick` runs fewer rounds (for trying the script, not for the figures).
// `npm run bench -- --only ratelimit [--rates 200,50]` runs section 5 alone and prints it (no file written).
// `npm run bench -- --baseline <git-ref>` also builds the client of that commit and measures it in the
// same rounds (per-call time, core-entry size), so "before" and "after" come from one run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build } from '../build/build.mjs';
import { rateLimitBench, rateLimitReport } from './ratelimit.mjs';
import { mediaExamples } from '../spec/examples.mjs';
import { deref, listOperations, loadBundledSpec, root } from '../spec/spec.mjs';
import { startServerProcess } from './server-process.mjs';

const self = fileURLToPath(import.meta.url);
const quick = process.argv.includes('--quick');
const API_KEY = 'lm_bench_key';

const CALLS_PER_ROUND = 400;
const ROUNDS = quick ? 4 : 30;
const PAGES = 100;
const PAGE_SIZE = 20;
const LATENCY_MS = 20;
const PAGINATION_REPS = quick ? 1 : 3;
const TSC_RUNS = quick ? 2 : 5;

const baselineRef = (() => {
  const i = process.argv.indexOf('--baseline');
  return i > 0 ? process.argv[i + 1] : undefined;
})();
const TARGETS = { callRatio: 1.1, gzipBytes: 5 * 1024, typecheckMs: 2000 };
/** Per-call differences below this (µs of CPU) are within the run-to-run noise seen on the reference machine. */
const NOISE_US = 20;

// ---------------------------------------------------------------------------------------------
// The HTTP server (its own process, so its work does not share the client's event loop).

function serve() {
  const doc = loadBundledSpec();
  const user = JSON.stringify(mediaExamples(doc.paths['/v1/users'].get.responses['200'].content['application/json'])[0][1]);
  const sample = doc.paths['/v1/mailboxes'].get.responses['200'].content['application/json'].examples.page1.value.data.mailboxes[0];
  const mailboxPage = (page, limit) =>
    JSON.stringify({
      success: true,
      message: 'Mailboxes fetched successfully',
      data: {
        mailboxes: Array.from({ length: limit }, (_, i) => ({ ...sample, id: `mb_${page}_${i}`, email: `user${page}-${i}@example.com` })),
        totalSearchedCount: PAGES * limit,
        currentPage: page,
        nextPage: page < PAGES ? page + 1 : null,
        totalPages: PAGES,
      },
    });
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (req.headers['x-api-key'] !== API_KEY) return res.writeHead(401, { 'content-type': 'application/json' }).end('{"success":false,"message":"Unauthorized"}');
    if (url.pathname === '/v1/users') return res.writeHead(200, { 'content-type': 'application/json' }).end(user);
    if (url.pathname === '/v1/mailboxes') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const limit = Number(url.searchParams.get('limit') ?? PAGE_SIZE);
      const body = mailboxPage(page, limit);
      return setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), LATENCY_MS);
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"success":false,"message":"Not found"}');
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
}

export const startServer = () => startServerProcess(self, 'bench server');

// ---------------------------------------------------------------------------------------------
// Statistics and formatting.

const sorted = (xs) => [...xs].sort((a, b) => a - b);
function quantile(xs, q) {
  const s = sorted(xs);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}
export const median = (xs) => quantile(xs, 0.5);
const fmt = (n, digits = 1) => n.toFixed(digits);
const kB = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;
const table = (header, rows) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

// ---------------------------------------------------------------------------------------------
// The baseline: another commit's client, built from a detached worktree that borrows node_modules.

export function buildBaseline(ref) {
  const sha = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  // Under node_modules/.cache: the same file system as the build's scratch folder, and git-ignored.
  const dir = join(root, 'node_modules', '.cache', `bench-baseline-${sha}`);
  rmSync(dir, { recursive: true, force: true });
  execFileSync('git', ['worktree', 'prune'], { cwd: root });
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', dir, sha], { cwd: root });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // Commits before the scripts/ folders had the build script at scripts/build.mjs.
  const buildScript = [join(dir, 'scripts', 'build', 'build.mjs'), join(dir, 'scripts', 'build.mjs')].find((f) => existsSync(f));
  execFileSync(process.execPath, [buildScript], { cwd: dir, stdio: 'ignore' });
  return {
    name: `litemail-sdk at ${sha} (baseline)`,
    sha,
    dist: join(dir, 'dist', 'index.js'),
    remove: () => execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root }),
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Per-call overhead.

/**
 * The steps src/transport.ts adds beneath openapi-fetch, emulated one by one on top of bare
 * openapi-fetch (a custom `fetch`), so the report can say where litemail-sdk's time goes.
 */
function steppedFetch({ buffer = false, timeout = false, clone = false }) {
  return async (request) => {
    const sent = clone ? request.clone() : request;
    let controller;
    let timer;
    if (timeout) {
      controller = new AbortController();
      timer = setTimeout(() => controller.abort(), 30_000);
    }
    try {
      // These calls pass no signal of their own, so there is nothing to compose the timeout with.
      const response = await (timeout ? fetch(sent, { signal: controller.signal, redirect: 'manual' }) : fetch(sent));
      if (!buffer) return response;
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * What the built client's transport does today, observed from outside with a probe fetch: whether the
 * response openapi-fetch gets is a copy of the one fetch returned (the body was buffered), and
 * whether the first attempt of a GET sends a clone of openapi-fetch's Request. The report only
 * blames litemail-sdk for the emulated steps it still takes.
 */
export async function transportTraits(sdk) {
  let made;
  let sent;
  let returned;
  const client = sdk.createLiteMailClient({
    apiKey: API_KEY,
    baseUrl: 'http://127.0.0.1:9',
    fetch: async (input) => {
      sent = input;
      returned = new Response('{"success":true}', { status: 200, headers: { 'content-type': 'application/json' } });
      return returned;
    },
  });
  client.use({
    onRequest({ request }) {
      made = request;
      return undefined;
    },
  });
  const { response } = await client.GET('/v1/users');
  return { buffers: response !== returned, clones: sent !== made };
}

/** The transport's techniques, emulated by steppedFetch(), as the report names them. */
const TECHNIQUES = {
  timeout: '… + per-attempt timeout (AbortController, timer, fetch init with signal and redirect)',
  buffer: '… + body buffered (arrayBuffer, new Response)',
  clone: '… + request.clone() before sending',
};

async function perCall(sdk, createClient, baseUrl, traits, baseline) {
  const headers = { 'x-api-key': API_KEY };
  const viaOpenapiFetch = (name, fetchImpl, group = 'breakdown', extra = {}) => {
    const client = createClient({ baseUrl, headers, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
    return Object.assign(
      createContender(name, group, async () => {
        const { data } = await client.GET('/v1/users');
        if (!data?.success) throw new Error(`${name}: bad response`);
      }),
      extra,
    );
  };
  const viaSdk = (name, options, group, from = sdk) => {
    const client = from.createLiteMailClient({ apiKey: API_KEY, baseUrl, ...options });
    return createContender(name, group, async () => {
      const { data } = await client.GET('/v1/users');
      if (!data?.success) throw new Error(`${name}: bad response`);
    });
  };
  const raw = createContender('raw fetch', 'main', async () => {
    const res = await fetch(`${baseUrl}/v1/users`, { headers });
    const data = await res.json();
    if (!res.ok || !data.success) throw new Error('raw fetch: bad response');
  });
  // The emulation first takes the steps litemail-sdk takes today (so its last such row is litemail-sdk
  // without its bookkeeping), then the steps it no longer takes (what they would cost on top).
  const present = ['timeout', ...(traits.buffers ? ['buffer'] : []), ...(traits.clones ? ['clone'] : [])];
  const absent = ['buffer', 'clone'].filter((t) => !present.includes(t));
  const steps = [viaOpenapiFetch('openapi-fetch + custom fetch (pass-through)', steppedFetch({}), 'breakdown', { technique: 'pass-through', present: true })];
  let taken = {};
  for (const technique of [...present, ...absent]) {
    taken = { ...taken, [technique]: true };
    const isPresent = present.includes(technique);
    const name = isPresent ? TECHNIQUES[technique] : `${TECHNIQUES[technique]}: not done by litemail-sdk now`;
    steps.push(viaOpenapiFetch(name, steppedFetch(taken), 'breakdown', { technique, present: isPresent }));
  }
  const contenders = [
    raw,
    viaOpenapiFetch('openapi-fetch', undefined, 'main'),
    viaSdk('litemail-sdk', {}, 'main'),
    ...(baseline ? [viaSdk(baseline.name, {}, 'main', baseline.sdk)] : []),
    ...steps,
    ...(traits.clones ? [viaSdk('litemail-sdk with maxRetries: 0 (no clone)', { maxRetries: 0 }, 'no-clone')] : []),
  ];

  for (const c of contenders) await c.round(); // warm-up: JIT, connection pool
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order every round and reverse it every other round: no contender always runs first.
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
    if (round % 2) order.reverse();
    for (const c of order) c.samples.push(await c.round());
  }
  return contenders.map((c) => {
    const usPerCall = c.samples.map((x) => (x.wall * 1000) / CALLS_PER_ROUND);
    const cpuPerCall = c.samples.map((x) => (x.cpu * 1000) / CALLS_PER_ROUND);
    return {
      name: c.name,
      group: c.group,
      technique: c.technique,
      present: c.present,
      median: median(usPerCall),
      p25: quantile(usPerCall, 0.25),
      p75: quantile(usPerCall, 0.75),
      ratio: median(c.samples.map((x, i) => x.wall / raw.samples[i].wall)),
      ratioOfMedians: median(c.samples.map((x) => x.wall)) / median(raw.samples.map((x) => x.wall)),
      cpu: median(cpuPerCall),
      cpuRatio: median(c.samples.map((x, i) => x.cpu / raw.samples[i].cpu)),
    };
  });
}

export function createContender(name, group, call) {
  return {
    name,
    group,
    samples: [],
    /** One round: wall time and this process's CPU time (user + system), in ms. */
    async round() {
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < CALLS_PER_ROUND; i++) await call();
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      return { wall, cpu: (used.user + used.system) / 1000 };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Bundle size.

async function bundleSize(sdk, baseline) {
  const bundle = async (contents, plugins = []) => {
    const result = await esbuild({
      stdin: { contents, resolveDir: root, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'error',
      plugins,
    });
    const code = result.outputFiles[0].contents;
    const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
      .map(([file, info]) => [file.replace(/^.*node_modules\//, ''), info.bytesInOutput])
      .filter(([, bytes]) => bytes > 0)
      .sort((x, y) => y[1] - x[1]);
    return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs };
  };
  const dist = JSON.stringify(join(root, 'dist', 'index.js'));
  const client = await bundle(`export { createLiteMailClient } from ${dist};`);
  const full = await bundle(`export * from ${dist};`);
  const base = await bundle(`export { default as createClient } from 'openapi-fetch';`);
  // The core entry: what a user who only creates a client and unwraps results pays for.
  const core = await bundle(`export { createLiteMailClient, unwrap } from ${dist};`);
  const baselineCore = baseline ? await bundle(`export { createLiteMailClient, unwrap } from ${JSON.stringify(baseline.dist)};`) : null;
  // The same client bundled from src/, for the minified bytes of each source file.
  const fromSrc = await bundle(`export { createLiteMailClient } from './src/index.ts';`);
  // What-if, while the client bundle carries the full operation table (generated/operations.ts):
  // a table holding only what the client reads at run time (method, path, billable, idempotent,
  // pagination) and only for operations that differ from the defaults.
  const tableBytes = fromSrc.inputs.find(([file]) => file.endsWith('generated/operations.ts'))?.[1] ?? 0;
  if (tableBytes < 2048 || !Array.isArray(sdk.operationTable)) return { client, full, base, core, baselineCore, fromSrc, compactClient: null, compactCount: 0 };
  const compact = sdk.operationTable
    .filter((op) => op.billable || op.idempotent || op.pagination)
    .map(({ method, path, billable, idempotent, pagination }) => ({ method, path, billable, idempotent, ...(pagination ? { pagination } : {}) }));
  const compactTable = {
    name: 'compact-operation-table',
    setup(b) {
      b.onLoad({ filter: /generated[\\/]operations\.ts$/ }, () => ({
        contents: `export const defaultBaseUrl = ${JSON.stringify(defaultBaseUrl())};\nexport const operations = ${JSON.stringify(compact)};\n`,
        loader: 'ts',
      }));
    },
  };
  const compactClient = await bundle(`export { createLiteMailClient } from './src/index.ts';`, [compactTable]);
  return { client, full, base, core, baselineCore, fromSrc, compactClient, compactCount: compact.length };
}

/** The spec's first server (the client's default base URL). */
function defaultBaseUrl() {
  return loadBundledSpec().servers?.[0]?.url ?? 'https://api.litemail.ai';
}

// ---------------------------------------------------------------------------------------------
// 3. Consumer type-check time.

/**
 * A TypeScript file that calls every operation of the spec with the spec's examples: through
 * litemail-sdk (`flavour: 'litemail-sdk'`, plus paginate() on every list and unwrap()), or through
 * bare openapi-fetch typed with the package's `paths` (the same calls, for comparison).
 */
export function consumerSource(doc, flavour) {
  const exampleOf = (p) => {
    const schema = deref(doc, p.schema) ?? {};
    if ('example' in p) return p.example;
    if (p.examples) return Object.values(p.examples)[0].value;
    if ('example' in schema) return schema.example;
    throw new Error(`parameter ${p.name} has no example`);
  };
  const sdk = flavour === 'litemail-sdk';
  const lines = [
    `// GENERATED by scripts/bench/bench.mjs: one call per operation of the spec, to time the consumer type-check.`,
    ...(sdk
      ? [`import { createLiteMailClient, unwrap } from 'litemail-sdk';`, ``, `const client = createLiteMailClient({ apiKey: 'lm_bench_key' });`]
      : [`import createClient from 'openapi-fetch';`, `import type { paths } from 'litemail-sdk';`, ``, `const client = createClient<paths>({ baseUrl: 'https://api.litemail.ai' });`]),
    ``,
  ];
  const ops = listOperations(doc);
  for (const { path, method, op, pathParameters } of ops) {
    const params = [...pathParameters, ...(op.parameters ?? [])].map((p) => deref(doc, p));
    const init = {};
    const pathParams = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, exampleOf(p)]));
    const query = Object.fromEntries(params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, exampleOf(p)]));
    if (Object.keys(pathParams).length || Object.keys(query).length) {
      init.params = {};
      if (Object.keys(pathParams).length) init.params.path = pathParams;
      if (Object.keys(query).length) init.params.query = query;
    }
    const media = deref(doc, op.requestBody)?.content?.['application/json'];
    if (media) init.body = mediaExamples(media)[0][1];
    const args = [JSON.stringify(path), ...(Object.keys(init).length ? [JSON.stringify(init)] : [])].join(', ');
    lines.push(
      `export async function ${op.operationId}() {`,
      `  const { data, error, response } = await client.${method}(${args});`,
      `  return error === undefined ? { ok: data, status: response.status } : { failed: error };`,
      `}`,
    );
  }
  const paginated = ops.filter(({ method, op }) => method === 'GET' && op['x-litemail-pagination']);
  if (sdk) {
    for (const { path, op } of paginated) {
      lines.push(
        `export async function ${op.operationId}AllItems() {`,
        `  const items = [];`,
        `  for await (const item of client.paginate(${JSON.stringify(path)})) items.push(item);`,
        `  return items;`,
        `}`,
      );
    }
    lines.push(`export const userEmail = () => unwrap(client.GET('/v1/users')).then((body) => body.data.email);`);
  }
  return { source: lines.join('\n') + '\n', operations: ops.length, paginated: paginated.length };
}

export function typecheckTime(doc) {
  const dir = mkdtempSync(join(os.tmpdir(), 'litemail-bench-tsc-'));
  try {
    // The package as installed: node_modules/litemail-sdk → this checkout (exports → dist/types).
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'litemail-sdk'), 'dir');
    symlinkSync(join(root, 'node_modules', 'openapi-fetch'), join(dir, 'node_modules', 'openapi-fetch'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-consumer', private: true, type: 'module' }));
    const consumer = consumerSource(doc, 'litemail-sdk');
    writeFileSync(join(dir, 'consumer.ts'), consumer.source);
    writeFileSync(join(dir, 'openapi-fetch-consumer.ts'), consumerSource(doc, 'openapi-fetch').source);
    writeFileSync(
      join(dir, 'single.ts'),
      `import { createLiteMailClient } from 'litemail-sdk';\nconst client = createLiteMailClient({ apiKey: 'lm_bench_key' });\n` +
        `export async function user() {\n  const { data, error } = await client.GET('/v1/users');\n  return error === undefined ? data : error;\n}\n`,
    );
    writeFileSync(join(dir, 'empty.ts'), 'export const nothing = 0;\n');
    const options = (skipLibCheck) => ({
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      types: [],
      strict: true,
      skipLibCheck,
      noEmit: true,
    });
    const configs = {
      'litemail-sdk consumer': { compilerOptions: options(true), files: ['consumer.ts'] },
      'litemail-sdk consumer, skipLibCheck false': { compilerOptions: options(false), files: ['consumer.ts'] },
      'the same calls through bare openapi-fetch + `paths`': { compilerOptions: options(true), files: ['openapi-fetch-consumer.ts'] },
      'a single call (GET /v1/users) through litemail-sdk': { compilerOptions: options(true), files: ['single.ts'] },
      'empty file (tsc start-up and lib files)': { compilerOptions: options(true), files: ['empty.ts'] },
    };
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const results = {};
    for (const [name, config] of Object.entries(configs)) {
      const file = join(dir, `tsconfig.${Object.keys(results).length}.json`);
      writeFileSync(file, JSON.stringify(config));
      const runs = [];
      for (let i = 0; i < TSC_RUNS; i++) {
        const started = performance.now();
        let out;
        try {
          out = execFileSync(process.execPath, [tsc, '-p', file, '--extendedDiagnostics'], { cwd: dir, encoding: 'utf8' });
        } catch (error) {
          throw new Error(`tsc found errors in the generated consumer (${name}):\n${String(error.stdout).split('\nFiles:')[0]}`);
        }
        const stat = (label) => Number(new RegExp(`${label}:\\s+([\\d.]+)`).exec(out)?.[1] ?? NaN);
        runs.push({ wall: performance.now() - started, check: stat('Check time') * 1000, types: stat('Types'), instantiations: stat('Instantiations') });
      }
      results[name] = {
        wall: median(runs.map((r) => r.wall)),
        check: median(runs.map((r) => r.check)),
        types: runs[0].types,
        instantiations: runs[0].instantiations,
      };
    }
    return { ...consumer, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Pagination.

async function pagination(sdk, baseUrl) {
  const client = sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl });
  const contenders = {
    'litemail-sdk paginate()': async () => {
      let n = 0;
      for await (const _ of client.paginate('/v1/mailboxes', { params: { query: { limit: PAGE_SIZE } } })) n++;
      return n;
    },
    'raw fetch loop': async () => {
      let n = 0;
      for (let page = 1; page; ) {
        const res = await fetch(`${baseUrl}/v1/mailboxes?page=${page}&limit=${PAGE_SIZE}`, { headers: { 'x-api-key': API_KEY } });
        const body = await res.json();
        n += body.data.mailboxes.length;
        page = body.data.nextPage;
      }
      return n;
    },
  };
  const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let rep = 0; rep < PAGINATION_REPS; rep++) {
    const names = Object.keys(contenders);
    for (const name of rep % 2 ? names.reverse() : names) {
      const started = performance.now();
      const items = await contenders[name]();
      samples[name].push(performance.now() - started);
      if (items !== PAGES * PAGE_SIZE) throw new Error(`${name}: ${items} items, expected ${PAGES * PAGE_SIZE}`);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

// ---------------------------------------------------------------------------------------------

function versionOf(pkg) {
  return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

async function main() {
  const started = performance.now();
  console.log('Building dist/ …');
  await build({ quiet: true });
  const sdk = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  const { default: createClient } = await import('openapi-fetch');
  const doc = loadBundledSpec();
  const load = os.loadavg()[0];
  const onlyAt = process.argv.indexOf('--only');
  const ratesAt = process.argv.indexOf('--rates');
  const rates = ratesAt > 0 ? process.argv[ratesAt + 1].split(',').map(Number) : undefined;
  if (onlyAt > 0 && process.argv[onlyAt + 1] === 'ratelimit') {
    const md = rateLimitReport(await rateLimitBench(sdk, createClient, { rates }));
    console.log(`\n${md}\n(section 5 only, BENCHMARKS.md not written; ${fmt((performance.now() - started) / 1000, 0)} s)`);
    return;
  }

  let baseline;
  if (baselineRef) {
    console.log(`Building the baseline client at ${baselineRef} …`);
    baseline = buildBaseline(baselineRef);
    baseline.sdk = await import(pathToFileURL(baseline.dist).href);
  }
  const server = await startServer();
  let calls;
  let pages;
  let traits;
  try {
    console.log(`Per-call overhead: ${ROUNDS} rounds × ${CALLS_PER_ROUND} calls per contender …`);
    traits = await transportTraits(sdk);
    calls = await perCall(sdk, createClient, server.url, traits, baseline);
    console.log(`Pagination: ${PAGES} pages at ${LATENCY_MS} ms, ${PAGINATION_REPS} repetitions …`);
    pages = await pagination(sdk, server.url);
  } finally {
    server.stop();
  }
  const limited = await rateLimitBench(sdk, createClient, { rates });
  console.log('Bundle size …');
  const size = await bundleSize(sdk, baseline);
  baseline?.remove();
  console.log(`Type-check time: ${TSC_RUNS} runs per configuration …`);
  const types = typecheckTime(doc);

  const md = `${report({ calls, traits, pages, size, types, doc, load, baseline, seconds: (performance.now() - started) / 1000 })}\n${rateLimitReport(limited)}`;
  writeFileSync(join(root, 'BENCHMARKS.md'), md);
  console.log(`\n${md}\nWrote BENCHMARKS.md`);
}

function report({ calls, traits, pages, size, types, doc, load, baseline: before, seconds }) {
  const cpus = os.cpus();
  const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} (${os.arch()})`;
  const call = (name) => calls.find((c) => c.name === name);
  const raw = call('raw fetch');
  const bare = call('openapi-fetch');
  const lite = call('litemail-sdk');
  const noClone = call('litemail-sdk with maxRetries: 0 (no clone)');
  const steps = calls.filter((c) => c.group === 'breakdown');
  const floor = PAGES * LATENCY_MS;
  const sdkPages = pages['litemail-sdk paginate()'];
  const rawPages = pages['raw fetch loop'];
  const tc = types.results['litemail-sdk consumer'];
  const tcStrictLib = types.results['litemail-sdk consumer, skipLibCheck false'];
  const tcBare = types.results['the same calls through bare openapi-fetch + `paths`'];
  const baseline = types.results['empty file (tsc start-up and lib files)'];
  const single = types.results['a single call (GET /v1/users) through litemail-sdk'];
  const userExampleBytes = Buffer.byteLength(JSON.stringify(mediaExamples(doc.paths['/v1/users'].get.responses['200'].content['application/json'])[0][1]));

  const callMet = lite.ratio <= TARGETS.callRatio;
  const sizeMet = size.client.gzip <= TARGETS.gzipBytes;
  const tcMet = tc.wall <= TARGETS.typecheckMs;
  const verdict = (ok, by) => (ok ? '**met**' : `**missed**: ${by}`);
  const us = (x) => `${fmt(x)} µs`;
  // Increments between the emulated steps: each row against the one before it.
  const chain = [bare, ...steps];
  const signed = (x) => `${x < 0 ? '−' : '+'}${fmt(Math.abs(x))} µs`;
  const costOf = (step) => step.cpu - chain[chain.indexOf(step) - 1].cpu;
  const stepRow = (c, i) => [c.name, us(c.median), us(c.cpu), i === 0 ? '' : signed(costOf(c))];
  // The last step litemail-sdk still takes: litemail-sdk minus this is its own bookkeeping.
  const matching = steps.filter((c) => c.present).at(-1);
  const restCost = lite.cpu - matching.cpu;
  const budget = raw.median * TARGETS.callRatio;
  const files = size.fromSrc.inputs;
  const tableBytes = files.find(([f]) => f.endsWith('generated/operations.ts'))?.[1] ?? 0;
  const ownFiles = files.filter(([f]) => !f.startsWith('openapi-fetch/'));

  const explain = {
    timeout: {
      what: 'The per-attempt timeout',
      why: "A new `AbortController` and timer per attempt, and an init (`{ signal, redirect }`) for fetch, so undici's copy of the `Request` follows one more signal. `AbortSignal`s cost more than their size suggests on Node 20 (each is made transferable).",
      fix: 'this is the price of a per-attempt timeout with a controller and a timer. `AbortSignal.timeout(ms)` per attempt (no controller, no `clearTimeout`) is the candidate left to measure; keep composing with `AbortSignal.any` only for calls that pass their own signal.',
    },
    buffer: {
      what: 'Buffering every body',
      why: 'It runs `await response.arrayBuffer()` and makes a `new Response(body)` copy, so that the timeout also covers a body that stalls; openapi-fetch then reads the copy again.',
      fix: "return undici's response unbuffered and keep the attempt's timer armed until openapi-fetch has parsed the body (the client's `call()` awaits openapi-fetch, so it can clear the timer then).",
    },
    clone: {
      what: '`request.clone()` before the first attempt of a retryable call',
      why: 'A second `Request` per call, so that a retry has a body to send.',
      fix: 'clone only requests that have a body (`request.body !== null`): a body-less request can be sent again as is.',
    },
  };
  const causes = [
    ...steps
      .filter((c) => c.present && explain[c.technique])
      .map((c) => {
        const cost =
          c.technique === 'clone' && noClone ? Math.max(costOf(c), lite.cpu - noClone.cpu) : costOf(c);
        return { ...explain[c.technique], cost };
      }),
    {
      what: 'Per-call bookkeeping',
      cost: restCost,
      why: 'Measured as litemail-sdk minus the last emulated step it takes: its call wrapper, the plan object and fetch closure per call, the error target, timing, the Retry-After parse.',
      fix: 'build the plan once per route when no per-call option is given, and compute the error target only when an error or a debug log needs it.',
    },
  ].sort((x, y) => y.cost - x.cost);
  const dropped = steps.filter((c) => !c.present && explain[c.technique]);
  const droppedText = dropped.length
    ? `Checked on the built client with a probe fetch: it ${[
        ...(!traits.buffers ? ['hands openapi-fetch the response fetch returned (no buffered copy)'] : []),
        ...(!traits.clones ? ['sends a body-less GET without cloning it'] : []),
      ].join(' and ')}. The rows marked "not done by litemail-sdk now" show what those steps would add: ${dropped
        .map((c) => `${explain[c.technique].what.toLowerCase()} ${signed(costOf(c))}`)
        .join(', ')}.`
    : '';

  const callAnalysis = `### Where the time goes

The rows below rebuild litemail-sdk's transport step by step as a custom \`fetch\` under bare openapi-fetch, measured
in the same interleaved rounds. The step cost is the client process's CPU time per call over the row before it (CPU
time is less disturbed than wall time by other processes on the machine); differences below about ${NOISE_US} µs are within
the run-to-run noise.

${table(
  ['step', 'wall per call', 'CPU per call', 'CPU step cost'],
  [
    ...chain.map(stepRow),
    ...(noClone ? [[noClone.name, us(noClone.median), us(noClone.cpu), `litemail-sdk − this: ${signed(lite.cpu - noClone.cpu)} (the clone)`]] : []),
    ['litemail-sdk', us(lite.median), us(lite.cpu), `${signed(restCost)} over "${matching.name}" (its own bookkeeping)`],
  ],
)}

${droppedText}

${
  callMet
    ? `litemail-sdk is within the target: ${us(lite.median)} per call against a budget of ${us(budget)} (${fmt(TARGETS.callRatio, 2)} × raw fetch).`
    : `**Why the target is missed.** The target allows ${us(budget - raw.median)} over raw fetch per call; litemail-sdk spends
${us(lite.median - raw.median)} wall time (${us(lite.cpu - raw.cpu)} of CPU time: ${fmt(lite.cpuRatio, 2)}× raw fetch's CPU per call). Bare openapi-fetch alone
takes ${us(bare.median - raw.median)} of it (${fmt(bare.ratio, 2)}× raw fetch: it builds a \`Request\`, merges headers, serialises the path and
parses the body), ${
        bare.ratio >= TARGETS.callRatio
          ? 'so on this machine bare openapi-fetch alone is already at or over the target'
          : `which leaves ${us(Math.max(0, budget - bare.median))} for litemail-sdk`
      }. What litemail-sdk adds on top of openapi-fetch, largest first (CPU time per call):

${causes
  .map(
    (c, i) =>
      `${i + 1}. **${c.what}**: ${signed(c.cost)}${c.cost < NOISE_US ? ' (within the noise on its own)' : ''}. ${c.why}\n   *To close:* ${c.fix}`,
  )
  .join('\n')}

Together litemail-sdk adds ${signed(lite.cpu - bare.cpu)} of CPU per call to openapi-fetch. ${
  causes.every((c) => c.cost < NOISE_US) ? 'Each step is small on its own, so closing the gap means trimming all of them. ' : ''
}Even with all of them removed, the floor is bare openapi-fetch (${fmt(bare.ratio, 2)}× raw fetch here): a ${fmt(TARGETS.callRatio, 2)}× raw-fetch target
for a client built on openapi-fetch only holds where openapi-fetch itself stays well under it, so a target relative to
openapi-fetch (litemail-sdk is ${fmt(lite.median / bare.median, 2)}× openapi-fetch now) measures what litemail-sdk controls. Against a real API the
difference is small: the whole overhead, ${us(lite.median - raw.median)}, is ${fmt(((lite.median - raw.median) / 30_000) * 100, 2)} % of a 30 ms round trip.`
}`;

  const generatedBytes = ownFiles.filter(([f]) => f.startsWith('generated/')).reduce((sum, [, b]) => sum + b, 0);
  const compact = size.compactClient;
  const sizeAnalysis = sizeMet
    ? `The client fits the target.`
    : `**Why the target is missed.** openapi-fetch alone is ${kB(size.base.gzip)} gzip, so the target leaves
${kB(TARGETS.gzipBytes - size.base.gzip)} for litemail-sdk's own code; it takes ${kB(size.client.gzip - size.base.gzip)}. Minified bytes by source file (before gzip),
largest first; generated/ (the spec's facts the client needs at run time) is ${kB(generatedBytes)} of them:

${table(['source file (the client bundled from src/)', 'minified'], files.map(([f, b]) => [f, kB(b)]))}
${
  compact
    ? `
The operation table (generated/operations.ts, ${kB(tableBytes)} minified) holds every one of the spec's ${sdkOperationCount(doc)} operations with
its operationId, tag and evidence level, which the client never reads at run time: it reads method, path, billable,
idempotent and pagination, and only ${size.compactCount} operations differ from the defaults.
`
    : ''
}
**What would close it:**

${[
  ...(compact
    ? [
        `Generate a compact runtime table (only the ${size.compactCount} operations that are billable, idempotent or paginated, and only the fields the client reads): measured here, the client bundle becomes ${kB(compact.gzip)} gzip (${kB(size.client.gzip - compact.gzip)} less). Keep the full table for \`operationTable\` behind a subpath export (e.g. \`litemail-sdk/operations\`) so only users who import it pay for it.`,
      ]
    : []),
  `${compact ? 'The remaining' : 'The'} ${kB(Math.max(0, (compact ?? size.client).gzip - TARGETS.gzipBytes))} over the target would need less code of litemail-sdk's own: shorter error and validation messages, fewer error classes, a smaller transport. Or restate the target as litemail-sdk's own share (${kB(size.client.gzip - size.base.gzip)} now${compact ? `, ${kB(compact.gzip - size.base.gzip)} with the compact table` : ''}), which is the part litemail-sdk controls: openapi-fetch alone takes ${fmt((size.base.gzip / TARGETS.gzipBytes) * 100, 0)} % of the 5 kB.`,
]
  .map((line, i) => `${i + 1}. ${line}`)
  .join('\n')}`;

  return `# Benchmarks

Generated by \`npm run bench\` (scripts/bench/bench.mjs) on ${new Date().toISOString().slice(0, 10)}; rerun that command to reproduce.
The figures depend on the machine and on what else runs on it. Not part of \`npm test\`.

- **Machine:** ${machine}; 1-minute load average ${fmt(load, 2)} at the start
- **Software:** Node ${process.versions.node}; litemail-sdk ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version} (the built dist/), openapi-fetch ${versionOf('openapi-fetch')}, TypeScript ${versionOf('typescript')}, esbuild ${versionOf('esbuild')}
- **Command:** \`npm run bench${before ? ` -- --baseline ${baselineRef}` : ''}\` (this run took ${fmt(seconds, 0)} s)
${beforeAfter(calls, size, before)}
## Summary

| measure | litemail-sdk | target | result |
|---|---|---|---|
| per-call time, sequential small GETs | ${fmt(lite.ratio, 2)}× raw fetch (openapi-fetch: ${fmt(bare.ratio, 2)}×); CPU ${fmt(lite.cpuRatio, 2)}× | ≤ ${fmt(TARGETS.callRatio, 2)}× raw fetch | ${verdict(callMet, `${fmt((lite.ratio / TARGETS.callRatio - 1) * 100, 0)} % over (${us(lite.median - budget)} per call)`)} |
| client bundle, esbuild minified + gzip | ${kB(size.client.gzip)} (openapi-fetch alone: ${kB(size.base.gzip)}) | ≤ 5 kB | ${verdict(sizeMet, `${size.client.gzip - TARGETS.gzipBytes} bytes over`)} |
| consumer type-check, every operation | ${fmt(tc.wall / 1000, 2)} s | ≤ 2 s | ${verdict(tcMet, `${Math.round(tc.wall - TARGETS.typecheckMs)} ms over`)} |
| 100 pages at 20 ms latency | ${fmt(sdkPages, 0)} ms = ${fmt(sdkPages / floor, 3)}× the ${floor} ms floor | none | +${fmt((sdkPages - floor) / PAGES, 2)} ms per page |

## 1. Per-call overhead

Sequential \`GET /v1/users\` (the spec's example body, ${userExampleBytes} bytes of JSON) to a node:http server on
127.0.0.1 in a separate process, keep-alive. Each contender reads and parses the body. ${ROUNDS} rounds ×
${CALLS_PER_ROUND} calls per contender after one warm-up round; the order rotates every round and reverses every
other round. "vs raw fetch" is the median of the per-round ratios of wall time (the ratio of the medians in
brackets); "CPU" is the client process's user + system time per call (the server runs in another process).
litemail-sdk runs with its defaults (30 s timeout, 2 retries).

${table(
  ['contender', 'median per call', 'p25 – p75', 'vs raw fetch', 'CPU per call', 'CPU vs raw fetch'],
  calls
    .filter((c) => c.group === 'main')
    .map((c) => [c.name, us(c.median), `${fmt(c.p25)} – ${fmt(c.p75)} µs`, `${fmt(c.ratio, 2)}× (${fmt(c.ratioOfMedians, 2)}×)`, us(c.cpu), `${fmt(c.cpuRatio, 2)}×`]),
)}

${callAnalysis}

## 2. Bundle size

esbuild ${versionOf('esbuild')}, \`bundle, minify, format esm, platform browser\`, openapi-fetch bundled in; gzip level 9.

${table(
  ['entry', 'minified', 'gzip'],
  [
    ['`export { createLiteMailClient } from "litemail-sdk"`', kB(size.client.min), kB(size.client.gzip)],
    ['`export * from "litemail-sdk"` (every export)', kB(size.full.min), kB(size.full.gzip)],
    ['`export { default as createClient } from "openapi-fetch"`', kB(size.base.min), kB(size.base.gzip)],
    ["litemail-sdk's own share (client − openapi-fetch)", kB(size.client.min - size.base.min), kB(size.client.gzip - size.base.gzip)],
    ...(size.compactClient ? [['what-if: client with a compact operation table', kB(size.compactClient.min), kB(size.compactClient.gzip)]] : []),
  ],
)}

${sizeAnalysis}

## 3. Consumer type-check time

\`tsc --noEmit\` (TypeScript ${versionOf('typescript')}; \`strict\`, \`module NodeNext\`, \`lib ES2022 + DOM\`, \`skipLibCheck\` as in
\`tsc --init\`) of a generated file that calls all ${types.operations} operations through the client with the spec's
examples (path parameters, required query parameters, body) and reads each response's \`data\`/\`error\`, plus
\`paginate()\` on all ${types.paginated} paginated lists. The package resolves as installed (node_modules/litemail-sdk →
\`exports\` → dist/types). Median of ${TSC_RUNS} runs; "check" is tsc's own Check time (\`--extendedDiagnostics\`).

${table(
  ['configuration', 'wall time', 'check time', 'types', 'instantiations'],
  Object.entries(types.results).map(([name, r]) => [name, `${fmt(r.wall / 1000, 2)} s`, `${fmt(r.check / 1000, 2)} s`, String(r.types), String(r.instantiations)]),
)}

Reading the numbers: tsc alone (start-up, lib files) takes ${fmt(baseline.wall / 1000, 2)} s; loading the package's types for one call
adds ${fmt((single.wall - baseline.wall) / 1000, 2)} s (parsing and binding the ${kB(schemaBytes())} generated/schema.d.ts and openapi-fetch's types);
the other calls add ${fmt((tc.wall - single.wall) / 1000, 2)} s, about ${fmt((tc.wall - single.wall) / types.operations, 1)} ms per operation. The same calls through
bare openapi-fetch take ${fmt(tcBare.wall / 1000, 2)} s, so litemail-sdk's own types (its method signature, paginate(), unwrap())
account for ${fmt((tc.wall - tcBare.wall) / 1000, 2)} s. With \`skipLibCheck: false\` tsc also checks the package's declaration files
(${fmt((tcStrictLib.wall - tc.wall) / 1000, 2)} s more).
${
  tcMet
    ? ''
    : `\n**Why the target is missed.** ${fmt((tc.wall - TARGETS.typecheckMs) / 1000, 2)} s over. Of the total, litemail-sdk's own types account for
${fmt((tc.wall - tcBare.wall) / 1000, 2)} s; the rest is tsc itself and openapi-fetch's generic types, instantiated for every call
(${tcBare.instantiations} instantiations for the bare openapi-fetch file, ${tc.instantiations} for litemail-sdk's). Check the load
average above first: on a busy machine every tsc run is slower. **What would close it:** less generic work per call,
e.g. generated per-operation method signatures (init and response types resolved when the package is built) instead
of openapi-fetch's conditional types; this benchmark does not measure that variant.\n`
}
## 4. Pagination

${PAGES} pages × ${PAGE_SIZE} mailboxes of \`GET /v1/mailboxes\` in the spec's shape (\`data.mailboxes\` beside \`data.currentPage\`, \`data.nextPage\`, …),
each answered after ${LATENCY_MS} ms by the same server. Each page names the next, so pages cannot overlap: the floor is
${PAGES} × ${LATENCY_MS} ms = ${floor} ms. Median of ${PAGINATION_REPS} interleaved walks.

${table(
  ['walk', 'time', 'vs floor', 'above floor per page'],
  Object.entries(pages).map(([name, ms]) => [name, `${fmt(ms, 0)} ms`, `${fmt(ms / floor, 3)}×`, `${fmt((ms - floor) / PAGES, 2)} ms`]),
)}

paginate() costs ${fmt((sdkPages - rawPages) / PAGES, 2)} ms per page more than a hand-written raw fetch loop (reading ${PAGE_SIZE} items,
checking the page information, the per-call overhead above); the rest above the floor is the timer's
granularity, the server and the loopback round trip.
`;
}

/** With `--baseline`: the baseline's and today's client side by side, from the same rounds. */
function beforeAfter(calls, size, baseline) {
  if (!baseline) return '';
  const now = calls.find((c) => c.name === 'litemail-sdk');
  const then = calls.find((c) => c.name === baseline.name);
  return `
## Before and after (baseline ${baseline.sha})

The client at commit ${baseline.sha}, built from that commit and measured in the same rounds as today's.

${table(
  ['measure', `baseline ${baseline.sha}`, 'now', 'now ÷ baseline'],
  [
    ['per-call time (median, vs raw fetch)', `${fmt(then.median)} µs (${fmt(then.ratio, 2)}×)`, `${fmt(now.median)} µs (${fmt(now.ratio, 2)}×)`, `${fmt(now.median / then.median, 3)}×`],
    ['per-call CPU', `${fmt(then.cpu)} µs`, `${fmt(now.cpu)} µs`, `${fmt(now.cpu / then.cpu, 3)}×`],
    ['core entry (`createLiteMailClient`, `unwrap`), min + gzip', kB(size.baselineCore.gzip), kB(size.core.gzip), `${size.core.gzip - size.baselineCore.gzip >= 0 ? '+' : '−'}${Math.abs(size.core.gzip - size.baselineCore.gzip)} bytes`],
    ['core entry, minified', kB(size.baselineCore.min), kB(size.core.min), `${size.core.min - size.baselineCore.min >= 0 ? '+' : '−'}${Math.abs(size.core.min - size.baselineCore.min)} bytes`],
  ],
)}
`;
}

function sdkOperationCount(doc) {
  return listOperations(doc).length;
}

function schemaBytes() {
  return readFileSync(join(root, 'dist', 'types', 'generated', 'schema.d.ts')).length;
}

if (process.argv.includes('--serve')) {
  serve();
} else if (process.argv[1] === self) {
  main().catch((error) => {
    console.error(error?.stack ?? error);
    process.exitCode = 1;
  });
}
