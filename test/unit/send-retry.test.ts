// The retry step (src/send/retry.ts) alone: a fake `next`, a manual clock, the jitter pinned to 0.
// Expected attempts and waits are written by hand from the README's retry rules.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiteMailConnectionError, LiteMailTimeoutError } from '../../src/errors.js';
import { retry } from '../../src/send/retry.js';
import type { Answer, CallContext } from '../../src/send/step.js';
import { ManualClock } from '../support/clock.js';

const BILLABLE = { billable: true };
const refused = () => new LiteMailConnectionError('connection failed (ECONNREFUSED)', { method: 'POST', path: '/x' }, { cause: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }) });
const reset = () => new LiteMailConnectionError('connection failed (ECONNRESET)', { method: 'POST', path: '/x' }, { cause: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }) });

let clock: ManualClock;
beforeEach(() => {
  clock = new ManualClock();
  vi.spyOn(Math, 'random').mockReturnValue(0); // no jitter: backoff is exactly 500, 1000, 2000 ms
});
afterEach(() => vi.restoreAllMocks());

function context(over: Partial<CallContext> = {}): CallContext {
  return { facts: undefined, timeoutMs: 1000, maxRetries: 2, fetch: async () => new Response(), ext: undefined, abortable: false, clock, log: undefined, ...over };
}

/** A `next` that answers each attempt from the script (a status, a Retry-After, or an error to throw). */
function scripted(...script: (number | [number, string] | Error)[]) {
  const sent: Request[] = [];
  const ended: number[] = [];
  const next = vi.fn(async (request: Request): Promise<Answer> => {
    sent.push(request);
    const step = script[sent.length - 1] ?? 200;
    if (step instanceof Error) throw step;
    const [status, retryAfter] = Array.isArray(step) ? step : [step, undefined];
    const n = sent.length;
    const response = new Response(status === 204 ? null : `{"n":${n}}`, { status, headers: retryAfter ? { 'retry-after': retryAfter } : {} });
    return { response, done: () => void ended.push(n), expiredAfter: () => undefined };
  });
  return { next, sent, ended };
}

/** Runs the call to the end on the manual clock, returning its outcome and the waits it made. */
async function run(send: ReturnType<typeof retry>, request: Request, call: CallContext) {
  const outcome = send(request, call).then(
    (answer): { answer?: Answer; error?: unknown } => ({ answer }),
    (error: unknown): { answer?: Answer; error?: unknown } => ({ error }),
  );
  for (let i = 0; i < 10; i++) await clock.advance(10_000);
  return { ...(await outcome), waits: clock.delays };
}

const get = () => new Request('https://api.test/v1/users');
const post = () => new Request('https://api.test/v1/wallet/credits', { method: 'POST', body: '{"amount":5}' });

