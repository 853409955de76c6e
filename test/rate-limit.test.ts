// The client's limiter against a local fault server: the cap on requests in flight (a successful
// body keeps its slot until read), order of arrival, pacing to a configured rate, the caller's abort
// while queued, queue time outside the attempt timeout, the adaptive slow-down on 429 (Retry-After
// pausing the whole client) and its recovery, the debug log, and option checking. Only lower bounds
// on time are asserted (what the limiter guarantees), never how fast something is.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiteMailError, createLiteMailClient, unwrap, type LiteMailClientOptions } from '../src/index.js';
import { DEFAULT_MAX_CONCURRENT } from '../src/rate-limit.js';
import { FaultServer, startFaultServer, type FaultResponse } from './support/fault-server.js';

const API_KEY = 'lm_test_rate_limit_0123456';
const OK = { success: true, data: { id: 'usr_1' } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer({ backlog: 1024 });
});
afterEach(async () => {
  await server.close();
});

/**
 * When each request left the client (its fetch was called), in order: what the limiter controls.
 * The server's arrival times carry the event loop's jitter on a busy machine, so spacing is checked here.
 */
let starts: number[];
beforeEach(() => {
  starts = [];
});
const timedFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  starts.push(performance.now());
  return globalThis.fetch(input, init);
}) as typeof globalThis.fetch;

const client = (options: LiteMailClientOptions = {}) =>
  createLiteMailClient({ apiKey: API_KEY, baseUrl: server.url, fetch: timedFetch, ...options });

/** Answers every request after `ms`, counting how many the server is holding at once. */
function slowServer(ms: number) {
  const load = { open: 0, max: 0 };
  server.handle(async () => {
    load.max = Math.max(load.max, ++load.open);
    await sleep(ms);
    load.open--;
    return { body: OK };
  });
  return load;
}

/** The `n` in `?n=` of each request the server saw, in arrival order. */
const arrivalOrder = () => server.requests.map((r) => Number(new URL(r.path, 'http://x').searchParams.get('n')));
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

/**
 * Starts paced at one per `gapMs`, as the limiter guarantees them: a start a stalled event loop
 * delayed keeps its place in the schedule for up to 100 ms (whole spacings), and the catch-up after
 * it goes at twice the pace at most; a busy test machine can also stall a fetch a little after its
 * slot was taken. So: the typical (median) gap is at least half the spacing, and n starts span
 * (n - 1) spacings less the catch-up allowance and one spacing of noise.
 */
function expectSpaced(times: number[], gapMs: number) {
  const sortedGaps = gaps(times).sort((a, b) => a - b);
  expect(sortedGaps[Math.floor(sortedGaps.length / 2)]).toBeGreaterThanOrEqual(gapMs / 2);
  const catchUp = gapMs * Math.floor(100 / gapMs);
  expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual((times.length - 2) * gapMs - catchUp);
}

/** A debug logger that keeps its lines. */
function recorder() {
  const lines: string[] = [];
  return { lines, options: { logLevel: 'debug' as const, logger: { debug: (line: string) => lines.push(line) } } };
}

