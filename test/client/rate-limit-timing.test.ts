// The client's limiter on fake time: a fake fetch records when each request left (the faked
// performance.now()), and vitest's fake timers move time, so start times are exact and nothing
// waits. What is pinned here is the wiring (the options reach the limiter, the transport reports
// each answer and gives each slot back) with the limiter's rules worked out in
// test/unit/limiter.test.ts: 50 ms spacing at 20/s, the 100 ms spacing of the stricter per-minute
// rate, a Retry-After pause of 1000 ms for a first refusal, the spec's guess of 300 ms after it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLiteMailClient, unwrap, type LiteMailClientOptions } from '../../src/index.js';
import { settle } from '../support/clock.js';

const API_KEY = 'lm_test_rate_limit_0123456';
const OK = { success: true, data: { id: 'usr_1' } };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

interface Sent {
  at: number;
  url: string;
}
type Answer = { status?: number; headers?: Record<string, string>; body?: unknown; afterMs?: number };

/** A fetch that answers from `script` (the last entry for every request after it) and notes when each request left. */
function fakeFetch(script: (request: Request, n: number) => Answer) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    sent.push({ at: performance.now(), url: request.url });
    const { status = 200, headers = {}, body = OK, afterMs = 0 } = script(request, sent.length - 1);
    if (afterMs > 0) await new Promise((resolve) => setTimeout(resolve, afterMs));
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  };
  return { sent, fetch: fetch as typeof globalThis.fetch };
}