describe('retry step', () => {
  it('a success: one attempt, no wait, the answer as it came', async () => {
    const { next, sent } = scripted(200);
    const { answer, waits } = await run(retry(next), get(), context());
    expect(sent).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(await answer!.response.json()).toEqual({ n: 1 });
  });

  it('GET 503, 503, 200: three attempts after 500 ms and 1000 ms; the two discarded answers are ended', async () => {
    const { next, sent, ended } = scripted(503, 503, 200);
    const { answer, waits } = await run(retry(next), get(), context());
    expect(sent).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
    expect(ended).toEqual([1, 2]);
    expect(answer!.response.status).toBe(200);
  });

  it('the last attempt answers even when retryable: 1 + maxRetries attempts, then the 503 itself', async () => {
    const { next, sent, ended } = scripted(503, 503, 503, 200);
    const { answer } = await run(retry(next), get(), context({ maxRetries: 2 }));
    expect(sent).toHaveLength(3);
    expect(ended).toEqual([1, 2]); // the third is the caller's to end
    expect(answer!.response.status).toBe(503);
  });

  it('a 429 with Retry-After: 2 waits exactly 2000 ms, even for a billable operation (the 429 refused it)', async () => {
    const { next, sent } = scripted([429, '2'], 200);
    const { answer, waits } = await run(retry(next), post(), context({ facts: BILLABLE }));
    expect(sent).toHaveLength(2);
    expect(waits).toEqual([2000]);
    expect(answer!.response.status).toBe(200);
  });

  it('a Retry-After beyond 60 s is not waited for: the 429 goes back after one attempt', async () => {
    const { next, sent } = scripted([429, '61'], 200);
    const { answer, waits } = await run(retry(next), get(), context());
    expect(sent).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(answer!.response.status).toBe(429);
  });

  it('a billable POST answered 503 is sent once', async () => {
    const { next, sent } = scripted(503, 200);
    const { answer } = await run(retry(next), post(), context({ facts: BILLABLE }));
    expect(sent).toHaveLength(1);
    expect(answer!.response.status).toBe(503);
  });

  it('a POST the spec does not mark idempotent is not repeated after a 503; an idempotent one is', async () => {
    expect((await run(retry(scripted(503, 200).next), post(), context())).answer!.response.status).toBe(503);
    clock = new ManualClock();
    const idempotent = scripted(503, 200);
    const { answer } = await run(retry(idempotent.next), post(), context({ facts: { idempotent: true } }));
    expect(idempotent.sent).toHaveLength(2);
    expect(answer!.response.status).toBe(200);
  });

  it('a refused connection is retried for a billable POST (nothing was sent); a reset is not', async () => {
    const refusedFirst = scripted(refused(), 200);
    expect((await run(retry(refusedFirst.next), post(), context({ facts: BILLABLE }))).answer!.response.status).toBe(200);
    expect(refusedFirst.sent).toHaveLength(2);
    clock = new ManualClock();
    const error = reset();
    const resetFirst = scripted(error, 200);
    const { error: thrown } = await run(retry(resetFirst.next), post(), context({ facts: BILLABLE }));
    expect(thrown).toBe(error);
    expect(resetFirst.sent).toHaveLength(1);
  });

  it('a timeout of a GET is retried; the last one is thrown as it is', async () => {
    const timeout = () => new LiteMailTimeoutError(1000, { method: 'GET', path: '/v1/users' });
    const last = timeout();
    const { next, sent } = scripted(timeout(), timeout(), last);
    const { error, waits } = await run(retry(next), get(), context());
    expect(sent).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
    expect(error).toBe(last);
  });

  it('an error that is not a connection failure (the caller’s abort, a refused redirect) is never retried', async () => {
    const abort = new DOMException('stop', 'AbortError');
    const { next, sent } = scripted(abort, 200);
    expect((await run(retry(next), get(), context())).error).toBe(abort);
    expect(sent).toHaveLength(1);
  });

  it('every attempt but the last sends a clone of a request with a body, so the last still has it', async () => {
    const { next, sent } = scripted(503, 503, 200);
    const request = new Request('https://api.test/v1/domains/d1/dmarc', { method: 'POST', body: '{"policy":"none"}' });
    await run(retry(next), request, context({ facts: { idempotent: true } }));
    expect(sent[0]).not.toBe(request);
    expect(sent[1]).not.toBe(request);
    expect(sent[2]).toBe(request);
    expect(await Promise.all(sent.map((r) => r.text()))).toEqual(['{"policy":"none"}', '{"policy":"none"}', '{"policy":"none"}']);
  });

  it('an abort during the backoff wait rejects with its reason at once, and nothing more is sent', async () => {
    const stop = new AbortController();
    const { next, sent } = scripted(503, 200);
    const request = new Request('https://api.test/v1/users', { signal: stop.signal });
    const outcome = retry(next)(request, context({ abortable: true })).catch((e: unknown) => e);
    await clock.advance(100); // the first answer is in; the 500 ms wait has begun
    stop.abort(new Error('user gave up'));
    expect(((await outcome) as Error).message).toBe('user gave up');
    await clock.advance(10_000);
    expect(sent).toHaveLength(1);
  });

  it('logs each attempt and the wait, with the method and path only', async () => {
    const lines: string[] = [];
    const { next } = scripted(503, 200);
    await run(retry(next), get(), context({ log: { debug: (l) => lines.push(l) } }));
    expect(lines).toEqual([
      'litemail GET /v1/users -> 503 (attempt 1/3, 0 ms)',
      'litemail GET /v1/users retrying in 500 ms',
      'litemail GET /v1/users -> 200 (attempt 2/3, 0 ms)',
    ]);
  });
});
