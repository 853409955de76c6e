// The client's limiter against a local fault server, over real connections: the cap on requests
// in flight, order of arrival, the caller's abort while queued, slots given back by error answers,
// resets and retries, a billable POST refused with 429 performed once, and what the debug log
// says. Nothing here depends on how fast the machine is: the server holds requests until the test
// lets them go, and the client's own debug lines say what it queued. Timing is pinned on fake time
// (rate-limit-timing.test.ts, test/unit/limiter.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiteMailError, createLiteMailClient, unwrap, type LiteMailClientOptions } from '../../src/index.js';
import { DEFAULT_MAX_CONCURRENT } from '../../src/options.js';
import { FaultServer, startFaultServer } from '../support/fault-server.js';

const API_KEY = 'lm_test_rate_limit_0123456';
const OK = { success: true, data: { id: 'usr_1' } };

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer({ backlog: 1024 });
  watchers.length = 0;
});
afterEach(async () => {
  await server.close();
});

/** Resolves `until(test)` once `test()` holds, checked after each debug line and each request the server sees. */
const watchers: { test: () => boolean; resolve: () => void }[] = [];
function check() {
  for (const watcher of [...watchers]) if (watcher.test()) watchers.splice(watchers.indexOf(watcher), 1), watcher.resolve();
}
const until = (test: () => boolean) => new Promise<void>((resolve) => (test() ? resolve() : watchers.push({ test, resolve })));

/** A client whose debug lines are kept. */
function client(options: LiteMailClientOptions = {}) {
  const lines: string[] = [];
  const lm = createLiteMailClient({
    apiKey: API_KEY,
    baseUrl: server.url,
    logLevel: 'debug',
    logger: { debug: (line) => (lines.push(line), check()) },
    ...options,
  });
  return { lm, lines, queued: () => lines.filter((line) => line.includes(' queued (')) };
}

/** Holds every request until `open()`; `max` is the most the server held at once. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const load = { held: 0, max: 0 };
  server.handle(async () => {
    load.max = Math.max(load.max, ++load.held);
    check();
    await opened;
    load.held--;
    return { body: OK };
  });
  return { open, load };
}

/** The `n` in `?n=` of each request the server saw, in arrival order. */
const arrivalOrder = () => server.requests.map((r) => Number(new URL(r.path, 'http://x').searchParams.get('n')));

describe('requests in flight', () => {
  /** Issues `calls` calls at once: `cap` reach the server, the client queues the rest, all succeed. */
  async function expectCap(options: LiteMailClientOptions, cap: number, calls: number) {
    const { open, load } = gate();
    const { lm, queued } = client(options);
    const all = Promise.all(Array.from({ length: calls }, () => unwrap(lm.GET('/v1/users'))));
    // Every call has either reached the server or said it queued.
    await until(() => server.count + queued().length >= calls);
    expect(server.count).toBe(cap);
    expect(queued()).toEqual(Array.from({ length: calls - cap }, (_, i) => `litemail GET /v1/users queued (${i} waiting, ${cap} in flight)`));
    open();
    const results = await all;
    expect(results.every((r) => r.success)).toBe(true);
    expect(server.count).toBe(calls);
    expect(load.max).toBe(cap);
  }

  it(`by default at most ${DEFAULT_MAX_CONCURRENT} at once: 200 calls issued together all succeed`, async () => {
    expect(DEFAULT_MAX_CONCURRENT).toBe(16);
    await expectCap({}, 16, 200);
  });

  it('maxConcurrent 3: never more than 3 at the server', async () => {
    await expectCap({ rateLimit: { maxConcurrent: 3 } }, 3, 30);
  });

  it('rateLimit: false: no cap (100 calls reach the server together)', async () => {
    const { open, load } = gate();
    const { lm, queued } = client({ rateLimit: false });
    const all = Promise.all(Array.from({ length: 100 }, () => unwrap(lm.GET('/v1/users'))));
    await server.waitForRequests(100);
    open();
    await all;
    expect(load.max).toBe(100);
    expect(queued()).toEqual([]);
  });

  it('error answers, resets and retries give their slots back (a later call is not stuck)', async () => {
    server.enqueue(
      { status: 404, body: { success: false, message: 'no' } },
      { reset: true },
      { status: 503, headers: { 'retry-after': '0' }, body: { success: false, message: 'busy' } },
      { body: OK },
      { body: OK },
    );
    const { lm } = client({ rateLimit: { maxConcurrent: 1 }, maxRetries: 0 });
    expect((await lm.GET('/v1/users')).response.status).toBe(404);
    await expect(lm.GET('/v1/users')).rejects.toThrow(LiteMailError);
    expect((await client({ rateLimit: { maxConcurrent: 1 }, maxRetries: 1 }).lm.GET('/v1/users')).response.status).toBe(200);
    expect((await lm.GET('/v1/users')).response.status).toBe(200);
  });

  it('calls start in order of arrival (FIFO)', async () => {
    server.handle(() => ({ body: OK }));
    const { lm } = client({ rateLimit: { maxConcurrent: 1 } });
    await Promise.all(Array.from({ length: 25 }, (_, n) => lm.GET('/v1/users', { params: { query: { n } } } as never)));
    expect(arrivalOrder()).toEqual(Array.from({ length: 25 }, (_, n) => n));
  });
});

