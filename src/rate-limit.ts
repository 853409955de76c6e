// The client's pacing, shared by every call of one client: at most `maxConcurrent` requests in
// flight, optionally evenly spaced to `requestsPerSecond` / `requestsPerMinute`, handed out in order
// of arrival. A 429 slows the whole client down (and Retry-After pauses it); successes bring it back
// to the configured pace, never beyond it. Idle, a call takes its slot synchronously: no promise,
// no timer, no clock read.
import { rateLimitGuess } from './facts.js';
import { LiteMailError } from './errors.js';
import type { Clock } from './clock.js';
import type { Logger } from './log.js';

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
/**
 * Starts delayed by the timer or a stalled event loop keep their places in the schedule for up to
 * this long (whole spacings only, so none below 10 requests/s): a stall does not slow the pace
 * below the configured rate. The catch-up that follows runs at twice the pace at most and holds at
 * most a tenth of a second's worth of requests, which a gateway's bucket absorbs.
 */
const CATCH_UP_MS = 100;
/** Each success after a slow-down closes this share of the gap back to the configured spacing. */
const RECOVERY = 0.02;

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

/** Milliseconds between starts for a per-second and a per-minute cap (0: no cap). */
function spacingOf(perSecond: number | undefined, perMinute: number | undefined): number {
  return Math.max(perSecond ? 1000 / perSecond : 0, perMinute ? 60_000 / perMinute : 0);
}

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

class SlotPacer {
  /** Requests holding a slot. */
  inFlight = 0;
  /** Bumped by every slow-down: a 429 to a request sent before the last one does not slow down again. */
  generation = 0;
  private readonly queue: Waiter[] = [];
  private readonly maxConcurrent: number;
  /** The configured spacing between starts (ms); the current spacing never goes below it. */
  private readonly minGap: number;
  private gap: number;
  /** Earliest time (performance.now()) the next request may start; 0 when there is no pacing. */
  private nextStart = 0;
  /** Where the next start is in the even schedule (it may be behind `nextStart` while catching up). */
  private scheduled = 0;
  /** Starts since the last slow-down, and when the first of them was: the pace a 429 answered. */
  private started = 0;
  private firstStartAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    options: ResolvedRateLimit,
    readonly log: Logger | undefined,
  ) {
    this.maxConcurrent = options.maxConcurrent;
    this.minGap = this.gap = spacingOf(options.requestsPerSecond, options.requestsPerMinute);
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Takes a slot now if one is free and nobody is waiting; false otherwise (then `wait`). */
  take(): boolean {
    if (this.queue.length > 0 || this.inFlight >= this.maxConcurrent) return false;
    if (this.nextStart === 0 && this.gap === 0) {
      this.inFlight++;
      if (this.started++ === 0) this.firstStartAt = performance.now();
      return true;
    }
    const now = performance.now();
    if (now < this.nextStart) return false;
    this.start(now);
    return true;
  }

  /** Waits for a slot, in order of arrival; rejects at once with the signal's reason when it aborts. */
  wait(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          // Leaving the queue frees the place: the calls behind move up.
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(signal!.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Gives a slot back. */
  release(): void {
    this.inFlight--;
    if (this.queue.length > 0) this.pump();
  }

  /**
   * A request sent in `generation` was answered 429. Pauses every start for `retryAfterMs` when the
   * server said so, and halves the pace, once per generation: the 429s of requests already in
   * flight say nothing new. Unpaced, half the pace is half the rate of the starts since the last
   * slow-down; with fewer than two of them to go by, the spec's recorded guess at the limit.
   */
  rateLimited(generation: number, retryAfterMs: number | undefined): void {
    const now = performance.now();
    if (retryAfterMs !== undefined) this.nextStart = this.scheduled = Math.max(this.nextStart, now + retryAfterMs);
    if (generation !== this.generation) return;
    this.generation++;
    const elapsed = now - this.firstStartAt;
    const halfObserved = this.started > 1 && elapsed > 0 ? (2 * elapsed) / this.started : 0;
    const guess = spacingOf(rateLimitGuess.requestsPerSecond, rateLimitGuess.requestsPerMinute);
    this.gap = Math.max(this.minGap, this.gap > 0 ? this.gap * 2 : halfObserved || guess);
    this.started = 0;
    // Without a Retry-After, the next start waits one (new) spacing; with one, the server's wait rules.
    if (retryAfterMs === undefined) this.nextStart = this.scheduled = Math.max(this.nextStart, now + this.gap);
    this.log?.debug(
      `litemail rate limited (429): slowing to ${fmtRate(this.gap)}${retryAfterMs !== undefined ? `, pausing ${Math.round(retryAfterMs)} ms as Retry-After asks` : ''}`,
    );
  }

  /** A request succeeded: after a slow-down, move the spacing back towards the configured one. */
  succeeded(): void {
    if (this.gap === this.minGap) return;
    this.gap -= (this.gap - this.minGap) * RECOVERY;
    if (this.gap - this.minGap < 0.05) {
      this.gap = this.minGap;
      this.log?.debug(`litemail rate limit recovered: back to ${this.minGap ? fmtRate(this.minGap) : 'no pacing'}`);
    }
  }

  private start(now: number): void {
    this.inFlight++;
    if (this.started++ === 0) this.firstStartAt = now;
    if (this.gap === 0) {
      if (now >= this.nextStart) this.nextStart = 0; // a Retry-After pause is over: back to the fast path
      return;
    }
    // Spaced from the scheduled start, not the actual one, so lateness does not add up; a start
    // much later than scheduled (an idle client) does not bank credit for a burst.
    const late = now - this.scheduled;
    const tolerance = this.gap * Math.floor(CATCH_UP_MS / this.gap);
    this.scheduled = (late <= tolerance ? this.scheduled : now) + this.gap;
    // Catching up goes at twice the pace at most, not in one burst.
    this.nextStart = Math.max(this.scheduled, now + this.gap / 2);
  }

  /** Starts waiting calls, oldest first, while slots are free and the pace allows. */
  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxConcurrent) {
      const now = performance.now();
      if (now < this.nextStart) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, this.nextStart - now);
        return;
      }
      const waiter = this.queue.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.start(now);
      waiter.resolve();
    }
  }
}

function fmtRate(gapMs: number): string {
  const perSecond = 1000 / gapMs;
  return perSecond >= 1 ? `${+perSecond.toFixed(2)} requests/s` : `${+(perSecond * 60).toFixed(2)} requests/min`;
}

/** A slot of the limiter, held by one attempt. */
export interface Permit {
  /** The attempt got an HTTP answer: a 429 (with Retry-After in ms, if any) slows or pauses the client; a 2xx recovers the pace. */
  answered(status: number, retryAfterMs: number | undefined): void;
  /** Gives the slot back. A second call does nothing. */
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

export function createLimiter(options: ResolvedRateLimit, _clock: Clock, log: Logger | undefined): Limiter {
  const limiter = new SlotPacer(options, log);
  const permit = (): Permit => {
    const generation = limiter.generation;
    let held = true;
    return {
      answered(status, retryAfterMs) {
        if (status === 429) limiter.rateLimited(generation, retryAfterMs);
        else if (status >= 200 && status < 300) limiter.succeeded();
      },
      release() {
        if (held) limiter.release();
        held = false;
      },
    };
  };
  return {
    tryAcquire: () => (limiter.take() ? permit() : undefined),
    wait: (signal) => limiter.wait(signal).then(permit),
    get waiting() {
      return limiter.waiting;
    },
    get inFlight() {
      return limiter.inFlight;
    },
  };
}