describe('requests in flight', () => {
  /** Issues `calls` calls at once; nothing is answered until `cap` are held and no more came for 300 ms. */
  async function expectCap(options: LiteMailClientOptions, cap: number, calls: number) {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    server.handle(async () => (await gate, { body: OK }));
    const lm = client(options);
    const all = Promise.all(Array.from({ length: calls }, () => unwrap(lm.GET('/v1/users'))));
    await server.waitForRequests(cap);
    await sleep(300);
    expect(server.count).toBe(cap);
    open();
    const results = await all;
    expect(results.every((r) => r.success)).toBe(true);
    expect(server.count).toBe(calls);
  }

  it(`by default at most ${DEFAULT_MAX_CONCURRENT} at once: 200 calls issued together all succeed`, async () => {
    expect(DEFAULT_MAX_CONCURRENT).toBe(16);
    await expectCap({}, 16, 200);
  });

  it('maxConcurrent 3: never more than 3 at the server', async () => {
    await expectCap({ rateLimit: { maxConcurrent: 3 } }, 3, 30);
  });

  it('rateLimit: false: no cap (100 calls reach the server together)', async () => {
    const load = slowServer(200);
    const lm = client({ rateLimit: false });
    await Promise.all(Array.from({ length: 100 }, () => unwrap(lm.GET('/v1/users'))));
    expect(load.max).toBeGreaterThan(DEFAULT_MAX_CONCURRENT);
  });

  it('a successful body keeps its slot until it has been read', async () => {
    server.enqueue({ body: OK, stallAfterBytes: 5, stallMs: 300 }, { body: OK });
    const lm = client({ rateLimit: { maxConcurrent: 1 } });
    await Promise.all([unwrap(lm.GET('/v1/users')), unwrap(lm.GET('/v1/users'))]);
    expect(server.count).toBe(2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(290);
  });

  it('error answers, resets and retries give their slots back (a later call is not stuck)', async () => {
    server.enqueue(
      { status: 404, body: { success: false, message: 'no' } },
      { reset: true },
      { status: 503, headers: { 'retry-after': '0' }, body: { success: false, message: 'busy' } },
      { body: OK },
      { body: OK },
    );
    const lm = client({ rateLimit: { maxConcurrent: 1 }, maxRetries: 0 });
    expect((await lm.GET('/v1/users')).response.status).toBe(404);
    await expect(lm.GET('/v1/users')).rejects.toThrow(LiteMailError);
    expect((await client({ rateLimit: { maxConcurrent: 1 }, maxRetries: 1 }).GET('/v1/users')).response.status).toBe(200);
    expect((await lm.GET('/v1/users')).response.status).toBe(200);
  });
});

describe('order and pacing', () => {
  it('calls start in order of arrival (FIFO)', async () => {
    slowServer(5);
    const lm = client({ rateLimit: { maxConcurrent: 1 } });
    await Promise.all(Array.from({ length: 25 }, (_, n) => lm.GET('/v1/users', { params: { query: { n } } } as never)));
    expect(arrivalOrder()).toEqual(Array.from({ length: 25 }, (_, n) => n));
  });

  it('requestsPerSecond 20: starts paced at 50 ms, in order', async () => {
    server.handle(() => ({ body: OK }));
    const lm = client({ rateLimit: { requestsPerSecond: 20 } });
    await Promise.all(Array.from({ length: 8 }, (_, n) => lm.GET('/v1/users', { params: { query: { n } } } as never)));
    expect(arrivalOrder()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expectSpaced(starts, 50);
  });

  it('requestsPerMinute 600 with requestsPerSecond 50: the stricter one (100 ms) spaces the starts', async () => {
    server.handle(() => ({ body: OK }));
    const lm = client({ rateLimit: { requestsPerSecond: 50, requestsPerMinute: 600 } });
    await Promise.all(Array.from({ length: 4 }, () => lm.GET('/v1/users')));
    expectSpaced(starts, 100);
  });

  it('pagination is paced by the same limiter as the other calls', async () => {
    server.handle((request) => {
      const url = new URL(request.path, 'http://x');
      if (url.pathname === '/v1/users') return { body: OK };
      const page = Number(url.searchParams.get('page') ?? 1);
      return {
        body: {
          success: true,
          data: {
            domains: [{ id: `d${page}` }],
            pagination: { currentPage: page, nextPage: page < 3 ? page + 1 : null, totalPages: 3, totalSearchedCount: 3, limit: 1 },
            // The same numbers directly in data, for a spec that puts them there.
            currentPage: page,
            nextPage: page < 3 ? page + 1 : null,
            totalPages: 3,
            totalSearchedCount: 3,
          },
        },
      };
    });
    const lm = client({ rateLimit: { requestsPerSecond: 20 } });
    const walk = (async () => {
      const ids = [];
      for await (const domain of lm.paginate('/v1/domains')) ids.push((domain as { id: string }).id);
      return ids;
    })();
    const others = Promise.all([lm.GET('/v1/users'), lm.GET('/v1/users'), lm.GET('/v1/users')]);
    expect(await walk).toEqual(['d1', 'd2', 'd3']);
    await others;
    expect(server.count).toBe(6);
    expect(starts).toHaveLength(6);
    expectSpaced(starts, 50);
  });
});

describe("the caller's AbortSignal while queued", () => {
  it('rejects at once with the abort, never reaches the server, and frees its place', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.enqueue(async () => (await held, { body: OK }));
    server.handle(() => ({ body: OK }));
    const lm = client({ rateLimit: { maxConcurrent: 1 } });

    const first = lm.GET('/v1/users', { params: { query: { n: 1 } } } as never);
    await server.waitForRequests(1);
    const abort = new AbortController();
    const second = lm.GET('/v1/users', { params: { query: { n: 2 } }, signal: abort.signal } as never);
    const third = lm.GET('/v1/users', { params: { query: { n: 3 } } } as never);
    await sleep(20);
    abort.abort();
    const error = await second.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe('AbortError');
    expect(server.count).toBe(1); // the first still holds the only slot

    release();
    await Promise.all([first, third]);
    expect(arrivalOrder()).toEqual([1, 3]);
  });

  it('a reason given to abort() is what the call rejects with', async () => {
    server.enqueue({ delayMs: 200, body: OK });
    const lm = client({ rateLimit: { maxConcurrent: 1 } });
    const first = lm.GET('/v1/users');
    const abort = new AbortController();
    const second = lm.GET('/v1/users', { signal: abort.signal });
    const reason = new Error('user gave up');
    abort.abort(reason);
    await expect(second).rejects.toBe(reason);
    await first;
    expect(server.count).toBe(1);
  });
});

describe('time spent queued', () => {
  it('does not count toward the attempt timeout', async () => {
    slowServer(200);
    const lm = client({ rateLimit: { maxConcurrent: 1 }, timeoutMs: 350, maxRetries: 0 });
    // The third call waits ~400 ms for its slot, longer than timeoutMs, then takes 200 ms itself.
    const results = await Promise.all([1, 2, 3].map(() => unwrap(lm.GET('/v1/users'))));
    expect(results).toEqual([OK, OK, OK]);
    expect(server.count).toBe(3);
  });
});

describe('adaptive slow-down on 429', () => {
  const tooMany = (retryAfter?: string): FaultResponse => ({
    status: 429,
    ...(retryAfter === undefined ? {} : { headers: { 'retry-after': retryAfter } }),
    body: { status: 429, message: 'Too many requests' },
  });

  it('Retry-After pauses the whole client: a call made meanwhile waits too', async () => {
    server.enqueue(tooMany('1'));
    server.handle(() => ({ body: OK }));
    const lm = client({ maxRetries: 0 });
    expect((await lm.GET('/v1/users')).response.status).toBe(429);
    const refusedAt = server.requests[0]!.at;
    expect((await lm.GET('/v1/users')).response.status).toBe(200);
    expect(server.requests[1]!.at - refusedAt).toBeGreaterThanOrEqual(900);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(1_000);
  });

  it("without a configured rate, a single call's 429 starts pacing at the spec's guess (200/min)", async () => {
    const log = recorder();
    server.enqueue(tooMany());
    server.handle(() => ({ body: OK }));
    const lm = client({ ...log.options, maxRetries: 0 });
    expect((await lm.GET('/v1/users')).response.status).toBe(429);
    expect(log.lines.filter((l) => l.includes('rate limited'))).toEqual(['litemail rate limited (429): slowing to 3.33 requests/s']);
    await Promise.all(Array.from({ length: 3 }, () => lm.GET('/v1/users')));
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(300);
    expectSpaced(starts.slice(1), 0.98 * 0.98 * 300);
  });

  it('a burst answered 429 together slows the client down once, to about half the pace it was sending at', async () => {
    const log = recorder();
    let refused = 0;
    server.handle(() => (refused++ < 8 ? tooMany() : { body: OK }));
    const lm = client({ ...log.options, maxRetries: 0 });
    const first = await Promise.all(Array.from({ length: 8 }, () => lm.GET('/v1/users')));
    expect(first.map((r) => r.response.status)).toEqual(Array(8).fill(429));
    const slowdowns = log.lines.filter((l) => l.includes('rate limited'));
    expect(slowdowns).toHaveLength(1); // 8 refusals of one burst are one signal, not eight halvings
    const sentAt = 8 / ((starts[7]! - starts[0]! || 0.001) / 1000); // the burst's own rate, requests/s
    const slowedTo = Number(/slowing to ([\d.]+) requests\/s/.exec(slowdowns[0]!)?.[1]);
    expect(slowedTo).toBeLessThan(sentAt);
  });

  it('with a configured rate: doubles the spacing on 429, then recovers to the configured pace, never beyond', async () => {
    const log = recorder();
    server.enqueue(tooMany());
    server.handle(() => ({ body: OK }));
    const lm = client({ ...log.options, rateLimit: { requestsPerSecond: 200 }, maxRetries: 0 });
    await lm.GET('/v1/users');
    for (let i = 0; i < 300; i++) await lm.GET('/v1/users');
    expect(log.lines.filter((l) => l.startsWith('litemail rate'))).toEqual([
      'litemail rate limited (429): slowing to 100 requests/s',
      'litemail rate limit recovered: back to 200 requests/s',
    ]);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(10); // the doubled spacing right after the 429
    expectSpaced(starts.slice(-100), 5); // recovered: at the configured pace, not faster
  });

  it('a billable POST refused with 429 waits for the limiter and is then performed once', async () => {
    const performed: string[] = [];
    server.enqueue(tooMany('0'));
    server.handle((request) => (performed.push(request.body), { body: { success: true } }));
    const { response } = await client({ rateLimit: { requestsPerSecond: 50 } }).POST('/v1/wallet/credits', { body: { amount: 5 } });
    expect(response.status).toBe(200);
    expect(performed).toEqual(['{"amount":5}']);
  });
});

describe('debug log', () => {
  it('says when a call is queued and how long it waited, without the API key', async () => {
    const log = recorder();
    slowServer(50);
    const lm = client({ ...log.options, rateLimit: { maxConcurrent: 1 } });
    await Promise.all([lm.GET('/v1/users'), lm.GET('/v1/users')]);
    expect(log.lines).toContainEqual('litemail GET /v1/users queued (0 waiting, 1 in flight)');
    const waited = log.lines.find((l) => l.includes('waited'));
    expect(waited).toMatch(/^litemail GET \/v1\/users waited \d+ ms for a slot$/);
    expect(Number(/waited (\d+) ms/.exec(waited!)![1])).toBeGreaterThanOrEqual(40);
    expect(log.lines.join('\n')).not.toContain(API_KEY);
  });

  it('an idle call logs no queue line', async () => {
    const log = recorder();
    server.handle(() => ({ body: OK }));
    await client(log.options).GET('/v1/users');
    expect(log.lines.some((l) => l.includes('queued') || l.includes('waited'))).toBe(false);
  });
});

describe('rateLimit option checking', () => {
  it.each([
    [{ requestsPerSecond: 0 }, 'rateLimit.requestsPerSecond must be a positive number, got 0'],
    [{ requestsPerMinute: -5 }, 'rateLimit.requestsPerMinute must be a positive number, got -5'],
    [{ requestsPerSecond: Infinity }, 'rateLimit.requestsPerSecond must be a positive number, got Infinity'],
    [{ maxConcurrent: 0 }, 'rateLimit.maxConcurrent must be a whole number of at least 1, got 0'],
    [{ maxConcurrent: 2.5 }, 'rateLimit.maxConcurrent must be a whole number of at least 1, got 2.5'],
    [{ requestPerSecond: 5 }, 'rateLimit.requestPerSecond is not an option'],
    ['fast', 'rateLimit must be false or an object'],
    [true, 'rateLimit must be false or an object'],
  ])('%j: a LiteMailError naming it', (rateLimit, message) => {
    let error: unknown;
    try {
      client({ rateLimit: rateLimit as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LiteMailError);
    expect((error as Error).message).toContain(message);
  });
});
