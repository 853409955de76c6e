// The rate-limited part of `npm run bench` (section 5 of BENCHMARKS.md): it measures, and emits
// its data as JSON and a short table; the prose of BENCHMARKS.md is written by hand.
//   npm run bench -- --only ratelimit [--rates 200,50] [--runs 3] [--json file.json]
// --runs repeats every scenario (the table gives each row's median and range, and the load
// average before and after); --json writes the data to a file.
//
// A local server in its own process enforces a rate limit the way an API gateway does (a token
// bucket of R requests/s holding R/10 tokens, 429 beyond it, with or without Retry-After) and adds
// 20 ms to every answer. It counts what it PERFORMED (answered 2xx) per resource, so a call
// performed twice shows. Scenarios:
//   bulk:  1,000 calls issued at once through one client, half reads (GET /v1/domains/{id}), half
//          billable writes (POST /v1/domains/{id}/mailboxes), against the floor of 1,000 / R s;
//   pages: 100 pages of GET /v1/mailboxes, sequential and with prefetch, against 100 × 20 ms.
// Before the first run, 1,000 calls against an unlimited server warm the process up.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from './server-process.mjs';

const self = fileURLToPath(import.meta.url);
const API_KEY = 'lm_bench_key';
const LATENCY_MS = 20;
const BULK = 1_000;
const PAGES = 100;
const PAGE_SIZE = 20;
const PREFETCH = 4;
/** Pagination "above what the walk needs": the server's bucket and the client's cap. */
const FAST = { server: 1_000, client: 500 };
/**
 * Bulk: the client configured with the server's rate within 1.10× the floor and under 2 % of its
 * requests answered 429; the default client (no rate set) within 1.30×; none fails or is performed
 * twice. Pagination: prefetch at most 0.35× the sequential walk.
 */
export const TARGETS = { configured: 1.1, default: 1.3, share429: 0.02, prefetchRatio: 0.35 };
const CONFIGURED = 'litemail-sdk, rateLimit { requestsPerSecond: R, maxConcurrent: 32 }';
const DEFAULT = 'litemail-sdk, default limiter (no rate set)';

const flag = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

// ---------------------------------------------------------------------------------------------
// The rate-limited server (child process). Configured and read over HTTP: POST /__config, GET /__stats.

function serve() {
  let config = { rate: 100, retryAfter: false };
  let bucket;
  let stats;
  const reset = () => {
    bucket = { tokens: Math.max(1, config.rate / 10), at: performance.now() };
    stats = { received: 0, tooMany: 0, performed: new Map() };
  };
  reset();
  /** Takes a token if there is one (refilled continuously at `rate`/s up to rate/10); else ms until the next. */
  const take = () => {
    const now = performance.now();
    const capacity = Math.max(1, config.rate / 10);
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) * config.rate) / 1000);
    bucket.at = now;
    if (bucket.tokens >= 1) return (bucket.tokens -= 1), 0;
    return ((1 - bucket.tokens) * 1000) / config.rate;
  };
  const json = (res, status, body, headers = {}) =>
    setTimeout(() => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body)), LATENCY_MS);

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://localhost');
      if (url.pathname === '/__config') {
        config = JSON.parse(Buffer.concat(chunks).toString());
        reset();
        return res.writeHead(204).end();
      }
      if (url.pathname === '/__stats') {
        const twice = [...stats.performed.values()].filter((n) => n > 1).length;
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: stats.received, tooMany: stats.tooMany, performed: stats.performed.size, twice }));
      }
      stats.received++;
      const wait = take();
      if (wait > 0) {
        stats.tooMany++;
        // Delta-seconds are whole numbers: the wait rounded up, as gateways send it.
        const headers = config.retryAfter ? { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) } : {};
        return json(res, 429, { status: 429, message: 'Too many requests' }, headers);
      }
      const key = `${req.method} ${url.pathname}${url.pathname === '/v1/mailboxes' ? url.search : ''}`;
      stats.performed.set(key, (stats.performed.get(key) ?? 0) + 1);
      if (url.pathname === '/v1/mailboxes') {
        const page = Number(url.searchParams.get('page') ?? 1);
        return json(res, 200, {
          success: true,
          data: {
            mailboxes: Array.from({ length: PAGE_SIZE }, (_, i) => ({ id: `mb_${page}_${i}` })),
            currentPage: page,
            nextPage: page < PAGES ? page + 1 : null,
            totalPages: PAGES,
            totalSearchedCount: PAGES * PAGE_SIZE,
          },
        });
      }
      return json(res, 200, { success: true, data: { id: url.pathname.split('/')[3] } });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => console.log(`LISTENING ${server.address().port}`));
}

const startServer = () => startServerProcess(self, 'rate-limited bench server');

const configure = (url, config) => fetch(`${url}/__config`, { method: 'POST', body: JSON.stringify(config) });
const statsOf = async (url) => (await fetch(`${url}/__stats`)).json();
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Scenarios.