describe("the caller's AbortSignal while queued", () => {
  it('rejects at once with the abort, never reaches the server, and frees its place', async () => {
    const { open } = gate();
    const { lm, queued } = client({ rateLimit: { maxConcurrent: 1 } });
    const first = lm.GET('/v1/users', { params: { query: { n: 1 } } } as never);
    await server.waitForRequests(1);
    const abort = new AbortController();
    const second = lm.GET('/v1/users', { params: { query: { n: 2 } }, signal: abort.signal } as never);
    const third = lm.GET('/v1/users', { params: { query: { n: 3 } } } as never);
    await until(() => queued().length === 2);
    abort.abort();
    const error = await second.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe('AbortError');
    expect(server.count).toBe(1); // the first still holds the only slot
    open();
    await Promise.all([first, third]);
    expect(arrivalOrder()).toEqual([1, 3]);
  });

  it('a reason given to abort() is what the call rejects with', async () => {
    const { open } = gate();
    const { lm, queued } = client({ rateLimit: { maxConcurrent: 1 } });
    const first = lm.GET('/v1/users');
    const abort = new AbortController();
    const second = lm.GET('/v1/users', { signal: abort.signal });
    await until(() => queued().length === 1);
    const reason = new Error('user gave up');
    abort.abort(reason);
    await expect(second).rejects.toBe(reason);
    open();
    await first;
    expect(server.count).toBe(1);
  });
});

describe('429', () => {
  it('a billable POST refused with 429 waits for the limiter and is then performed once', async () => {
    const performed: string[] = [];
    server.enqueue({ status: 429, headers: { 'retry-after': '0' }, body: { status: 429, message: 'Too many requests' } });
    server.handle((request) => (performed.push(request.body), { body: { success: true } }));
    const { lm } = client({ rateLimit: { requestsPerSecond: 50 } });
    const { response } = await lm.POST('/v1/wallet/credits', { body: { amount: 5 } });
    expect(response.status).toBe(200);
    expect(performed).toEqual(['{"amount":5}']);
  });
});

describe('debug log', () => {
  it('says when a call is queued and that it waited, without the API key', async () => {
    const { open } = gate();
    const { lm, lines, queued } = client({ rateLimit: { maxConcurrent: 1 } });
    const both = Promise.all([lm.GET('/v1/users'), lm.GET('/v1/users')]);
    await until(() => queued().length === 1);
    open();
    await both;
    expect(queued()).toEqual(['litemail GET /v1/users queued (0 waiting, 1 in flight)']);
    expect(lines.filter((l) => l.includes('waited'))).toEqual([expect.stringMatching(/^litemail GET \/v1\/users waited \d+ ms for a slot$/)]);
    expect(lines.join('\n')).not.toContain(API_KEY);
  });

  it('an idle call logs no queue line', async () => {
    server.handle(() => ({ body: OK }));
    const { lm, lines } = client();
    await lm.GET('/v1/users');
    expect(lines.some((l) => l.includes('queued') || l.includes('waited'))).toBe(false);
  });
});
