// When to send a request again, and how long to wait first. Pure functions: the retry step
// (src/send/retry.ts) applies them.
import type { OperationFacts } from '../generated/operations.js';
import { LiteMailConnectionError } from './errors.js';

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
export const INITIAL_DELAY_MS = 500;
export const MAX_DELAY_MS = 8_000;
/** A `Retry-After` longer than this is not waited for: the response goes back to the caller. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether a request may be sent again after a failed attempt. When the server certainly did not act
 * on it (`notPerformed`: a 429, which refuses the request, or a connection refused before a byte
 * was sent) any operation may be. Otherwise the spec decides: an operation marked billable (it
 * moves money or creates billable things) is never repeated, whatever its method or the error, as
 * a 5xx, a timeout or a broken connection may come after the server acted; POST and PATCH are
 * repeated only when the spec marks them idempotent. A request that matches no operation of the
 * spec falls back to its method alone.
 */
export function mayResend(method: string, facts: OperationFacts | undefined, notPerformed = false): boolean {
  if (notPerformed) return true;
  if (facts?.billable) return false;
  if (SAFE_METHODS.has(method)) return true;
  return facts?.idempotent === true;
}

/**
 * Whether an error response is worth another attempt: a retryable status, a request that may be
 * sent again (a 429 refused it, so even a billable one may), and no `Retry-After` beyond what we
 * wait for (then the caller gets the response instead).
 */
export function retryResponse(method: string, facts: OperationFacts | undefined, status: number, retryAfterMs: number | undefined): boolean {
  return RETRYABLE_STATUSES.has(status) && mayResend(method, facts, status === 429) && (retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS;
}

/** Whether a failed attempt is worth another: a timeout or a broken connection, for a request that may be sent again. */
export function retryFailure(method: string, facts: OperationFacts | undefined, error: unknown): boolean {
  return error instanceof LiteMailConnectionError && mayResend(method, facts, refusedBeforeSending(error.cause));
}

/**
 * Whether a failed fetch proves the request never left: the connection was refused
 * (`ECONNREFUSED`, from undici's `cause.code`), so nothing was sent. A reset, a closed socket or a
 * timeout may come after the server received the request, and runtimes that give no code prove
 * nothing either.
 */
export function refusedBeforeSending(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: unknown } } | undefined)?.cause;
  // Connecting to a name with several addresses fails with an AggregateError: refused by every one.
  const errors = Array.isArray(cause?.errors) && cause.errors.length ? (cause.errors as { code?: unknown }[]) : [cause];
  return errors.every((e) => e?.code === 'ECONNREFUSED');
}

/**
 * Delay before retry number `retry` (0 for the first retry): the server's `Retry-After` when it gave
 * one, else exponential backoff from 0.5 s capped at 8 s, less up to 25 % jitter so that many
 * clients failing together do not retry in lockstep.
 */
export function retryDelayMs(retry: number, retryAfterMs: number | undefined, random = Math.random): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const exponential = Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS * 2 ** retry);
  return exponential * (1 - 0.25 * random());
}
