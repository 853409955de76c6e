// The rate-limited part of `npm run bench` (section 5), runnable on its own:
//   npm run bench -- --only ratelimit [--rates 200,50]
// A local server in its own process enforces a rate limit the way an API gateway does (a token
// bucket of R requests/s holding R/10 tokens, 429 beyond it, with or without Retry-After) and adds
// 20 ms to every answer. It counts what it PERFORMED (answered 2xx) per resource, so a call
// performed twice shows. Scenarios:
//   bulk:  1,000 calls issued at once through one client, half reads (GET /v1/domains/{id}), half
//          billable writes (POST /v1/domains/{id}/mailboxes), against the floor of 1,000 / R s;
//   pages: 100 pages of GET /v1/mailboxes, sequential and with prefetch, against 100 × 20 ms.
import { createServer } from 'node:http';
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
export const TARGETS = { bulkRatio: 1.1, share429: 0.02, prefetchRatio: 0.35 };

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

/** 1,000 calls at once, half reads and half billable writes; each call is a promise of ok or not. */
function bulkCalls(get, post) {
  return Array.from({ length: BULK }, (_, i) => (i % 2 ? post(`dom${i}`) : get(`dom${i}`)));
}

async function bulk(sdk, createClient, url, rate, retryAfter) {
  const contenders = {
    'litemail-sdk, rateLimit { requestsPerSecond: R, maxConcurrent: 32 }': () =>
      sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl: url, rateLimit: { requestsPerSecond: rate, maxConcurrent: 32 } }),
    'litemail-sdk, default limiter (no rate set)': () => sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl: url }),
    'litemail-sdk, rateLimit: false': () => sdk.createLiteMailClient({ apiKey: API_KEY, baseUrl: url, rateLimit: false }),
    'bare openapi-fetch': () => createClient({ baseUrl: url, headers: { 'x-api-key': API_KEY } }),
  };
  const rows = [];
  for (const [name, make] of Object.entries(contenders)) {
    await configure(url, { rate, retryAfter });
    await pause(50);
    const client = make();
    const get = (id) => client.GET('/v1/domains/{id}', { params: { path: { id } } }).then((r) => r.response.ok, () => false);
    const post = (id) =>
      client.POST('/v1/domains/{id}/mailboxes', { params: { path: { id } }, body: { mailboxes: [{ username: 'ada', firstName: 'Ada', lastName: 'L' }] } }).then(
        (r) => r.response.ok,
        () => false,
      );
    const started = performance.now();
    const results = await Promise.all(bulkCalls(get, post));
    const ms = performance.now() - started;
    const stats = await statsOf(url);
    rows.push({ name, ms, ratio: ms / ((BULK / rate) * 1000), failed: results.filter((ok) => !ok).length, ...stats });
  }
  return rows;
}

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
    const stats = await statsOf(url);
    rows.push({ name, ms, ...stats });
  }
  return rows;
}

