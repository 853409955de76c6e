// The limiter (src/limiter/limiter.ts) on a fake clock: the slot queue and the pacer composed,
// timers armed only here. Exact start times, worked out by hand from the rules in
// src/limiter/pacer.ts (even spacing, 100 ms of catch-up at twice the pace, the spec's guess of
// 200/min = 300 ms after a first refusal), and the debug lines a user sees.
import { describe, expect, it } from 'vitest';
import { createLimiter, type Limiter, type Permit } from '../../src/limiter/limiter.js';
import type { ResolvedRateLimit } from '../../src/options.js';
import { ManualClock as FakeClock } from '../support/clock.js';

function setup(options: Partial<ResolvedRateLimit> = {}) {
  const clock = new FakeClock(0);
  const lines: string[] = [];
  const limiter = createLimiter({ maxConcurrent: 16, ...options }, clock, { debug: (line) => lines.push(line) });
  return { clock, lines, limiter };
}

/** Queues `count` waiters; `times` gets the clock's time as each is admitted, in admission order. */
function queue(limiter: Limiter, clock: FakeClock, count: number) {
  const times: number[] = [];
  const permits: Permit[] = [];
  for (let i = 0; i < count; i++) {
    void limiter.wait().then((permit) => {
      times.push(clock.t);
      permits.push(permit);
    });
  }
  return { times, permits };
}

/** A permit as a call gets one: at once if it may, else by waiting while the clock runs. */
async function acquire(limiter: Limiter, clock: FakeClock): Promise<{ permit: Permit; at: number }> {
  const now = limiter.tryAcquire();
  if (now) return { permit: now, at: clock.t };
  let got: { permit: Permit; at: number } | undefined;
  void limiter.wait().then((permit) => (got = { permit, at: clock.t }));
  while (!got) await clock.advance(1);
  return got;
}

