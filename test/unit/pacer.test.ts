// The pacer as pure arithmetic (src/limiter/pacer.ts): times go in, start times and spacings come
// out, with no clock and no timers. Every expected number is worked out by hand in the comment
// beside it from the rules in the module's header: the even schedule with its 100 ms catch-up at
// twice the pace, the slow-down to 0.9 × the rate accepted over the last second (at least 10 %
// below the refused pace; half the pace, or the 300 ms guess, with nothing measured), the growth
// of 10 %/s (+10 %/s per 2 s of successes) and the Retry-After pause only when nothing was accepted.
import { describe, expect, it } from 'vitest';
import { createPacer, type Pacer } from '../../src/limiter/pacer.js';

const GUESS = 300; // what the limiter passes: the spec's 200/min

/** Starts `count` requests, the first at `first`, each following one as soon as the pacer allows. */
function follow(pacer: Pacer, first: number, count: number): number[] {
  const times: number[] = [];
  for (let t = first; times.length < count; t += pacer.delay(t)) {
    pacer.start(t);
    times.push(t);
  }
  return times;
}

/** Answers 2xx for `generation` at each of the times. */
function accept(pacer: Pacer, times: number[], generation = pacer.generation) {
  for (const t of times) pacer.answered(generation, 200, undefined, t);
}
const every = (from: number, step: number, count: number) => Array.from({ length: count }, (_, i) => from + i * step);

describe('the even schedule', () => {
  it('a configured 20/s: the first start at once, then one per 50 ms', () => {
    const pacer = createPacer({ minGap: 50, guessGap: GUESS });
    expect(pacer.timed).toBe(true);
    expect(pacer.delay(1000)).toBe(0);
    expect(follow(pacer, 1000, 5)).toEqual([1000, 1050, 1100, 1150, 1200]);
    expect(pacer.delay(1200)).toBe(50);
  });

  it('a start 90 ms late keeps its place: the catch-up runs at 25 ms until the schedule is met again', () => {
    const pacer = createPacer({ minGap: 50, guessGap: GUESS });
    follow(pacer, 1000, 4); // 1000 … 1150; the next is due at 1200
    // 1290: 90 ms late (≤ 100) → scheduled 1250, next max(1250, 1290 + 25) = 1315; 1315 → 1300 / 1340;
    // 1340 → 1350 / 1365; 1365 → 1400 / max(1400, 1390) = 1400; then on time again.
    expect(follow(pacer, 1290, 6)).toEqual([1290, 1315, 1340, 1365, 1400, 1450]);
  });

  it('a start 110 ms late starts a new schedule: no burst for time not used', () => {
    const pacer = createPacer({ minGap: 50, guessGap: GUESS });
    follow(pacer, 1000, 4);
    expect(follow(pacer, 1310, 3)).toEqual([1310, 1360, 1410]);
  });

  it('only whole spacings count: at 30 ms a start may be 90 ms late, not 95', () => {
    const late90 = createPacer({ minGap: 30, guessGap: GUESS });
    follow(late90, 1000, 3); // 1000, 1030, 1060; next due 1090
    expect(follow(late90, 1180, 2)).toEqual([1180, 1195]); // scheduled 1120, next max(1120, 1195)
    const late95 = createPacer({ minGap: 30, guessGap: GUESS });
    follow(late95, 1000, 3);
    expect(follow(late95, 1185, 2)).toEqual([1185, 1215]);
  });

  it('below 10/s there is no catch-up at all', () => {
    const pacer = createPacer({ minGap: 150, guessGap: GUESS });
    follow(pacer, 1000, 2); // next due 1300
    expect(follow(pacer, 1310, 2)).toEqual([1310, 1460]);
  });

  it('unpaced: no time needed, nothing to wait for', () => {
    const pacer = createPacer({ minGap: 0, guessGap: GUESS });
    expect(pacer.timed).toBe(false);
    expect(pacer.start(0)).toBe(0);
    expect(pacer.start(0)).toBe(0);
    expect(pacer.delay(0)).toBe(0);
    expect(pacer.timed).toBe(false);
  });
});

