// The attempt, limiter and error-body steps (src/send/) alone, with fake fetches and fake limiters.
// Expected values are written by hand.
import { describe, expect, it, vi } from 'vitest';
import { LiteMailConnectionError, LiteMailError, LiteMailTimeoutError } from '../../src/errors.js';
import type { Limiter, Permit } from '../../src/limiter/limiter.js';
import { attempt } from '../../src/send/attempt.js';
import { readErrorBody } from '../../src/send/error-body.js';
import { limit } from '../../src/send/limit.js';
import type { Answer, CallContext, Send } from '../../src/send/step.js';
import { ManualClock } from '../support/clock.js';

const KEY = 'lm_live_StepKey_8c1f';

function context(over: Partial<CallContext> = {}): CallContext {
  return { facts: undefined, timeoutMs: 1000, maxRetries: 0, fetch: async () => new Response('{}'), ext: undefined, abortable: false, clock: new ManualClock(), log: undefined, ...over };
}
const request = (init?: RequestInit) => new Request('https://api.test/v1/users?page=2', { headers: { 'x-api-key': KEY }, ...init });
const answerOf = (response: Response, done = vi.fn()): Answer => ({ response, done, expiredAfter: () => undefined });

describe('attempt', () => {
  it('sends with redirect: manual and its own signal, plus requestInitExt', async () => {
    const fetch = vi.fn(async (_r: Request, _init?: RequestInit) => new Response('{}'));
    const answer = await attempt(request(), context({ fetch, ext: { keepalive: true } as RequestInit }));
    answer.done();
    const init = fetch.mock.calls[0]![1]!;
    expect(init.redirect).toBe('manual');
    expect(init.keepalive).toBe(true);
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('a redirect is refused, naming only the origin it pointed to, and its body is cancelled', async () => {
    const cancel = vi.fn(async () => {});
    const response = new Response('moved', { status: 302, headers: { location: 'https://evil.test/steal?k=1' } });
    Object.defineProperty(response, 'body', { value: { cancel } });
    const error = await attempt(request(), context({ fetch: async () => response })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiteMailError);
    expect((error as Error).message).toBe(
      'GET /v1/users?page=2 was redirected to https://evil.test; redirects are not followed so the API key stays with baseUrl. Check baseUrl.',
    );
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('a 304 is not a redirect: it is handed on', async () => {
    const answer = await attempt(request(), context({ fetch: async () => new Response(null, { status: 304, headers: { location: '/x' } }) }));
    answer.done();
    expect(answer.response.status).toBe(304);
  });

  it('a fetch that fails: LiteMailConnectionError with the code and the cause', async () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const error = (await attempt(request(), context({ fetch: async () => Promise.reject(cause) })).catch((e: unknown) => e)) as LiteMailConnectionError;
    expect(error).toBeInstanceOf(LiteMailConnectionError);
    expect(error).not.toBeInstanceOf(LiteMailTimeoutError);
    expect(error.message).toBe('GET /v1/users?page=2: connection failed (ECONNRESET)');
    expect(error.cause).toBe(cause);
  });

  it('a fetch still pending at the deadline: LiteMailTimeoutError after timeoutMs', async () => {
    const fetch = (_r: Request, init?: RequestInit) => new Promise<Response>((_, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)));
    const error = await attempt(request(), context({ fetch, timeoutMs: 5 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiteMailTimeoutError);
    expect((error as LiteMailTimeoutError).timeoutMs).toBe(5);
  });

  it('the caller’s abort is rethrown as it is, not a timeout', async () => {
    const stop = new AbortController();
    const reason = new Error('mine');
    const fetch = (_r: Request, init?: RequestInit) => new Promise<Response>((_, reject) => init!.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const pending = attempt(request({ signal: stop.signal }), context({ fetch, abortable: true })).catch((e: unknown) => e);
    stop.abort(reason);
    expect(await pending).toBe(reason);
  });

  it('the deadline stays armed for the body until done(), then never fires', async () => {
    const answer = await attempt(request(), context({ timeoutMs: 5 }));
    answer.done();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answer.expiredAfter()).toBeUndefined();
    const held = await attempt(request(), context({ timeoutMs: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(held.expiredAfter()).toBe(5);
    held.done();
  });
});

/** A limiter whose every permit is recorded. */
function fakeLimiter(free: boolean) {
  const events: string[] = [];
  const permit = (name: string): Permit => ({
    answered: (status, retryAfterMs) => void events.push(`${name} answered ${status} ${retryAfterMs}`),
    release: () => void events.push(`${name} released`),
  });
  const limiter: Limiter = {
    tryAcquire: () => (free ? permit('taken') : undefined),
    wait: async (signal) => {
      events.push(`waited signal=${signal ? 'yes' : 'no'}`);
      return permit('queued');
    },
    waiting: 0,
    inFlight: 0,
  };
  return { limiter, events };
}

describe('limit', () => {
  it('a success keeps its slot until done(): answered 200, released after the inner answer ends', async () => {
    const { limiter, events } = fakeLimiter(true);
    const innerDone = vi.fn(() => void events.push('inner done'));
    const answer = await limit(limiter)(async () => answerOf(new Response('{}'), innerDone))(request(), context());
    expect(events).toEqual(['taken answered 200 undefined']);
    answer.done();
    expect(events).toEqual(['taken answered 200 undefined', 'inner done', 'taken released']);
  });

  it('a 429 tells the limiter its Retry-After in ms', async () => {
    const { limiter, events } = fakeLimiter(true);
    await limit(limiter)(async () => answerOf(new Response('', { status: 429, headers: { 'retry-after': '3' } })))(request(), context());
    expect(events).toEqual(['taken answered 429 3000']);
  });

  it('a failed attempt gives its slot back at once and the error goes on', async () => {
    const { limiter, events } = fakeLimiter(true);
    const failure = new Error('boom');
    await expect(limit(limiter)(async () => Promise.reject(failure))(request(), context())).rejects.toBe(failure);
    expect(events).toEqual(['taken released']);
  });

  it('no free slot: waits in the queue, with the request’s signal only when the caller can abort', async () => {
    const { limiter, events } = fakeLimiter(false);
    const send: Send = async () => answerOf(new Response('{}'));
    await limit(limiter)(send)(request(), context());
    await limit(limiter)(send)(request(), context({ abortable: true }));
    expect(events.filter((e) => e.startsWith('waited'))).toEqual(['waited signal=no', 'waited signal=yes']);
  });
});

describe('readErrorBody', () => {
  it('a success passes through untouched (the same answer, nothing ended)', async () => {
    const answer = answerOf(new Response('{}'));
    expect(await readErrorBody(async () => answer)(request(), context())).toBe(answer);
    expect(answer.done).not.toHaveBeenCalled();
  });

  it('an error without an echo: the same Response, read in full, what was held ended', async () => {
    const response = new Response('{"message":"nope"}', { status: 404 });
    const held = answerOf(response);
    const answer = await readErrorBody(async () => held)(request(), context());
    expect(answer.response).toBe(response);
    expect(held.done).toHaveBeenCalledTimes(1);
    expect(await answer.response.text()).toBe('{"message":"nope"}');
  });

  it('an error echoing the key in any letter case: a copy with the key blanked, status, headers and url kept', async () => {
    const response = new Response(`{"message":"bad key ${KEY.toUpperCase()}"}`, { status: 401, statusText: `no ${KEY}`, headers: { 'x-request-id': 'r1' } });
    Object.defineProperty(response, 'url', { value: 'https://api.test/v1/users?page=2' });
    const answer = await readErrorBody(async () => answerOf(response))(request(), context());
    expect(answer.response).not.toBe(response);
    expect(answer.response.status).toBe(401);
    expect(answer.response.statusText).toBe('no [redacted]');
    expect(answer.response.headers.get('x-request-id')).toBe('r1');
    expect(answer.response.url).toBe('https://api.test/v1/users?page=2');
    expect(await answer.response.text()).toBe('{"message":"bad key [redacted]"}');
  });

  it('a body that breaks while read after the deadline: LiteMailTimeoutError, the held answer ended', async () => {
    const stream = new ReadableStream({ start: (c) => c.error(new TypeError('terminated')) });
    const held: Answer = { response: new Response(stream, { status: 500 }), done: vi.fn(), expiredAfter: () => 250 };
    const error = await readErrorBody(async () => held)(request(), context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiteMailTimeoutError);
    expect((error as Error).message).toBe('GET /v1/users?page=2: timed out after 250 ms');
    expect(held.done).toHaveBeenCalledTimes(1);
  });
});
