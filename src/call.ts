// One call, from start to parsed result. openapi-fetch builds the Request, runs the middleware and
// parses the body; beneath it, the call's fetch sends the request through the steps (error body →
// retry → limit → attempt, src/send/). This module owns what one call needs on the side, privately:
// the answer handed to openapi-fetch, whether the body read has begun, and the release of what the
// steps still hold (the attempt's timer, the limiter's slot) once the body has settled. It attaches
// the call's method and path to its result, where `unwrap` reads them.
import type { Middleware } from 'openapi-fetch';
import { operationFacts } from './facts.js';
import type { Clock } from './clock.js';
import { bodyFailure, targetOf, type RequestTarget } from './errors.js';
import type { ClientConfig } from './options.js';
import { resolveCallOptions, type CallOptions } from './options.js';
import { createLimiter } from './limiter/limiter.js';
import { safeHeaders } from './redact.js';
import { attempt } from './send/attempt.js';
import { readErrorBody } from './send/error-body.js';
import { limit } from './send/limit.js';
import { retry } from './send/retry.js';
import type { Answer, CallContext, Send } from './send/step.js';

/** Where a call's result keeps the method and path it was sent to (see `targetOfResult`). */
const TARGET = Symbol('litemail.target');

/** The method and path of the call that produced `result`, when this client made it. */
export function targetOfResult(result: object): RequestTarget | undefined {
  return (result as { [TARGET]?: RequestTarget })[TARGET];
}

/** The `parseAs` values openapi-fetch knows; with another, its own TypeError reaches the caller as is. */
const PARSE_AS = new Set(['json', 'text', 'blob', 'arrayBuffer', 'stream']);

/** The part of openapi-fetch's client a call uses. */
interface Base {
  request(method: string, path: string, init: object): Promise<object>;
  use(...middleware: Middleware[]): void;
}

/** A call's private state. */
interface CallState {
  answer?: Answer;
  /** The request the answer is for (its method and path name the call in errors). */
  request?: Request;
  /** openapi-fetch has begun reading the body (set at hand-over, or by the read marker when middleware runs first). */
  reading: boolean;
}

/**
 * The calls of one client, through openapi-fetch's `request`. `markBodyReads` registers (once) the
 * middleware that marks when a body read begins, first, so its onResponse runs last: the client calls
 * it once the caller's own middleware is in play, since an error their middleware throws before the
 * read is theirs, unchanged. Without middleware nothing is registered and calls pay nothing for it.
 */
export function createCalls(config: ClientConfig, base: Base, clock: Clock) {
  const limiter = config.rateLimit ? createLimiter(config.rateLimit, clock, config.log) : undefined;
  const send: Send = readErrorBody(retry(limiter ? limit(limiter)(attempt) : attempt));
  const clientSignal = config.openapiFetch.signal != null;
  const { log } = config;
  /** Calls by the fetch openapi-fetch was given for them: how the read marker finds its call. */
  const byFetch = new WeakMap<object, CallState>();
  let markerInPlay = false;

  const readMarker: Middleware = {
    onResponse({ response, options }) {
      const state = byFetch.get(options.fetch);
      // A body the caller's middleware consumed is their error, not a failed read.
      if (state?.answer) state.reading = !response.bodyUsed;
    },
  };

  async function call(method: string, path: string, init: Record<string, unknown> & CallOptions = {}): Promise<object> {
    const { timeoutMs, maxRetries, fetch, openapiFetch } = resolveCallOptions(init, config, method, path);
    const context: CallContext = {
      facts: operationFacts[`${method} ${path}`],
      timeoutMs,
      maxRetries,
      fetch,
      ext: undefined,
      abortable: openapiFetch.signal != null || clientSignal,
      clock,
      log,
    };
    if ((openapiFetch.middleware as Middleware[] | undefined)?.length) markBodyReads();
    const state: CallState = { reading: false };
    // With the read marker in play the body read begins after the last onResponse; without, at hand-over.
    const readsAtHandover = !markerInPlay;
    const callFetch = async (input: Request, ext?: RequestInit) => {
      // openapi-fetch passes its Request, and its requestInitExt as the second argument.
      const request = input instanceof Request ? input : new Request(input, ext);
      log?.debug(`litemail ${request.method} ${targetOf(request).path} headers=${JSON.stringify(safeHeaders(request.headers))}`);
      const answer = await send(request, input instanceof Request && ext ? { ...context, ext } : context);
      state.answer = answer;
      state.request = request;
      state.reading = readsAtHandover;
      return answer.response;
    };
    if (markerInPlay) byFetch.set(callFetch, state);
    (openapiFetch as Record<string, unknown>).fetch = callFetch; // a fresh object: resolveCallOptions made it
    try {
      const result = (await base.request(method, path, openapiFetch)) as { response?: Response };
      // Only a failed call needs its target later (unwrap names it in the error).
      if (state.request && result.response?.ok === false) Object.defineProperty(result, TARGET, { value: targetOf(state.request) });
      return result;
    } catch (error) {
      const { answer, request } = state;
      const parses = openapiFetch.parseAs === undefined || PARSE_AS.has(openapiFetch.parseAs as string);
      if (!answer || !request || !state.reading || !parses) throw error; // before the read: the caller's own error
      throw bodyFailure(error, answer.response, targetOf(request), answer.expiredAfter());
    } finally {
      state.answer?.done();
    }
  }

  function markBodyReads(): void {
    if (markerInPlay) return;
    markerInPlay = true;
    base.use(readMarker);
  }

  return { call, markBodyReads };
}
