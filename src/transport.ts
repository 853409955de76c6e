// The fetch that openapi-fetch calls, once per logical request, beneath its middleware: it sends
// attempts with a per-attempt timeout, retries what the spec says is safe to repeat, and turns
// network failures into typed errors.
import type { RouteFacts } from '../generated/routes.js';
import { systemClock } from './clock.js';
import type { FetchLike, ResolvedConfig } from './config.js';
import {
  LiteMailConnectionError,
  LiteMailError,
  LiteMailParseError,
  LiteMailTimeoutError,
  requestIdOf,
  type RequestTarget,
} from './errors.js';
import { createLimiter, type Limiter, type Permit } from './limiter/limiter.js';
import type { Logger } from './log.js';
import { containsSecret, redact, safeHeaders, secretsOf } from './redact.js';
import { MAX_RETRY_AFTER_MS, RETRYABLE_STATUSES, mayResend, parseRetryAfter, refusedBeforeSending, retryDelayMs } from './retry-policy.js';

/** One call's settings; the transport also notes on it the response it handed back. */
export interface CallPlan {
  /** The spec's facts about the operation called (billable, idempotent), if any. */
  route: RouteFacts | undefined;
  timeoutMs: number;
  maxRetries: number;
  fetch: FetchLike;
  /** The caller passed an AbortSignal (otherwise the request's own signal can never fire). */
  callerSignal: boolean;
  /** The response handed to openapi-fetch, whose body it reads after the transport returned. */
  last?: { response: Response; target: RequestTarget };
  /**
   * When openapi-fetch starts reading the body, so that only failures of that read are classified
   * (see `bodyFailure`): right after the transport returns (no middleware in play), once the last
   * onResponse middleware has run (`middleware`: `reading` marks that moment), or `never` (a
   * `parseAs` openapi-fetch does not know: its TypeError is the caller's to see).
   */
  bodyRead: 'at-handover' | 'after-middleware' | 'never';
  reading?: boolean;
  /**
   * The last attempt's timer, still armed while openapi-fetch reads a successful body; `clear()`
   * also gives the attempt's limiter permit back.
   */
  bodyTimer?: { clear(): void; fired(): boolean };
}

/** What a response answered, for errors built later from the response alone (see `unwrap`). */
const targets = new WeakMap<Response, { method: string; url: string }>();
export function targetOf(response: Response): RequestTarget {
  const sent = targets.get(response);
  return { method: sent?.method ?? 'UNKNOWN', path: pathOf(sent?.url ?? response.url) };
}

