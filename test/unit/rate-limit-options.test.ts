// The `rateLimit` option as checkRateLimit (src/rate-limit.ts) reads it: the default, and a
// LiteMailError naming what is wrong, raised when the client is created.
import { describe, expect, it } from 'vitest';
import { LiteMailError, createLiteMailClient } from '../../src/index.js';
import { checkRateLimit } from '../../src/options.js';

describe('rateLimit option checking', () => {
  it('absent: 16 in flight, no configured rate; false: no limiter', () => {
    expect(checkRateLimit(undefined)).toEqual({ maxConcurrent: 16 });
    expect(checkRateLimit(false)).toBe(false);
    expect(checkRateLimit({ requestsPerMinute: 200 })).toEqual({ maxConcurrent: 16, requestsPerSecond: undefined, requestsPerMinute: 200 });
  });

  it.each([
    [{ requestsPerSecond: 0 }, 'rateLimit.requestsPerSecond must be a positive number, got 0'],
    [{ requestsPerMinute: -5 }, 'rateLimit.requestsPerMinute must be a positive number, got -5'],
    [{ requestsPerSecond: Infinity }, 'rateLimit.requestsPerSecond must be a positive number, got Infinity'],
    [{ maxConcurrent: 0 }, 'rateLimit.maxConcurrent must be a whole number of at least 1, got 0'],
    [{ maxConcurrent: 2.5 }, 'rateLimit.maxConcurrent must be a whole number of at least 1, got 2.5'],
    [{ requestPerSecond: 5 }, 'rateLimit.requestPerSecond is not an option'],
    ['fast', 'rateLimit must be false or an object'],
    [true, 'rateLimit must be false or an object'],
  ])('%j: a LiteMailError naming it', (rateLimit, message) => {
    let error: unknown;
    try {
      createLiteMailClient({ apiKey: 'lm_test_rate_limit_0123456', baseUrl: 'http://127.0.0.1:9', rateLimit: rateLimit as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LiteMailError);
    expect((error as Error).message).toContain(message);
  });
});