function client(fetch: typeof globalThis.fetch, options: LiteMailClientOptions = {}) {
  const lines: string[] = [];
  const lm = createLiteMailClient({ apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9', fetch, logLevel: 'debug', logger: { debug: (line) => lines.push(line) }, ...options });
  return { lm, lines };
}

/** Runs the fake timers until `work` settles, one timer at a time, letting each call's own promises run in between. */
async function drive<T>(work: Promise<T>): Promise<T> {
  let done = false;
  void work.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    await settle();
    if (!done) await vi.advanceTimersToNextTimerAsync();
  }
  return work;
}

/** Times relative to the first. */
const relative = (sent: Sent[]) => sent.map((s) => s.at - sent[0]!.at);
const rateLines = (lines: string[]) => lines.filter((line) => line.startsWith('litemail rate'));
const tooMany = (retryAfter?: string): Answer => ({ status: 429, ...(retryAfter ? { headers: { 'retry-after': retryAfter } } : {}), body: { status: 429, message: 'Too many requests' } });

describe('pacing', () => {
  it('requestsPerSecond 20: calls start 50 ms apart, in order of arrival', async () => {
    const { sent, fetch } = fakeFetch(() => ({}));
    const { lm } = client(fetch, { rateLimit: { requestsPerSecond: 20 } });
    await drive(Promise.all(Array.from({ length: 8 }, (_, n) => unwrap(lm.GET('/v1/users', { params: { query: { n } } } as never)))));
    expect(relative(sent)).toEqual([0, 50, 100, 150, 200, 250, 300, 350]);
    expect(sent.map((s) => new URL(s.url).searchParams.get('n'))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
  });

  it('requestsPerMinute 600 with requestsPerSecond 50: the stricter one (100 ms) spaces the starts', async () => {
    const { sent, fetch } = fakeFetch(() => ({}));
    const { lm } = client(fetch, { rateLimit: { requestsPerSecond: 50, requestsPerMinute: 600 } });
    await drive(Promise.all(Array.from({ length: 4 }, () => lm.GET('/v1/users'))));
    expect(relative(sent)).toEqual([0, 100, 200, 300]);
  });

  it('pagination is paced by the same limiter as the other calls', async () => {
    const { sent, fetch } = fakeFetch((request) => {
      const url = new URL(request.url);
      if (url.pathname === '/v1/users') return {};
      const page = Number(url.searchParams.get('page') ?? 1);
      const pagination = { currentPage: page, nextPage: page < 3 ? page + 1 : null, totalPages: 3, totalSearchedCount: 3, limit: 1 };
      return { body: { success: true, data: { domains: [{ id: `d${page}` }], pagination, ...pagination } } };
    });
    const { lm } = client(fetch, { rateLimit: { requestsPerSecond: 20 } });
    const walk = (async () => {
      const ids = [];
      for await (const domain of lm.paginate('/v1/domains')) ids.push((domain as { id: string }).id);
      return ids;
    })();
    const others = Promise.all([lm.GET('/v1/users'), lm.GET('/v1/users'), lm.GET('/v1/users')]);
    expect(await drive(walk)).toEqual(['d1', 'd2', 'd3']);
    await drive(others);
    expect(relative(sent)).toEqual([0, 50, 100, 150, 200, 250]);
  });
});

describe('slots', () => {
  it('time spent queued does not count toward the attempt timeout', async () => {
    const { sent, fetch } = fakeFetch(() => ({ afterMs: 200 }));
    const { lm } = client(fetch, { rateLimit: { maxConcurrent: 1 }, timeoutMs: 350, maxRetries: 0 });
    // The third call waits 400 ms for its slot, longer than timeoutMs, then takes 200 ms itself.
    const results = await drive(Promise.all([1, 2, 3].map(() => unwrap(lm.GET('/v1/users')))));
    expect(results).toEqual([OK, OK, OK]);
    expect(relative(sent)).toEqual([0, 200, 400]);
  });

  it('the debug log says when a call queued and how long it waited', async () => {
    const { fetch } = fakeFetch(() => ({ afterMs: 50 }));
    const { lm, lines } = client(fetch, { rateLimit: { maxConcurrent: 1 } });
    await drive(Promise.all([lm.GET('/v1/users'), lm.GET('/v1/users')]));
    const queueLines = lines.filter((line) => /queued|waited/.test(line));
    expect(queueLines).toEqual(['litemail GET /v1/users queued (0 waiting, 1 in flight)', 'litemail GET /v1/users waited 50 ms for a slot']);
  });

  it('a successful body keeps its slot until it has been read', async () => {
    let finishBody!: () => void;
    const events: string[] = [];
    const fetch = (async () => {
      events.push(`fetch ${events.filter((e) => e.startsWith('fetch')).length + 1}`);
      if (events.length > 1) return new Response(JSON.stringify(OK), { headers: { 'content-type': 'application/json' } });
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"success":true,'));
          finishBody = () => {
            events.push('body 1 read');
            controller.enqueue(new TextEncoder().encode('"data":{"id":"usr_1"}}'));
            controller.close();
          };
        },
      });
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const { lm, lines } = client(fetch, { rateLimit: { maxConcurrent: 1 } });
    const first = lm.GET('/v1/users');
    await settle();
    const second = lm.GET('/v1/users');
    await settle();
    finishBody();
    await drive(Promise.all([first, second]));
    expect(events).toEqual(['fetch 1', 'body 1 read', 'fetch 2']);
    expect(lines).toContain('litemail GET /v1/users queued (0 waiting, 1 in flight)');
  });
});

describe('429', () => {
  it('Retry-After of a first refusal pauses the whole client: a call made meanwhile waits too', async () => {
    const { sent, fetch } = fakeFetch((_, n) => (n === 0 ? { ...tooMany('1'), afterMs: 20 } : {}));
    const { lm } = client(fetch, { maxRetries: 0 });
    expect((await drive(lm.GET('/v1/users'))).response.status).toBe(429);
    expect((await drive(lm.GET('/v1/users'))).response.status).toBe(200);
    expect(relative(sent)).toEqual([0, 1020]); // refused at 20, paused 1000 ms
  });

  it("without a configured rate, a single call's 429 starts pacing at the spec's guess (200/min)", async () => {
    // Answers take 1 s, so no success speeds the pace up before the last of the three starts.
    const { sent, fetch } = fakeFetch((_, n) => (n === 0 ? { ...tooMany(), afterMs: 20 } : { afterMs: 1000 }));
    const { lm, lines } = client(fetch, { maxRetries: 0 });
    expect((await drive(lm.GET('/v1/users'))).response.status).toBe(429);
    expect(rateLines(lines)).toEqual(['litemail rate limited (429): slowing to 3.33 requests/s']);
    await drive(Promise.all(Array.from({ length: 3 }, () => lm.GET('/v1/users'))));
    expect(relative(sent)).toEqual([0, 320, 620, 920]); // refused at 20, then one per 300 ms
  });

  it('while the server still accepts, a Retry-After holds back only the refused call; the others slow down', async () => {
    const { sent, fetch } = fakeFetch((_, n) => (n === 1 ? tooMany('1') : {})); // the second request: b's first attempt
    const { lm, lines } = client(fetch, { rateLimit: { requestsPerSecond: 100 } });
    const get = (n: string) => unwrap(lm.GET('/v1/users', { params: { query: { n } } } as never));
    expect(await drive(Promise.all(['a', 'b', 'c', 'd'].map(get)))).toEqual([OK, OK, OK, OK]);
    const order = sent.map((s) => new URL(s.url).searchParams.get('n'));
    const at = relative(sent);
    // a at 0 (2xx), b at 10: refused with Retry-After: 1. One 2xx in the 10 ms measured → at most
    // 0.9 × the 100/s pace: 90/s, and no pause for the others.
    expect(order).toEqual(['a', 'b', 'c', 'd', 'b']);
    expect(at.slice(0, 2)).toEqual([0, 10]);
    expect(at[3]).toBeLessThan(1000); // c and d did not wait for b's Retry-After
    expect(at[4]).toBe(1010); // b itself went again after it
    // b's 2xx about a second later grows the rate by some 15 % (10 %/s, +5 % for the second of
    // successes), more than the 11 % it was cut by: back to the configured pace.
    expect(rateLines(lines)).toEqual(['litemail rate limited (429): slowing to 90 requests/s', 'litemail rate limit recovered: back to 100 requests/s']);
  });

  it('a 429 changes the pace before its slot goes to the next call', async () => {
    const { sent, fetch } = fakeFetch((_, n) => (n === 0 ? { ...tooMany(), afterMs: 10 } : {}));
    const { lm } = client(fetch, { rateLimit: { maxConcurrent: 1, requestsPerSecond: 100 }, maxRetries: 0 });
    await drive(Promise.all([lm.GET('/v1/users'), lm.GET('/v1/users')]));
    expect(relative(sent)).toEqual([0, 30]); // refused at 10, nothing measured: 20 ms, not the old 10
  });

  it('a burst answered 429 together slows the client down once, not once per refusal', async () => {
    const { fetch } = fakeFetch((_, n) => (n < 8 ? tooMany() : {}));
    const { lm, lines } = client(fetch, { maxRetries: 0 });
    const statuses = await drive(Promise.all(Array.from({ length: 8 }, () => lm.GET('/v1/users').then((r) => r.response.status))));
    expect(statuses).toEqual(Array(8).fill(429));
    expect(rateLines(lines)).toEqual(['litemail rate limited (429): slowing to 3.33 requests/s']);
  });

  it('a retried 429 waits for the pace too: the retry leaves after the Retry-After and is performed once', async () => {
    const { sent, fetch } = fakeFetch((_, n) => (n === 0 ? tooMany('1') : { body: { success: true } }));
    const { lm } = client(fetch, { rateLimit: { requestsPerSecond: 50 } });
    const { response } = await drive(lm.POST('/v1/wallet/credits', { body: { amount: 5 } }));
    expect(response.status).toBe(200);
    expect(relative(sent)).toEqual([0, 1000]);
  });

  it('configured 200/s: a 429 halves the pace, successes bring it back to 200/s, never faster', async () => {
    const { sent, fetch } = fakeFetch((_, n) => (n === 0 ? tooMany() : {}));
    const { lm, lines } = client(fetch, { rateLimit: { requestsPerSecond: 200 }, maxRetries: 0 });
    await drive(
      (async () => {
        for (let i = 0; i < 1200; i++) await lm.GET('/v1/users');
      })(),
    );
    expect(rateLines(lines)).toEqual(['litemail rate limited (429): slowing to 100 requests/s', 'litemail rate limit recovered: back to 200 requests/s']);
    const gaps = relative(sent)
      .slice(1)
      .map((t, i, all) => t - (i === 0 ? 0 : all[i - 1]!));
    expect(gaps[0]).toBe(10); // the doubled spacing right after the 429
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5);
    expect(gaps.slice(-100).every((gap) => gap === 5)).toBe(true);
  });
});
