// Unit tests of src/retry-policy.ts: Retry-After parsing, backoff bounds, and which operations of
// the spec may be sent more than once (checked for every operation in generated/operations.ts).
import { describe, expect, it } from 'vitest';
import { operationTable as operations, type OperationInfo } from '../../src/index.js';
import { operationFacts } from '../../generated/operations.js';
import { PINNED_BILLABLE, PINNED_IDEMPOTENT, expectedSends } from '../support/pinned-operations.js';
import {
  INITIAL_DELAY_MS,
  MAX_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  RETRYABLE_STATUSES,
  mayResend,
  refusedBeforeSending,
  retryDelayMs,
} from '../../src/retry-policy.js';
import { parseRetryAfter } from '../../src/retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 27, 12, 0, 0); // a whole second, so HTTP dates convert exactly

  it.each([
    ['0', 0],
    ['1', 1_000],
    ['30', 30_000],
    ['120', 120_000],
    ['1.5', 1_500],
    [' 2 ', 2_000],
  ])('delta-seconds %j -> %i ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it('an HTTP date (IMF-fixdate) in the future: the time until then', () => {
    expect(parseRetryAfter(new Date(now + 5_000).toUTCString(), now)).toBe(5_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:01:00 GMT', now)).toBe(60_000);
  });

  it('the obsolete RFC 850 date form is understood too', () => {
    expect(parseRetryAfter('Friday, 27-Nov-26 12:00:10 GMT', now)).toBe(10_000);
  });

  it('an HTTP date in the past: 0 (retry now)', () => {
    expect(parseRetryAfter(new Date(now - 10_000).toUTCString(), now)).toBe(0);
  });

  it('uses Date.now() when no clock is given', () => {
    const ms = parseRetryAfter(new Date(Date.now() + 10_000).toUTCString());
    expect(ms).toBeGreaterThan(8_000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });

  it.each([null, '', '   ', 'soon', 'abc', '1e3', '120abc', '0x10', 'Infinity', 'NaN'])('absent or garbage %j -> undefined', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  // V8's lenient Date.parse reads some garbage as a date in 2001 (in the past), which would turn
  // an invalid header into "retry immediately" instead of the normal backoff.
  it('invalid values that are neither delta-seconds nor an HTTP date -> undefined', () => {
    const parsed = Object.fromEntries(['-1', '+5', '1 2', 'Sat 1'].map((value) => [value, parseRetryAfter(value, now)]));
    expect(parsed).toEqual({ '-1': undefined, '+5': undefined, '1 2': undefined, 'Sat 1': undefined });
  });
});

