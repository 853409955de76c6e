// The `rateLimit` option: its shape, its default and its checking. What the limiter does with it is
// src/limiter/ (the slot queue, the pacer and the limiter that composes them).
import { LiteMailError } from './errors.js';

export interface RateLimitOptions {
  /** Requests in flight at once. Default 16. */
  maxConcurrent?: number;
  /** At most this many requests started per second (evenly spaced). Default: no cap. */
  requestsPerSecond?: number;
  /** At most this many requests started per minute (evenly spaced). Default: no cap. */
  requestsPerMinute?: number;
}

/**
 * Enough to keep a few dozen requests per second busy at a few hundred ms each, few enough that a
 * `Promise.all` over thousands of calls opens 16 connections, not thousands.
 */
export const DEFAULT_MAX_CONCURRENT = 16;

export type ResolvedRateLimit = RateLimitOptions & { maxConcurrent: number };

/** `rateLimit` as given, checked: `false` (no limiter) or the options with the default filled in. */
export function checkRateLimit(value: unknown): ResolvedRateLimit | false {
  if (value === false) return false;
  if (value === undefined) return { maxConcurrent: DEFAULT_MAX_CONCURRENT };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LiteMailError(`rateLimit must be false or an object { maxConcurrent, requestsPerSecond, requestsPerMinute }, got ${String(value)}`);
  }
  const options = value as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!['maxConcurrent', 'requestsPerSecond', 'requestsPerMinute'].includes(key)) {
      throw new LiteMailError(`rateLimit.${key} is not an option (expected maxConcurrent, requestsPerSecond or requestsPerMinute)`);
    }
  }
  const { maxConcurrent = DEFAULT_MAX_CONCURRENT, requestsPerSecond, requestsPerMinute } = options;
  if (!(Number.isInteger(maxConcurrent) && (maxConcurrent as number) >= 1)) {
    throw new LiteMailError(`rateLimit.maxConcurrent must be a whole number of at least 1, got ${String(maxConcurrent)}`);
  }
  for (const [name, rate] of [['requestsPerSecond', requestsPerSecond], ['requestsPerMinute', requestsPerMinute]] as const) {
    if (rate !== undefined && !(typeof rate === 'number' && Number.isFinite(rate) && rate > 0)) {
      throw new LiteMailError(`rateLimit.${name} must be a positive number, got ${String(rate)}`);
    }
  }
  return { maxConcurrent, requestsPerSecond, requestsPerMinute } as ResolvedRateLimit;
}