/** 1,000 calls at once through `client`, half reads and half billable writes: for each, whether it ended 2xx. */
function bulkCalls(client) {
  const ok = (call) => call.then((r) => r.response.ok, () => false);
  const body = { mailboxes: [{ username: 'ada', firstName: 'Ada', lastName: 'L' }] };
  return Promise.all(
    Array.from({ length: BULK }, (_, i) => {
      const params = { path: { id: `dom${i}` } };
      return ok(i % 2 ? client.POST('/v1/domains/{id}/mailboxes', { params, body }) : client.GET('/v1/domains/{id}', { params }));
    }),
  );
}

/** The first calls of a process pay for compiling (the JIT, the first connections): done once, unmeasured. */
async function warmUp(sdk, url) {
  await configure(url, { rate: 100_000, retryAfter: false });
  await bulkCalls(sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl: url }));
}

/** One run of the bulk scenario for every contender: `{ name, ms, ratio, failed, received, tooMany, twice }` each. */
async function bulk(sdk, createClient, url, rate, retryAfter) {
  const contenders = {
    [CONFIGURED]: () => sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl: url, rateLimit: { requestsPerSecond: rate, maxConcurrent: 32 } }),
    [DEFAULT]: () => sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl: url }),
    'litemail-sdk, rateLimit: false': () => sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl: url, rateLimit: false }),
    'bare openapi-fetch': () => createClient({ baseUrl: url, headers: { 'x-api-key': API_KEY } }),
  };
  const rows = [];
  for (const [name, make] of Object.entries(contenders)) {
    await configure(url, { rate, retryAfter });
    await pause(50);
    const client = make();
    const started = performance.now();
    const results = await bulkCalls(client);
    const ms = performance.now() - started;
    const { received, tooMany, twice } = await statsOf(url);
    rows.push({ name, ms, ratio: ms / ((BULK / rate) * 1000), failed: results.filter((ok) => !ok).length, received, tooMany, twice });
  }
  return rows;
}

/** One run of the pagination scenario: `{ name, ms, tooMany }` for the sequential walk and the prefetching one. */
async function walk(sdk, url, serverRate, clientRate) {
  await configure(url, { rate: serverRate, retryAfter: true });
  await pause(50);
  const client = sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl: url, rateLimit: { requestsPerSecond: clientRate } });
  const rows = [];
  for (const [name, prefetch] of [['sequential', 0], [`prefetch: ${PREFETCH}`, PREFETCH]]) {
    await configure(url, { rate: serverRate, retryAfter: true });
    await pause(50);
    const started = performance.now();
    let items = 0;
    for await (const _ of client.paginate('/v1/mailboxes', { params: { query: { limit: PAGE_SIZE } }, prefetch })) items++;
    const ms = performance.now() - started;
    if (items !== PAGES * PAGE_SIZE) throw new Error(`${name}: ${items} items, expected ${PAGES * PAGE_SIZE}`);
    const { tooMany } = await statsOf(url);
    rows.push({ name, ms, tooMany });
  }
  return rows;
}

/** Adds one run's rows to `into` (a list of `{ ...key, rows: [{ name, runs: [...] }] }`). */
function collect(into, key, rows) {
  let entry = into.find((e) => Object.entries(key).every(([k, v]) => e[k] === v));
  if (!entry) into.push((entry = { ...key, rows: rows.map(({ name }) => ({ name, runs: [] })) }));
  for (const { name, ...figures } of rows) entry.rows.find((r) => r.name === name).runs.push(figures);
}

/**
 * Runs every scenario `runs` times (interleaved: run 1 of all, then run 2 …) and returns the data:
 * `{ rates, runs, load: [1-min load average before, after each run], bulk, pages }`, each scenario
 * with its rows and each row with one entry per run.
 */
