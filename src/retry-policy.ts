// When to send a request again, and how long to wait first. Pure functions: the transport applies them.
import type { RouteFacts } from '../generated/routes.js';

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
export function mayResend(method: string, facts: RouteFacts | undefined, notPerformed = false): boolean {
  if (notPerformed) return true;
  if (facts?.billable) return false;
  if (SAFE_METHODS.has(method)) return true;
  return facts?.idempotent === true;
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

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date), or undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  // Only real HTTP dates (IMF-fixdate, RFC 850, asctime): Date.parse alone reads "-1" as a date.
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const HTTP_DATE =
  /^(?:[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

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
