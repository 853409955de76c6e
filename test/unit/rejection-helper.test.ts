// The shared rejectionOf helper must not turn a resolved promise into a "rejection" (the bug of a
// helper that throws its own failure inside the `try` it catches from).
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../support/rejection.js';

describe('rejectionOf', () => {
  it('gives the rejection reason of a rejected promise', async () => {
    const reason = new RangeError('nope');
    expect(await rejectionOf(Promise.reject(reason))).toBe(reason);
  });

  it('fails when the promise resolves', async () => {
    await expect(rejectionOf(Promise.resolve({ ok: true }))).rejects.toThrow('expected a rejection, got {"ok":true}');
  });
});