export async function rateLimitBench(sdk, createClient, { rates = [200, 50], log = console.log } = {}) {
  const server = await startServer();
  const results = { bulk: [], pages: [] };
  try {
    for (const rate of rates) {
      for (const retryAfter of [true, false]) {
        log(`Rate-limited bulk: R = ${rate}/s, ${retryAfter ? 'with' : 'without'} Retry-After …`);
        results.bulk.push({ rate, retryAfter, rows: await bulk(sdk, createClient, server.url, rate, retryAfter) });
      }
    }
    log(`Rate-limited pagination: above the walk's needs, then R = ${rates.at(-1)}/s …`);
    results.pages.push({ label: `server ${FAST.server}/s, client ${FAST.client}/s`, rows: await walk(sdk, server.url, FAST.server, FAST.client) });
    const low = rates.at(-1);
    results.pages.push({ label: `server and client ${low}/s`, rows: await walk(sdk, server.url, low, low) });
  } finally {
    server.stop();
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Report.

const fmt = (n, digits = 1) => n.toFixed(digits);
const table = (header, rows) =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** The targets, from the rows of the limiter configured at R (the case the targets are about). */
export function rateLimitSummary(results) {
  const configured = results.bulk.flatMap((b) => b.rows.filter((r) => r.name.includes('requestsPerSecond')));
  const worst = {
    ratio: Math.max(...configured.map((r) => r.ratio)),
    share429: Math.max(...configured.map((r) => r.tooMany / r.received)),
    failed: configured.reduce((n, r) => n + r.failed, 0),
    twice: results.bulk.reduce((n, b) => n + b.rows.reduce((m, r) => m + r.twice, 0), 0),
  };
  const fast = results.pages[0].rows;
  const prefetchRatio = fast[1].ms / fast[0].ms;
  return {
    worst,
    prefetchRatio,
    bulkMet: worst.ratio <= TARGETS.bulkRatio && worst.share429 < TARGETS.share429 && worst.failed === 0 && worst.twice === 0,
    prefetchMet: prefetchRatio <= TARGETS.prefetchRatio,
  };
}

export function rateLimitReport(results) {
  const summary = rateLimitSummary(results);
  const pageFloor = PAGES * LATENCY_MS;
  const bulkTables = results.bulk
    .map(
      ({ rate, retryAfter, rows }) => `**R = ${rate}/s, ${retryAfter ? 'with' : 'without'} Retry-After** (floor ${fmt(BULK / rate, 1)} s)

${table(
  ['client', 'time', 'vs floor', 'requests', '429 answers', 'failed calls', 'performed twice'],
  rows.map((r) => [r.name, `${fmt(r.ms / 1000, 2)} s`, `${fmt(r.ratio, 2)}×`, String(r.received), `${r.tooMany} (${fmt((r.tooMany / r.received) * 100, 1)} %)`, String(r.failed), String(r.twice)]),
)}`,
    )
    .join('\n\n');
  const pageTables = results.pages
    .map(
      ({ label, rows }) => `**${label}**

${table(
  ['walk', 'time', 'vs sequential floor', 'vs sequential', '429 answers'],
  rows.map((r) => [r.name, `${fmt(r.ms, 0)} ms`, `${fmt(r.ms / pageFloor, 3)}×`, `${fmt(r.ms / rows[0].ms, 3)}×`, String(r.tooMany)]),
)}`,
    )
    .join('\n\n');
  return `## 5. Against a rate-limited server

A local server in its own process enforces a rate limit the way an API gateway does: a token bucket
refilled at R requests/s and holding R/10 tokens (it starts full), 429 beyond it — with \`Retry-After\`
(the wait rounded up to whole seconds, at least 1) or without — and ${LATENCY_MS} ms added to every answer.
It counts the requests it performed (answered 2xx) per resource.

**Bulk.** ${BULK} calls issued at once through one client (\`Promise.all\`), half reads
(\`GET /v1/domains/{id}\`), half billable writes (\`POST /v1/domains/{id}/mailboxes\`), each on its own
resource. The floor is ${BULK} / R seconds. A failed call is one that did not end 2xx (after the client's
retries: 2 by default; a billable write is retried only after a 429). "Performed twice" counts resources
the server acted on more than once (must be 0). Targets for the client configured with the server's rate:
within ${fmt(TARGETS.bulkRatio, 2)}× the floor, under ${TARGETS.share429 * 100} % of requests answered 429, no failed call.

${bulkTables}

**Pagination.** ${PAGES} pages × ${PAGE_SIZE} of \`GET /v1/mailboxes\` (page information beside the items, as
Zapmail sends it) through \`lm.paginate\`, sequential and with \`prefetch: ${PREFETCH}\`. The sequential floor is
${PAGES} × ${LATENCY_MS} ms = ${pageFloor} ms. First with both limits above what the walk needs, then with the server
and the client at the lower rate, where the limiter, not the latency, sets the pace (floor ${PAGES} / R s).
Target: prefetch at most ${TARGETS.prefetchRatio}× the sequential time at ${PAGES} pages.

${pageTables}

Result: bulk with the rate configured — worst ${fmt(summary.worst.ratio, 2)}× the floor, ${fmt(summary.worst.share429 * 100, 2)} % answered 429,
${summary.worst.failed} failed, ${summary.worst.twice} performed twice: ${summary.bulkMet ? '**met**' : '**missed**'}. Prefetch walk
${fmt(summary.prefetchRatio, 3)}× the sequential walk: ${summary.prefetchMet ? '**met**' : '**missed**'}.
`;
}

if (process.argv.includes('--serve') && process.argv[1] === self) serve();
