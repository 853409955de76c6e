// The fetch that openapi-fetch calls, once per logical request, beneath its middleware: it sends
// attempts with a per-attempt timeout, retries what the spec says is safe to repeat, and turns
// network failures into typed errors.
import type { OperationInfo } from '../generated/operations.js';
import type { ResolvedConfig } from './config.js';
import { LiteMailConnectionError, LiteMailTimeoutError, type RequestTarget } from './errors.js';
import { safeHeaders } from './log.js';
import { MAX_RETRY_AFTER_MS, RETRYABLE_STATUSES, mayResend, parseRetryAfter, retryDelayMs } from './retry-policy.js';

export interface CallPlan {
  operation: OperationInfo | undefined;
  timeoutMs: number;
  maxRetries: number;
  fetch: typeof globalThis.fetch;
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

/** One attempt, body included, within `timeoutMs`. Retryable statuses come back unread. */
async function attempt(request: Request, plan: CallPlan, willRetry: boolean): Promise<Response> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), plan.timeoutMs);
  try {
    const response = await plan.fetch(request, { signal: AbortSignal.any([request.signal, timeout.signal]) });
    if (willRetry && RETRYABLE_STATUSES.has(response.status)) {
      await response.body?.cancel().catch(() => {});
      return response;
    }
    // Read the body inside the timeout, so a server that stalls mid-body times out like one that
    // never answers, and the caller gets one typed error either way.
    const body = response.status === 204 || response.status === 304 ? null : await response.arrayBuffer();
    const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    Object.defineProperty(copy, 'url', { value: response.url });
    return copy;
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

export function createTransport(config: ResolvedConfig) {
  const log = config.logger;

  return function fetchFor(plan: CallPlan): typeof globalThis.fetch {
    return async (input, init) => {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      const target: RequestTarget = { method: request.method, path: pathOf(request.url) };
      const attempts = 1 + (mayResend(request.method, plan.operation) ? plan.maxRetries : 0);

      for (let n = 1; ; n++) {
        const last = n === attempts;
        // A body can be read once: every attempt but the last sends a clone.
        const sent = last ? request : request.clone();
        const started = performance.now();
        let retryAfterMs: number | undefined;
        try {
          const response = await attempt(sent, plan, !last);
          const ms = Math.round(performance.now() - started);
          retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
          const retry = !last && RETRYABLE_STATUSES.has(response.status) && (retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS;
          log?.debug(
            `litemail ${target.method} ${target.path} -> ${response.status} (attempt ${n}/${attempts}, ${ms} ms)` +
              (n === 1 ? ` headers=${JSON.stringify(safeHeaders(request.headers))}` : ''),
          );
          if (!retry) {
            if (!last && RETRYABLE_STATUSES.has(response.status)) {
              // Retry-After beyond our limit: hand back a readable response instead of waiting.
              return await attempt(request, { ...plan, fetch: async () => response }, false);
            }
            targets.set(response, target);
            return response;
          }
        } catch (error) {
          if (request.signal.aborted) throw request.signal.reason ?? error; // the caller's abort: never retried
          const ms = Math.round(performance.now() - started);
          const failure =
            error instanceof TimeoutSignal
              ? new LiteMailTimeoutError(plan.timeoutMs, target, { cause: error.cause })
              : new LiteMailConnectionError(`connection failed (${describe(error)})`, target, { cause: error });
          log?.debug(`litemail ${target.method} ${target.path} -> ${failure.name} (attempt ${n}/${attempts}, ${ms} ms)`);
          if (last) throw failure;
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
