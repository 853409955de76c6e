// The client's limiter: one per client, shared by all its calls. It composes the slot queue (how
// many in flight, who is next) with the pacer (when the next may start) on a Clock, and is the only
// part that arms timers. It owns the permits the transport holds for an attempt; it does not know
// about requests, retries or responses beyond a status and a Retry-After.
import { rateLimitGuess } from '../facts.js';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { ResolvedRateLimit } from '../options.js';
import { createPacer, type PaceChange } from './pacer.js';
import { createSlotQueue } from './slot-queue.js';

export interface Permit {
  /**
   * The attempt this permit started got an HTTP answer: a 429 (with Retry-After in ms, if any)
   * slows or pauses the client, once per "generation" (429s of requests sent before the last
   * slow-down say nothing new); a 2xx recovers the pace. Other statuses: no effect. Call at most once.
   */
  answered(status: number, retryAfterMs: number | undefined): void;
  /** Gives the slot back. Idempotent: a second call does nothing. */
  release(): void;
}

export interface Limiter {
  /** A permit now when a slot is free, nobody waits and the pace allows it; undefined otherwise (then `wait`). */
  tryAcquire(): Permit | undefined;
  /** A permit in order of arrival; rejects at once with `signal.reason` when the signal aborts. */
  wait(signal?: AbortSignal): Promise<Permit>;
  readonly waiting: number;
  readonly inFlight: number;
}

/** Milliseconds between starts for a per-second and a per-minute rate (0: neither). */
function spacingOf(perSecond: number | undefined, perMinute: number | undefined): number {
  return Math.max(perSecond ? 1000 / perSecond : 0, perMinute ? 60_000 / perMinute : 0);
}

export function createLimiter(options: ResolvedRateLimit, clock: Clock = systemClock, log?: Logger): Limiter {
  const queue = createSlotQueue<Permit>(options.maxConcurrent);
  const pacer = createPacer({
    minGap: spacingOf(options.requestsPerSecond, options.requestsPerMinute),
    guessGap: spacingOf(rateLimitGuess.requestsPerSecond, rateLimitGuess.requestsPerMinute),
  });
  let timer: unknown;

  /** The time, read only when the pacer needs it (never while unpaced: idle calls pay no clock read). */
  const nowIfTimed = () => (pacer.timed ? clock.now() : 0);

  function permit(now: number): Permit {
    const generation = pacer.start(now);
    let held = true;
    return {
      answered(status, retryAfterMs) {
        const change = pacer.answered(generation, status, retryAfterMs, clock.now());
        if (change) log?.debug(describe(change));
      },
      release() {
        if (!held) return;
        held = false;
        queue.release();
        if (timer === undefined) pump();
      },
    };
  }

  function arm(delay: number) {
    timer ??= clock.setTimeout(() => {
      timer = undefined;
      pump();
    }, delay);
  }

  /** Admits waiters, oldest first, while slots are free and the pace allows; else arms the timer. */
  function pump() {
    while (queue.ready) {
      const now = nowIfTimed();
      const delay = pacer.delay(now);
      if (delay > 0) return arm(delay);
      queue.admit(permit(now));
    }
  }

  return {
    tryAcquire() {
      if (!queue.open) return undefined;
      const now = nowIfTimed();
      if (pacer.delay(now) > 0) return undefined;
      queue.take();
      return permit(now);
    },
    wait(signal) {
      const waiting = queue.join(signal);
      // A free slot means the pace holds this call back: the timer admits it when its time comes,
      // never this synchronous code. A caller issuing a thousand calls in one loop blocks the
      // event loop meanwhile, and starts granted inside that loop would all leave at its end, in
      // one burst (the stray 429s of the rate-limited benchmark).
      if (queue.ready) arm(pacer.delay(nowIfTimed()));
      return waiting;
    },
    get waiting() {
      return queue.waiting;
    },
    get inFlight() {
      return queue.held;
    },
  };
}

function describe(change: PaceChange): string {
  if ('recoveredTo' in change) return `litemail rate limit recovered: back to ${rateOf(change.recoveredTo)}`;
  const pause = change.pausedFor === undefined ? '' : `, pausing ${Math.round(change.pausedFor)} ms as Retry-After asks`;
  return `litemail rate limited (429): slowing to ${rateOf(change.slowedTo)}${pause}`;
}

function rateOf(gapMs: number): string {
  if (gapMs === 0) return 'no pacing';
  const perSecond = 1000 / gapMs;
  return perSecond >= 1 ? `${+perSecond.toFixed(2)} requests/s` : `${+(perSecond * 60).toFixed(2)} requests/min`;
}
