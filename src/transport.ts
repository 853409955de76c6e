// The fetch that openapi-fetch calls, once per logical request, beneath its middleware: it sends
// attempts with a per-attempt timeout, retries what the spec says is safe to repeat, and turns
// network failures into typed errors.
import type { OperationInfo } from '../generated/operations.js';
import type { ResolvedConfig } from './config.js';
import { LiteMailConnectionError, LiteMailError, LiteMailTimeoutError, type RequestTarget } from './errors.js';
import { redact, safeHeaders } from './log.js';
import { MAX_RETRY_AFTER_MS, RETRYABLE_STATUSES, mayResend, parseRetryAfter, retryDelayMs } from './retry-policy.js';

/** One call's settings; the transport also notes on it the response it handed back. */
export interface CallPlan {
  operation: OperationInfo | undefined;
  timeoutMs: number;
  maxRetries: number;
  fetch: typeof globalThis.fetch;
  last?: { response: Response; target: RequestTarget };
}

/** What a response answered, for errors built later from the response alone (see `unwrap`). */
const targets = new WeakMap<Response, RequestTarget>();
export function targetOf(response: Response): RequestTarget {
  return targets.get(response) ?? { method: 'UNKNOWN', path: pathOf(response.url) };
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

/** Credentials a request carries: never to be echoed back into an error the caller may log. */
function secretsOf(request: Request): string[] {
  const bearer = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
  return [request.headers.get('x-api-key'), bearer].filter((s): s is string => !!s && s.length >= 4);
}

/** An error body with any credential of the request blanked out (servers do echo keys back). */
async function errorBody(response: Response, secrets: string[]): Promise<ArrayBuffer | string> {
  const body = await response.arrayBuffer();
  if (!secrets.length) return body;
  const text = new TextDecoder().decode(body);
  return secrets.some((s) => text.includes(s)) ? redact(text, secrets) : body;
}

interface Outcome {
  response: Response;
  /** The response is retryable and another attempt is allowed: its body was discarded. */
  retry: boolean;
  retryAfterMs: number | undefined;
}

/** One attempt, body included, within `timeoutMs`. */
async function attempt(request: Request, plan: CallPlan, mayRetry: boolean): Promise<Outcome> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), plan.timeoutMs);
  try {
    // Redirects are not followed: fetch would carry x-api-key to wherever Location points.
    const signal = AbortSignal.any([request.signal, timeout.signal]);
    const response = await plan.fetch(request, { signal, redirect: 'manual' });
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.headers.has('location'))) {
      await response.body?.cancel().catch(() => {});
      throw new RedirectRefused(response.headers.get('location'));
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    // A Retry-After beyond our limit is not waited for: the caller gets the response instead.
    if (mayRetry && RETRYABLE_STATUSES.has(response.status) && (retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS) {
      await response.body?.cancel().catch(() => {});
      return { response, retry: true, retryAfterMs };
    }
    // Read the body inside the timeout, so a server that stalls mid-body times out like one that
    // never answers, and the caller gets one typed error either way.
    const secrets = response.ok ? [] : secretsOf(request);
    const body =
      response.status === 204 || response.status === 304
        ? null
        : response.ok
          ? await response.arrayBuffer()
          : await errorBody(response, secrets);
    const copy = new Response(body, {
      status: response.status,
      statusText: redact(response.statusText, secrets),
      headers: response.headers,
    });
    Object.defineProperty(copy, 'url', { value: response.url });
    return { response: copy, retry: false, retryAfterMs };
  } catch (error) {
    if (timeout.signal.aborted && !request.signal.aborted) throw new TimeoutSignal(error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
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

  return function fetchFor(plan: CallPlan): typeof globalThis.fetch {
    return async (input, init) => {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      const target: RequestTarget = { method: request.method, path: pathOf(request.url) };
      const attempts = 1 + (mayResend(request.method, plan.operation) ? plan.maxRetries : 0);
      log?.debug(`litemail ${target.method} ${target.path} headers=${JSON.stringify(safeHeaders(request.headers))}`);

      for (let n = 1; ; n++) {
        const last = n === attempts;
        // A body can be read once: every attempt but the last sends a clone.
        const sent = last ? request : request.clone();
        const started = performance.now();
        let retryAfterMs: number | undefined;
        try {
          const outcome = await attempt(sent, plan, !last);
          log?.debug(
            `litemail ${target.method} ${target.path} -> ${outcome.response.status} (attempt ${n}/${attempts}, ${Math.round(performance.now() - started)} ms)`,
          );
          if (!outcome.retry) {
            targets.set(outcome.response, target);
            plan.last = { response: outcome.response, target };
            return outcome.response;
          }
          retryAfterMs = outcome.retryAfterMs;
        } catch (error) {
          if (request.signal.aborted) throw request.signal.reason ?? error; // the caller's abort: never retried
          const failure = failureOf(error, plan, target, request);
          log?.debug(
            `litemail ${target.method} ${target.path} -> ${failure.name} (attempt ${n}/${attempts}, ${Math.round(performance.now() - started)} ms)`,
          );
          if (last || !(failure instanceof LiteMailConnectionError)) throw failure;
        }
        const delay = retryDelayMs(n - 1, retryAfterMs);
        log?.debug(`litemail ${target.method} ${target.path} retrying in ${Math.round(delay)} ms`);
        await sleep(delay, request.signal);
      }
    };
  };
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}