export async function rateLimitBench(sdk, createClient, { rates = [200, 50], runs = Number(flag('--runs') ?? 1), json = flag('--json'), log = console.log } = {}) {
  const server = await startServer();
  const data = { rates, runs, load: [os.loadavg()[0]], bulk: [], pages: [] };
  try {
    log('Rate-limited bench: warming up …');
    await warmUp(sdk, server.url);
    for (let run = 1; run <= runs; run++) {
      for (const rate of rates) {
        for (const retryAfter of [true, false]) {
          log(`Rate-limited bulk (run ${run}/${runs}): R = ${rate}/s, ${retryAfter ? 'with' : 'without'} Retry-After …`);
          collect(data.bulk, { rate, retryAfter }, await bulk(sdk, createClient, server.url, rate, retryAfter));
        }
      }
      const low = rates.at(-1);
      log(`Rate-limited pagination (run ${run}/${runs}): above the walk's needs, then R = ${low}/s …`);
      collect(data.pages, { label: `server ${FAST.server}/s, client ${FAST.client}/s` }, await walk(sdk, server.url, FAST.server, FAST.client));
      collect(data.pages, { label: `server and client ${low}/s` }, await walk(sdk, server.url, low, low));
      data.load.push(os.loadavg()[0]);
    }
  } finally {
    server.stop();
  }
  if (json) {
    writeFileSync(json, `${JSON.stringify(data, null, 2)}\n`);
    log(`Wrote ${json}`);
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// Report: the figures as a short table (the prose around them is BENCHMARKS.md's, by hand).

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const sum = (values) => values.reduce((a, b) => a + b, 0);
const fmt = (n, digits) => n.toFixed(digits);
/** The median, with the range when the runs differ. */
const spread = (values, show = String) => {
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return low === high ? show(low) : `${show(median(values))} (${show(low)}–${show(high)})`;
};
const table = (header, rows) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** The targets against each row's median (and totals of failed calls and of calls performed twice). */
export function rateLimitSummary(data) {
  const rowsOf = (name) => data.bulk.flatMap((b) => b.rows.filter((r) => r.name === name));
  const worstRatio = (rows) => Math.max(...rows.map((r) => median(r.runs.map((x) => x.ratio))));
  const configured = rowsOf(CONFIGURED);
  const limited = [...configured, ...rowsOf(DEFAULT)];
  const worst = {
    configured: worstRatio(configured),
    default: worstRatio(rowsOf(DEFAULT)),
    share429: Math.max(...configured.map((r) => median(r.runs.map((x) => x.tooMany / x.received)))),
    failed: sum(limited.flatMap((r) => r.runs.map((x) => x.failed))),
    twice: sum(data.bulk.flatMap((b) => b.rows.flatMap((r) => r.runs.map((x) => x.twice)))),
  };
  const [sequential, prefetch] = data.pages[0].rows;
  const prefetchRatio = median(prefetch.runs.map((x) => x.ms)) / median(sequential.runs.map((x) => x.ms));
  return {
    worst,
    prefetchRatio,
    bulkMet: worst.configured <= TARGETS.configured && worst.default <= TARGETS.default && worst.share429 < TARGETS.share429 && worst.failed === 0 && worst.twice === 0,
    prefetchMet: prefetchRatio <= TARGETS.prefetchRatio,
  };
}

export function rateLimitReport(data) {
  const summary = rateLimitSummary(data);
  const bulkRows = data.bulk.flatMap(({ rate, retryAfter, rows }) =>
    rows.map(({ name, runs }) => [
      `${rate}/s`,
      retryAfter ? 'yes' : 'no',
      name.replace(/^litemail-sdk, /, ''),
      spread(runs.map((x) => x.ms / 1000), (v) => `${fmt(v, 2)} s`),
      spread(runs.map((x) => x.ratio), (v) => `${fmt(v, 2)}×`),
      spread(runs.map((x) => x.received)),
      spread(runs.map((x) => x.tooMany / x.received), (v) => `${fmt(v * 100, 1)} %`),
      spread(runs.map((x) => x.failed)),
      spread(runs.map((x) => x.twice)),
    ]),
  );
  const pageFloor = PAGES * LATENCY_MS;
  const pageRows = data.pages.flatMap(({ label, rows }) =>
    rows.map(({ name, runs }) => [label, name, spread(runs.map((x) => x.ms), (v) => `${fmt(v, 0)} ms`), `${fmt(median(runs.map((x) => x.ms)) / pageFloor, 3)}×`, spread(runs.map((x) => x.tooMany))]),
  );
  const { worst } = summary;
  return `## 5. Against a rate-limited server

${data.runs} run${data.runs > 1 ? 's' : ''}; 1-minute load average ${data.load.map((l) => fmt(l, 1)).join(' → ')}. Each figure: the median of the runs (and their range when they differ).

${table(['R', 'Retry-After', 'client', 'time', 'vs floor', 'requests', 'answered 429', 'failed', 'performed twice'], bulkRows)}

${table(['limits', 'walk', 'time', `vs ${pageFloor} ms`, 'answered 429'], pageRows)}

Targets: configured ≤ ${fmt(TARGETS.configured, 2)}× (worst median ${fmt(worst.configured, 2)}×) with under ${TARGETS.share429 * 100} % answered 429 (worst ${fmt(worst.share429 * 100, 2)} %), default ≤ ${fmt(TARGETS.default, 2)}× (worst ${fmt(worst.default, 2)}×), ${worst.failed} failed and ${worst.twice} performed twice over all runs: ${summary.bulkMet ? '**met**' : '**missed**'}. Prefetch ${fmt(summary.prefetchRatio, 3)}× the sequential walk (≤ ${TARGETS.prefetchRatio}×): ${summary.prefetchMet ? '**met**' : '**missed**'}.
`;
}

if (process.argv.includes('--serve') && process.argv[1] === self) serve();
