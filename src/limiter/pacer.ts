// The pace of a client's request starts, as arithmetic on the times it is given: when the next
// request may start, and what a start, a success and a 429 do to the spacing. No timers and no
// clock: the limiter (./limiter.ts) passes `now` in and arms the timers.
//
// Spacing. A paced client starts requests `gap` ms apart on an even schedule. A start that the
// timer or a stalled event loop delayed keeps its place in the schedule for up to CATCH_UP_MS
// (whole spacings only), so a stall does not slow the pace below the target; the catch-up runs at
// twice the pace at most. Unpaced (no rate configured, no 429 yet), starts need no time at all.
//
// Adaptation: a 429 says "too fast", and the server's limit is usually unknown (LiteMail
// publishes none), so the pace has to find it.
// - Slow-down, once per generation: the first 429 to a request started since the last slow-down
//   sets the rate to BACK_OFF × the rate the server accepted (2xx answers) over the last second,
//   and at least 10 % below the pace that was refused. A saturated server accepts exactly its
//   limit, so this lands just under it in one step, where TCP's halving would take several and
//   then spend seconds climbing back (the idea of TCP Westwood: back off to the measured delivery
//   rate). 429s of requests started before the slow-down say nothing new and are ignored. With no
//   2xx to measure (a first call refused): half the pace, or unpaced the spec's guess at the limit.
// - Recovery: each 2xx to a request started at the current pace grows the rate in proportion to
//   the time since the previous one (idle spells count one window at most): PROBE per second at
//   first, faster the longer the pace holds (the growth doubles every ACCELERATION_MS). Just under
//   the limit the first second is gentle: a gateway's bucket refills, then drains, and the next
//   429 comes seconds later. A slow-down that undershot (measured while the client itself was
//   slow) is left behind within a few seconds. Never beyond the configured rate; without one, a
//   spacing under UNPACED_GAP is no pacing at all again.
// - Retry-After: the refused request waits it (the transport's retry delay), so what the server
//   refused is not sent again before it asked. The whole client pauses for it only when the
//   server accepted nothing since the last slow-down (or ever): then it is closed (a quota window,
//   maintenance), not merely saturated, and more requests would only be refused. While it still
//   accepts some, the slow-down is the answer: pausing everyone for a Retry-After that gateways
//   round up to a whole second would idle the client far longer than the excess needs.

/** How long (ms) a delayed start keeps its place in the schedule. */
const CATCH_UP_MS = 100;
/** A slow-down keeps at most this share of the accepted rate and of the refused pace. */
const BACK_OFF = 0.9;
/** Growth of the rate per second of successes, right after a slow-down. */
const PROBE = 0.1;
/** The growth rate doubles every this many ms of successes after a slow-down. */
const ACCELERATION_MS = 2000;
/** The span over which the accepted rate is measured, and the most an idle spell counts for. */
const WINDOW_MS = 1000;
/** Without a configured rate, a spacing below this (20,000 requests/s) is no pacing. */
const UNPACED_GAP = 0.05;

export interface PacerSettings {
  /** The configured spacing (ms between starts), 0 for none: the pace never goes faster. */
  minGap: number;
  /** The spacing to start from after a 429 with nothing measured (the spec's guess at the limit). */
  guessGap: number;
}

/** What an answer changed, for the debug log: a new spacing (0: unpaced) and any pause. */
export type PaceChange = { slowedTo: number; pausedFor: number | undefined } | { recoveredTo: number };

export class Pacer {
  /** Bumped by every slow-down: answers to requests started before it say nothing new. */
  generation = 0;
  /** Spacing between starts (ms); 0: unpaced. */
  private gap: number;
  /** Earliest time the next request may start (also the end of a Retry-After pause); 0: any time. */
  private next = 0;
  /** Where the next start is in the even schedule (behind `next` while catching up). */
  private scheduled = 0;
  /** 2xx answers in the current WINDOW_MS, in the one before, and when the first came. */
  private window = { start: 0, count: 0, before: 0, first: -1 };
  /** The last slow-down (or pause end), and the 2xx answers since. */
  private since = 0;
  private acceptedSince = 0;
  /** Time with successes since the last slow-down, and when the last success came. */
  private busy = 0;
  private lastSuccess = 0;