describe('slots', () => {
  it('idle: a permit at once, with no promise, no timer and no clock read', () => {
    const { clock, limiter } = setup();
    const permit = limiter.tryAcquire();
    expect(permit).toBeDefined();
    expect(permit).not.toBeInstanceOf(Promise);
    expect(limiter.inFlight).toBe(1);
    permit!.release();
    expect(clock.reads).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('at most maxConcurrent; the waiters get the slots back in order of arrival', async () => {
    const { clock, limiter } = setup({ maxConcurrent: 2 });
    const held = [limiter.tryAcquire()!, limiter.tryAcquire()!];
    expect(limiter.tryAcquire()).toBeUndefined();
    const order: string[] = [];
    const waiters = ['a', 'b', 'c'].map((name) => limiter.wait().then((permit) => (order.push(name), permit)));
    expect([limiter.waiting, limiter.inFlight]).toEqual([3, 2]);
    held[0]!.release();
    await clock.advance(0);
    expect(order).toEqual(['a']);
    held[1]!.release();
    (await waiters[0]!).release();
    await clock.advance(0);
    expect(order).toEqual(['a', 'b', 'c']);
    expect([limiter.waiting, limiter.inFlight]).toEqual([0, 2]);
  });

  it('a newcomer does not overtake a waiter', async () => {
    const { clock, limiter } = setup({ maxConcurrent: 1 });
    const first = limiter.tryAcquire()!;
    const { times } = queue(limiter, clock, 1);
    first.release(); // the slot goes to the waiter, not to the next tryAcquire
    expect(limiter.tryAcquire()).toBeUndefined();
    await clock.advance(0);
    expect(times).toEqual([0]);
  });

  it('release is idempotent: a second call frees nothing', () => {
    const { limiter } = setup({ maxConcurrent: 1 });
    const permit = limiter.tryAcquire()!;
    permit.release();
    permit.release();
    expect(limiter.tryAcquire()).toBeDefined();
    expect(limiter.tryAcquire()).toBeUndefined();
  });

  it('an abort while waiting rejects at once with its reason; the waiter behind moves up', async () => {
    const { clock, limiter } = setup({ maxConcurrent: 1 });
    const first = limiter.tryAcquire()!;
    const abort = new AbortController();
    const gaveUp = limiter.wait(abort.signal);
    const { times } = queue(limiter, clock, 1);
    const reason = new Error('user gave up');
    abort.abort(reason);
    await expect(gaveUp).rejects.toBe(reason);
    expect(limiter.waiting).toBe(1);
    first.release();
    await clock.advance(0);
    expect(times).toEqual([0]);
  });
});

describe('pacing', () => {
  it('requestsPerSecond 20: one start per 50 ms, in order', async () => {
    const { clock, limiter } = setup({ requestsPerSecond: 20 });
    expect(limiter.tryAcquire()).toBeDefined();
    expect(limiter.tryAcquire()).toBeUndefined();
    const { times } = queue(limiter, clock, 7);
    await clock.advance(1000);
    expect(times).toEqual([50, 100, 150, 200, 250, 300, 350]);
  });

  it('requestsPerMinute 600 with requestsPerSecond 50: the stricter (100 ms) spaces them', async () => {
    const { clock, limiter } = setup({ requestsPerSecond: 50, requestsPerMinute: 600 });
    limiter.tryAcquire();
    const { times } = queue(limiter, clock, 3);
    await clock.advance(1000);
    expect(times).toEqual([100, 200, 300]);
  });

  it('a stalled event loop keeps its catch-up credit: 25 ms apart until back on schedule', async () => {
    const { clock, limiter } = setup({ requestsPerSecond: 20 });
    limiter.tryAcquire();
    const { times } = queue(limiter, clock, 7);
    await clock.advance(100); // starts at 50 and 100; the next is due at 150
    clock.stall(90); // the loop is blocked until 190
    await clock.advance(1000);
    // 190: 40 ms late, scheduled 200, next max(200, 215); 215: next max(250, 240); then 250, 300 …
    expect(times).toEqual([50, 100, 190, 215, 250, 300, 350]);
  });

  it('calls queued during a synchronous stretch are started by the timer, not as they queue', async () => {
    const { clock, limiter } = setup({ requestsPerSecond: 20 });
    limiter.tryAcquire();
    // A caller's loop issues 10 calls 12 ms apart without yielding (a Promise.all over many calls):
    // starts granted inside it would all leave together when it ends.
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      clock.stall(12);
      const permit = limiter.tryAcquire();
      if (permit) times.push(clock.t);
      else void limiter.wait().then(() => times.push(clock.t));
    }
    expect(limiter.inFlight).toBe(1);
    await clock.advance(1000);
    // The timer (due at 50) runs at 120: 70 ms late → scheduled 100, next max(100, 145); 145 →
    // next max(150, 170); 170 → next max(200, 195) = 200; then every 50 ms.
    expect(times).toEqual([120, 145, 170, 200, 250, 300, 350, 400, 450, 500]);
  });
});

describe('429', () => {
  it("a first call's 429 with Retry-After pauses everyone, then paces at the spec's guess (200/min)", async () => {
    const { clock, lines, limiter } = setup();
    const permit = limiter.tryAcquire()!;
    await clock.advance(20);
    permit.answered(429, 1000);
    permit.release();
    expect(limiter.tryAcquire()).toBeUndefined();
    const { times } = queue(limiter, clock, 3);
    await clock.advance(2000);
    expect(times).toEqual([1020, 1320, 1620]);
    expect(lines).toEqual(['litemail rate limited (429): slowing to 3.33 requests/s, pausing 1000 ms as Retry-After asks']);
  });

  it('without Retry-After: the guess, one spacing after the refusal', async () => {
    const { clock, lines, limiter } = setup();
    const permit = limiter.tryAcquire()!;
    await clock.advance(20);
    permit.answered(429, undefined);
    permit.release();
    const { times } = queue(limiter, clock, 3);
    await clock.advance(2000);
    expect(times).toEqual([320, 620, 920]);
    expect(lines).toEqual(['litemail rate limited (429): slowing to 3.33 requests/s']);
  });

  it('a burst answered 429 together slows down once, not once per refusal', async () => {
    const { clock, lines, limiter } = setup();
    const permits = Array.from({ length: 8 }, () => limiter.tryAcquire()!);
    await clock.advance(20);
    for (const permit of permits) {
      permit.answered(429, undefined);
      permit.release();
    }
    expect(lines).toEqual(['litemail rate limited (429): slowing to 3.33 requests/s']);
  });

  it('the pace changes before the slot is given back: the waiter goes at the new pace', async () => {
    const { clock, limiter } = setup({ maxConcurrent: 1, requestsPerSecond: 100 });
    const permit = limiter.tryAcquire()!;
    const { times } = queue(limiter, clock, 1);
    await clock.advance(10);
    permit.answered(429, undefined); // nothing measured: half the pace, 20 ms from now
    permit.release();
    await clock.advance(100);
    expect(times).toEqual([30]);
  });

  it('configured 200/s: a 429 halves the pace, successes bring it back to 200/s, never faster', async () => {
    const { clock, lines, limiter } = setup({ requestsPerSecond: 200 });
    const first = limiter.tryAcquire()!;
    await clock.advance(1);
    first.answered(429, undefined);
    first.release();
    const starts: number[] = [];
    for (let i = 0; i < 1500; i++) {
      const { permit, at } = await acquire(limiter, clock);
      starts.push(at);
      permit.answered(200, undefined);
      permit.release();
    }
    expect(lines).toEqual(['litemail rate limited (429): slowing to 100 requests/s', 'litemail rate limit recovered: back to 200 requests/s']);
    expect(starts[0]).toBe(11); // one doubled spacing after the refusal at 1
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps.slice(-100).every((gap) => gap === 5)).toBe(true);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5);
  });
});