describe('slowing down on 429', () => {
  it('unpaced, a first call refused: the guess (300 ms), from one spacing after the refusal', () => {
    const pacer = createPacer({ minGap: 0, guessGap: GUESS });
    pacer.start(0);
    expect(pacer.answered(0, 429, undefined, 5000)).toEqual({ slowedTo: 300, pausedFor: undefined });
    expect(pacer.generation).toBe(1);
    expect(pacer.timed).toBe(true);
    expect(pacer.delay(5000)).toBe(300);
    expect(follow(pacer, 5300, 3)).toEqual([5300, 5600, 5900]);
  });

  it('the same with Retry-After: everyone pauses for it, then the guess', () => {
    const pacer = createPacer({ minGap: 0, guessGap: GUESS });
    pacer.start(0);
    expect(pacer.answered(0, 429, 1000, 5000)).toEqual({ slowedTo: 300, pausedFor: 1000 });
    expect(pacer.delay(5000)).toBe(1000);
    expect(follow(pacer, 6000, 3)).toEqual([6000, 6300, 6600]);
  });

  it('a configured pace refused with nothing measured: half the pace', () => {
    const pacer = createPacer({ minGap: 5, guessGap: GUESS });
    expect(pacer.answered(0, 429, undefined, 1000)).toEqual({ slowedTo: 10, pausedFor: undefined });
  });

  it('to 0.9 × the rate accepted over the last second: ten 2xx in it → 9/s', () => {
    const pacer = createPacer({ minGap: 0, guessGap: GUESS });
    accept(pacer, every(1000, 100, 10)); // 1000 … 1900
    const change = pacer.answered(0, 429, 1000, 2000);
    // 10 accepted in the second before 2000: 0.01/ms × 0.9 = 0.009/ms → 111.1 ms. Some were
    // accepted, so the Retry-After is the refused request's alone: no pause.
    expect(change).toEqual({ slowedTo: expect.closeTo(1000 / 9, 9), pausedFor: undefined });
    expect(pacer.delay(2000)).toBeCloseTo(1000 / 9, 9);
  });

  it('only the last second counts: a fast second before it is forgotten', () => {
    const pacer = createPacer({ minGap: 0, guessGap: GUESS });
    accept(pacer, every(1000, 10, 100)); // 100/s in [1000, 2000)
    accept(pacer, every(2000, 100, 10)); // 10/s in [2000, 3000)
    expect(pacer.answered(0, 429, undefined, 3000)).toEqual({ slowedTo: expect.closeTo(1000 / 9, 9), pausedFor: undefined });
  });

  it('half a second into a window, half of the one before still counts', () => {
    const pacer = createPacer({ minGap: 0, guessGap: GUESS });
    accept(pacer, every(2000, 100, 10)); // [2000, 3000): 10
    accept(pacer, every(3000, 50, 10)); // [3000, 3500): 10
    // At 3500: 10 × (1 − 500/1000) + 10 = 15 in the last second → 0.9 × 15/s = 13.5/s.
    expect(pacer.answered(0, 429, undefined, 3500)).toEqual({ slowedTo: expect.closeTo(1000 / 13.5, 9), pausedFor: undefined });
  });

  it('at least 10 % below the refused pace, even when more was accepted', () => {
    const pacer = createPacer({ minGap: 5, guessGap: GUESS });
    accept(pacer, every(1000, 4, 250)); // 250/s accepted, yet the 200/s pace was refused
    expect(pacer.answered(0, 429, undefined, 2000)).toEqual({ slowedTo: expect.closeTo(1000 / 180, 9), pausedFor: undefined });
  });

  it('once per generation: the 429s of requests started before the slow-down change nothing', () => {
    const pacer = createPacer({ minGap: 0, guessGap: GUESS });
    const generation = pacer.start(0);
    expect(pacer.answered(generation, 429, undefined, 1000)).toEqual({ slowedTo: 300, pausedFor: undefined });
    for (const t of [1001, 1002, 1003]) expect(pacer.answered(generation, 429, 1000, t)).toBeUndefined();
    expect(pacer.spacing).toBe(300);
    expect(pacer.delay(1003)).toBe(297);
    // A request started after the slow-down is the next generation: its 429 slows down again.
    expect(pacer.start(1300)).toBe(1);
    expect(pacer.answered(1, 429, undefined, 1400)).toEqual({ slowedTo: 600, pausedFor: undefined });
  });

  it('statuses other than 2xx and 429 change nothing', () => {
    const pacer = createPacer({ minGap: 10, guessGap: GUESS });
    for (const status of [301, 400, 404, 500, 503]) expect(pacer.answered(0, status, 1000, 1000)).toBeUndefined();
    expect(pacer.generation).toBe(0);
    expect(pacer.spacing).toBe(10);
  });
});