describe('retryDelayMs', () => {
  const exponential = (n: number) => Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS * 2 ** n);

  it('starts at 0.5 s and caps at 8 s', () => {
    expect(INITIAL_DELAY_MS).toBe(500);
    expect(MAX_DELAY_MS).toBe(8_000);
  });

  it.each(Array.from({ length: 10 }, (_, n) => n))('retry %i: the delay is in [0.75, 1] x min(8000, 500 * 2^n)', (n) => {
    const top = exponential(n);
    expect(retryDelayMs(n, undefined, () => 0)).toBe(top);
    expect(retryDelayMs(n, undefined, () => 0.999_999)).toBeCloseTo(top * 0.75, 0);
    expect(retryDelayMs(n, undefined, () => 0.5)).toBe(top * 0.875);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(n, undefined);
      expect(delay).toBeGreaterThanOrEqual(0.75 * top);
      expect(delay).toBeLessThanOrEqual(top);
    }
  });

  it('grows: 500, 1000, 2000, 4000, 8000, 8000 (without jitter)', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => retryDelayMs(n, undefined, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it("the server's Retry-After wins over the backoff, as given", () => {
    expect(retryDelayMs(0, 0)).toBe(0);
    expect(retryDelayMs(0, 1_000)).toBe(1_000);
    expect(retryDelayMs(5, 250)).toBe(250);
    expect(retryDelayMs(1, MAX_RETRY_AFTER_MS)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('RETRYABLE_STATUSES', () => {
  it('are 408, 429, 500, 502, 503, 504 and nothing else', () => {
    expect([...RETRYABLE_STATUSES].sort()).toEqual([408, 429, 500, 502, 503, 504]);
    for (const status of [400, 401, 403, 404, 409, 422, 501, 505]) expect(RETRYABLE_STATUSES.has(status)).toBe(false);
  });

  it('Retry-After is waited for up to 60 s', () => {
    expect(MAX_RETRY_AFTER_MS).toBe(60_000);
  });
});

describe('mayResend, for every operation of the spec, against the hand-pinned lists', () => {
  it('the spec marks exactly the pinned operations billable, and exactly the pinned ones idempotent', () => {
    const ids = (pick: (o: OperationInfo) => boolean) => operations.filter(pick).map((o) => o.operationId).sort();
    expect(ids((o) => o.billable)).toEqual([...PINNED_BILLABLE].sort());
    expect(ids((o) => o.idempotent)).toEqual([...PINNED_IDEMPOTENT].sort());
  });

  it('the table of facts the client reads (generated/operations.ts operationFacts) says the same', () => {
    for (const o of operations) {
      const facts = operationFacts[`${o.method} ${o.path}`];
      expect(facts?.billable === true, `${o.operationId} billable`).toBe(PINNED_BILLABLE.includes(o.operationId));
      expect(facts?.idempotent === true, `${o.operationId} idempotent`).toBe(PINNED_IDEMPOTENT.includes(o.operationId));
    }
  });

  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))('%s', (_name, op: OperationInfo) => {
    const expected = expectedSends(op.operationId, op.method) === 2;
    expect(mayResend(op.method, operationFacts[`${op.method} ${op.path}`]), op.operationId).toBe(expected);
  });

  it('billable wins over idempotent, whatever the method', () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'POST', 'PATCH'] as const) {
      const op: OperationInfo = { operationId: 'x', method, path: '/x', tag: 'x', evidence: 'inferred', billable: true, idempotent: true };
      expect(mayResend(method, op)).toBe(false);
    }
  });

  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))(
    'not performed (a 429, a refused connection): %s may be re-sent, billable or not',
    (_name, op: OperationInfo) => {
      expect(mayResend(op.method, op, true)).toBe(true);
    },
  );

  it('performed or maybe performed (5xx, timeout, reset): a billable operation is never re-sent', () => {
    const billable = operations.filter((o) => o.billable);
    expect(billable.length).toBeGreaterThan(3);
    for (const op of billable) {
      expect(mayResend(op.method, op, false)).toBe(false);
      expect(mayResend(op.method, op)).toBe(false);
    }
  });

  it('a request matching no operation falls back to its method', () => {
    expect(mayResend('GET', undefined)).toBe(true);
    expect(mayResend('PUT', undefined)).toBe(true);
    expect(mayResend('DELETE', undefined)).toBe(true);
    expect(mayResend('POST', undefined)).toBe(false);
    expect(mayResend('PATCH', undefined)).toBe(false);
  });
});

describe('refusedBeforeSending', () => {
  /** fetch's TypeError as undici throws it, with the socket error as its cause. */
  const fetchFailed = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });
  const sysError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

  it('ECONNREFUSED: nothing was sent', () => {
    expect(refusedBeforeSending(fetchFailed(sysError('ECONNREFUSED')))).toBe(true);
  });

  it('every address of a name refused (AggregateError): nothing was sent', () => {
    const all = new AggregateError([sysError('ECONNREFUSED'), sysError('ECONNREFUSED')], 'connect failed');
    expect(refusedBeforeSending(fetchFailed(all))).toBe(true);
  });

  it.each(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'ENOTFOUND'])(
    '%s may come after the request left: not a refusal',
    (code) => {
      expect(refusedBeforeSending(fetchFailed(sysError(code)))).toBe(false);
    },
  );

  it('one address refused, another reset: not a refusal', () => {
    const mixed = new AggregateError([sysError('ECONNREFUSED'), sysError('ECONNRESET')], 'connect failed');
    expect(refusedBeforeSending(fetchFailed(mixed))).toBe(false);
  });

  it('no cause, no code (browsers), an abort, or not an error at all: not a refusal', () => {
    expect(refusedBeforeSending(new TypeError('Failed to fetch'))).toBe(false);
    expect(refusedBeforeSending(fetchFailed(new Error('other side closed')))).toBe(false);
    expect(refusedBeforeSending(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(refusedBeforeSending(undefined)).toBe(false);
    expect(refusedBeforeSending('ECONNREFUSED')).toBe(false);
  });
});