  constructor(private readonly settings: PacerSettings) {
    this.gap = settings.minGap;
  }

  /** The current spacing between starts (ms); 0: unpaced. */
  get spacing(): number {
    return this.gap;
  }

  /** Whether starts need the time (pacing or a pause); unpaced, `start` and `delay` ignore it. */
  get timed(): boolean {
    return this.gap > 0 || this.next > 0;
  }

  /** Milliseconds until the next start may go (0: now). */
  delay(now: number): number {
    return Math.max(0, this.next - now);
  }

  /** A request starts (the caller checked `delay`). Returns its generation. */
  start(now: number): number {
    if (this.gap === 0) {
      if (now >= this.next) this.next = 0; // a pause is over: back to starts without the clock
      return this.generation;
    }
    // Spaced from the scheduled start, not the actual one, so lateness does not add up; a start
    // much later than scheduled (an idle client) banks no credit for a burst.
    const late = now - this.scheduled;
    const tolerance = this.gap * Math.floor(CATCH_UP_MS / this.gap);
    this.scheduled = (late <= tolerance ? this.scheduled : now) + this.gap;
    this.next = Math.max(this.scheduled, now + this.gap / 2);
    return this.generation;
  }

  /**
   * A request started in `generation` was answered `status` at `now`: a 2xx is measured and
   * recovers the pace, the first 429 of the current generation slows down. Others: nothing.
   */
  answered(generation: number, status: number, retryAfterMs: number | undefined, now: number): PaceChange | undefined {
    if (status >= 200 && status < 300) {
      this.count(now);
      if (generation !== this.generation || this.gap === this.settings.minGap) return undefined;
      return this.recover(now);
    }
    if (status !== 429 || generation !== this.generation) return undefined;
    return this.slowDown(retryAfterMs, now);
  }

  private count(now: number): void {
    this.roll(now);
    const w = this.window;
    if (w.first < 0) w.first = w.start = now;
    w.count++;
    if (now >= this.since) this.acceptedSince++;
  }

  /** Moves the window on to the one `now` falls in. */
  private roll(now: number): void {
    const w = this.window;
    const passed = Math.floor((now - w.start) / WINDOW_MS);
    if (w.first < 0 || passed <= 0) return;
    w.before = passed === 1 ? w.count : 0;
    w.count = 0;
    w.start += passed * WINDOW_MS;
  }

  /** 2xx answers per ms over the last WINDOW_MS (since the first, if that is less), or 0. */
  private acceptedRate(now: number): number {
    this.roll(now);
    const w = this.window;
    const span = Math.min(WINDOW_MS, now - w.first);
    if (w.first < 0 || span <= 0) return 0;
    // The share of the window before that still lies within the last WINDOW_MS.
    return (w.before * (1 - (now - w.start) / WINDOW_MS) + w.count) / span;
  }

  private slowDown(retryAfterMs: number | undefined, now: number): PaceChange {
    const accepted = this.acceptedRate(now);
    const rate = Math.min(this.gap > 0 ? BACK_OFF / this.gap : Infinity, BACK_OFF * accepted); // per ms
    this.gap = Math.max(this.settings.minGap, rate > 0 ? 1 / rate : this.gap > 0 ? 2 * this.gap : this.settings.guessGap);
    const pause = retryAfterMs !== undefined && this.acceptedSince === 0 ? retryAfterMs : undefined;
    // The next start waits one new spacing, or the pause the server asked for.
    this.next = this.scheduled = Math.max(this.next, now + (pause ?? this.gap));
    this.generation++;
    this.since = this.lastSuccess = now + (pause ?? 0);
    this.acceptedSince = this.busy = 0;
    return { slowedTo: this.gap, pausedFor: pause };
  }

  private recover(now: number): PaceChange | undefined {
    const dt = Math.min(WINDOW_MS, Math.max(0, now - this.lastSuccess));
    this.lastSuccess = now;
    this.busy += dt;
    const growth = (PROBE * (1 + this.busy / ACCELERATION_MS) * dt) / 1000;
    const { minGap } = this.settings;
    this.gap = Math.max(minGap, this.gap / (1 + growth));
    if (minGap === 0 && this.gap < UNPACED_GAP) this.gap = 0;
    return this.gap === minGap ? { recoveredTo: minGap } : undefined;
  }
}