function pathOf(url: string): string {
  try {
    const { pathname, search } = new URL(url);
    return pathname + search;
  } catch {
    return url;
  }
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * An error response read in full (so the attempt's timeout covers it), with any credential of the
 * request blanked out (servers do echo keys back). Without an echo the response itself is handed
 * on (its body buffered by the clone): a custom fetch's Response subclass reaches the caller, and
 * a 304 or a HEAD answer, which may not be rebuilt with a body, stays as it came.
 */
async function redactedErrorResponse(response: Response, request: Request): Promise<Response> {
  const secrets = secretsOf(request);
  const text = await response.clone().text();
  if (!containsSecret(text, secrets) && !containsSecret(response.statusText, secrets)) return response;
  // A status that may not have a body (304) keeps none.
  const copy = new Response(text === '' ? null : redact(text, secrets), {
    status: response.status,
    statusText: redact(response.statusText, secrets),
    headers: response.headers,
  });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

interface Outcome {
  response: Response;
  /** The response is retryable and another attempt is allowed: its body was discarded. */
  retry: boolean;
  retryAfterMs: number | undefined;
}

/**
 * One attempt within `timeoutMs`. A successful body is left for openapi-fetch to read, with the
 * timer still armed (see `bodyTimer`), so the timeout covers a body that stalls without the cost of
 * buffering every response; an error body is read here, to blank out echoed credentials.
 */
async function attempt(
  request: Request,
  plan: CallPlan,
  retriesLeft: boolean,
  ext: RequestInit | undefined,
  permit: Permit | undefined,
): Promise<Outcome> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), plan.timeoutMs);
  let bodyPending = false;
  try {
    const signal = plan.callerSignal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    // Redirects are not followed: fetch would carry x-api-key to wherever Location points.
    // openapi-fetch's requestInitExt (e.g. an undici dispatcher) arrives as `ext` and goes on to fetch.
    const response = await plan.fetch(request, ext ? { ...ext, signal, redirect: 'manual' } : { signal, redirect: 'manual' });
    // 304 Not Modified is not a redirect: like any other error status it is handed on (see below).
    const status = response.status;
    if (response.type === 'opaqueredirect' || (status >= 300 && status < 400 && status !== 304 && response.headers.has('location'))) {
      await response.body?.cancel().catch(() => {});
      throw new RedirectRefused(response.headers.get('location'));
    }
    if (response.ok) {
      bodyPending = true;
      plan.bodyTimer = {
        clear: () => {
          clearTimeout(timer);
          permit?.release();
        },
        fired: () => timeout.signal.aborted,
      };
      return { response, retry: false, retryAfterMs: undefined };
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    // A Retry-After beyond our limit is not waited for: the caller gets the response instead. A 429
    // refused the request, so even a billable one may be sent again.
    if (
      retriesLeft &&
      RETRYABLE_STATUSES.has(response.status) &&
      mayResend(request.method, plan.route, response.status === 429) &&
      (retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS
    ) {
      await response.body?.cancel().catch(() => {});
      return { response, retry: true, retryAfterMs };
    }
    return { response: await redactedErrorResponse(response, request), retry: false, retryAfterMs };
  } catch (error) {
    if (timeout.signal.aborted && !request.signal.aborted) throw new TimeoutSignal(error);
    throw error;
  } finally {
    if (!bodyPending) clearTimeout(timer);
  }
}

/**
 * What went wrong while openapi-fetch read a successful body, after the transport returned: the
 * attempt's timeout, a body that is not JSON, or a connection that broke mid-body (fetch's
 * TypeError). These are not retried: like a Stainless client, the response was already handed
 * over. Anything else (the caller's abort) stays as it is.
 */
export function bodyFailure(plan: CallPlan, error: unknown): unknown {
  const last = plan.last;
  // Before the read began (serializers, onRequest, onResponse, onError): the caller's own error.
  if (!last || plan.bodyRead === 'never' || (plan.bodyRead === 'after-middleware' && !plan.reading)) return error;
  const { response, target } = last;
  if (plan.bodyTimer?.fired()) return new LiteMailTimeoutError(plan.timeoutMs, target, { cause: error });
  if (error instanceof SyntaxError) return new LiteMailParseError(response.status, requestIdOf(response), target, { cause: error });
  if (error instanceof TypeError) {
    return new LiteMailConnectionError(`connection failed while reading the ${response.status} body (${describe(error)})`, target, { cause: error });
  }
  return error;
}

class TimeoutSignal {
  constructor(readonly cause: unknown) {}
}

class RedirectRefused {
  constructor(readonly location: string | null) {}
}

function failureOf(error: unknown, plan: CallPlan, target: RequestTarget, request: Request): LiteMailError {
  if (error instanceof TimeoutSignal) return new LiteMailTimeoutError(plan.timeoutMs, target, { cause: error.cause });
  if (error instanceof RedirectRefused) {
    let where = 'another location';
    try {
      if (error.location) where = new URL(error.location, request.url).origin;
    } catch {
      /* keep the generic wording */
    }
    return new LiteMailError(
      `${target.method} ${target.path} was redirected to ${where}; redirects are not followed so the API key stays with baseUrl. Check baseUrl.`,
    );
  }
  return new LiteMailConnectionError(`connection failed (${describe(error)})`, target, { cause: error });
}

export function createTransport(config: ResolvedConfig) {
  const log = config.logger;
  const limiter = config.rateLimit ? createLimiter(config.rateLimit, systemClock, log) : undefined;

  return function fetchFor(plan: CallPlan): typeof globalThis.fetch {
    return async (input, init) => {
      // openapi-fetch passes its Request, and its requestInitExt as the second argument.
      const isRequest = input instanceof Request;
      const request = isRequest ? input : new Request(input, init);
      const ext = isRequest ? init : undefined;
      const target: RequestTarget = {
        method: request.method,
        // Only errors and debug lines need the path: parse the URL only then.
        get path() {
          return pathOf(request.url);
        },
      };
      // Any request may be sent again once it is known the server did not perform it (429, refused connection).
      const attempts = 1 + plan.maxRetries;
      log?.debug(`litemail ${target.method} ${target.path} headers=${JSON.stringify(safeHeaders(request.headers))}`);

      for (let n = 1; ; n++) {
        const last = n === attempts;
        // A body can be read once: every attempt but the last sends a clone of a request that has one.
        const sent = last || request.body === null ? request : request.clone();
        // The wait for a slot is not part of the attempt: its timeout starts once the slot is taken.
        const permit = limiter && (limiter.tryAcquire() ?? (await waitForSlot(limiter, request, plan, target, log)));
        const started = log ? performance.now() : 0;
        let retryAfterMs: number | undefined;
        try {
          const outcome = await attempt(sent, plan, !last, ext, permit);
          log?.debug(
            `litemail ${target.method} ${target.path} -> ${outcome.response.status} (attempt ${n}/${attempts}, ${Math.round(performance.now() - started)} ms)`,
          );
          // The pace changes before the slot is given back; a successful body still being read
          // keeps its slot until the call clears `bodyTimer`.
          permit?.answered(outcome.response.status, outcome.retryAfterMs);
          if (!outcome.response.ok) permit?.release();
          if (!outcome.retry) {
            // Only error responses are turned into errors later (by unwrap), from the response alone.
            if (!outcome.response.ok) targets.set(outcome.response, { method: request.method, url: request.url });
            plan.last = { response: outcome.response, target };
            return outcome.response;
          }
          retryAfterMs = outcome.retryAfterMs;
        } catch (error) {
          permit?.release();
          if (request.signal.aborted) throw request.signal.reason ?? error; // the caller's abort: never retried
          const failure = failureOf(error, plan, target, request);
          log?.debug(
            `litemail ${target.method} ${target.path} -> ${failure.name} (attempt ${n}/${attempts}, ${Math.round(performance.now() - started)} ms)`,
          );
          const resend = failure instanceof LiteMailConnectionError && mayResend(request.method, plan.route, refusedBeforeSending(error));
          if (last || !resend) throw failure;
        }
        const delay = retryDelayMs(n - 1, retryAfterMs);
        log?.debug(`litemail ${target.method} ${target.path} retrying in ${Math.round(delay)} ms`);
        await sleep(delay, request.signal);
      }
    };
  };
}

/** Queues a call for the limiter's next slot, saying so in the debug log. */
async function waitForSlot(limiter: Limiter, request: Request, plan: CallPlan, target: RequestTarget, log: Logger | undefined): Promise<Permit> {
  const queuedAt = performance.now();
  log?.debug(`litemail ${target.method} ${target.path} queued (${limiter.waiting} waiting, ${limiter.inFlight} in flight)`);
  const permit = await limiter.wait(plan.callerSignal ? request.signal : undefined);
  log?.debug(`litemail ${target.method} ${target.path} waited ${Math.round(performance.now() - queuedAt)} ms for a slot`);
  return permit;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}