describe('Retry-After', () => {
  it('pauses everyone when nothing was accepted in the last second (or ever)', () => {
    const pacer = createPacer({ minGap: 10, guessGap: GUESS });
    expect(pacer.answered(0, 429, 2000, 1000)).toEqual({ slowedTo: 20, pausedFor: 2000 });
    expect(pacer.delay(1000)).toBe(2000);
    expect(pacer.start(3000)).toBe(1);
    // Still nothing accepted: the server is closed, pause again (and halve again).
    expect(pacer.answered(1, 429, 1000, 3100)).toEqual({ slowedTo: 40, pausedFor: 1000 });
    expect(pacer.delay(3100)).toBe(1000);
  });

  it('does not pause everyone while the server still accepts: the slow-down is the answer', () => {
    const pacer = createPacer({ minGap: 10, guessGap: GUESS });
    accept(pacer, [1000]);
    // One 2xx in the 500 ms since the first: 0.002/ms × 0.9 → 555.6 ms, from now.
    expect(pacer.answered(0, 429, 1000, 1500)).toEqual({ slowedTo: expect.closeTo(1000 / 1.8, 9), pausedFor: undefined });
    expect(pacer.delay(1500)).toBeCloseTo(1000 / 1.8, 9);
    pacer.start(2100);
    // At 3100 the window of the 2xx (from 1000) is two windows back: nothing accepted in the last
    // second, so this refusal pauses everyone and halves the pace.
    expect(pacer.answered(1, 429, 1000, 3100)).toEqual({ slowedTo: expect.closeTo(1000 / 0.9, 9), pausedFor: 1000 });
  });
});

describe('recovery', () => {
  /** A pacer configured at 10 ms, slowed to 20 ms by a refusal at 1000 with nothing measured. */
  function slowed() {
    const pacer = createPacer({ minGap: 10, guessGap: GUESS });
    pacer.answered(0, 429, undefined, 1000);
    return pacer;
  }

  it('grows 10 %/s at first, and faster the longer the pace holds', () => {
    const pacer = slowed();
    // 100 ms after the slow-down: 0.1 × (1 + 100/2000) × 0.1 s = 1.05 % → 20 / 1.0105.
    expect(pacer.answered(1, 200, undefined, 1100)).toBeUndefined();
    expect(pacer.spacing).toBeCloseTo(20 / 1.0105, 9);
    // 100 ms later, 200 ms of successes: 0.1 × 1.1 × 0.1 = 1.1 %.
    pacer.answered(1, 200, undefined, 1200);
    expect(pacer.spacing).toBeCloseTo(20 / 1.0105 / 1.011, 9);
  });

  it('a 2xx to a request started before the slow-down does not recover', () => {
    const pacer = slowed();
    pacer.answered(0, 200, undefined, 1100);
    expect(pacer.spacing).toBe(20);
  });

  it('an idle spell counts one second at most', () => {
    const pacer = slowed();
    // 8 s after the slow-down, but 1000 ms counted: 0.1 × (1 + 1000/2000) × 1 s = 15 %.
    pacer.answered(1, 200, undefined, 9000);
    expect(pacer.spacing).toBeCloseTo(20 / 1.15, 9);
  });

  it('back to the configured pace and never beyond it, said once', () => {
    const pacer = slowed();
    const changes = [];
    let previous = pacer.spacing;
    for (let t = 1100; t <= 9000; t += 100) {
      changes.push(pacer.answered(1, 200, undefined, t));
      expect(pacer.spacing).toBeLessThanOrEqual(previous);
      expect(pacer.spacing).toBeGreaterThanOrEqual(10);
      previous = pacer.spacing;
    }
    expect(pacer.spacing).toBe(10);
    expect(changes.filter(Boolean)).toEqual([{ recoveredTo: 10 }]);
  });

  it('without a configured pace, back to no pacing: starts need no time again', () => {
    const pacer = createPacer({ minGap: 0, guessGap: GUESS });
    pacer.answered(0, 429, undefined, 1000);
    const changes = [];
    for (let t = 2000; t <= 60_000; t += 1000) changes.push(pacer.answered(1, 200, undefined, t));
    expect(changes.filter(Boolean)).toEqual([{ recoveredTo: 0 }]);
    expect(pacer.spacing).toBe(0);
    pacer.start(60_000); // past the last scheduled start
    expect(pacer.timed).toBe(false);
  });
});
