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
//   rate). 429s of requests started before the slow-down say nothing new and are ignored.
// - Recovery: each 2xx to a request started at the current pace grows the rate in proportion to
//   the time since the previous one (idle spells count one window at most): PROBE per second at
//   first, faster the longer the pace holds (the growth doubles every ACCELERATION_MS). Just under
//   the limit the first second is gentle: a gateway's bucket refills, then drains, and the next
//   429 comes seconds later. A slow-down that undershot (measured while the client itself was
//   slow) is left behind within a few seconds. Never beyond the configured rate; without one, a
//   spacing under UNPACED_GAP is no pacing at all again.
// - Nothing accepted for a second (or ever): there is nothing to measure, and the server is closed
//   (a quota window, maintenance) rather than saturated. The pace halves (unpaced: the spec's guess
//   at the limit) and, if the 429 carried a Retry-After, the whole client pauses for it: more
//   requests would only be refused.
// - Otherwise a Retry-After is the refused request's alone: the transport waits it before sending
//   that request again, so what the server refused is not repeated before it asked. Pausing every
//   call for a Retry-After that gateways round up to a whole second would idle a client that the
//   slow-down has already brought under the limit.

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

export interface Pacer {
  /** Bumped by every slow-down: answers to requests started before it say nothing new. */
  readonly generation: number;
  /** The current spacing between starts (ms); 0: unpaced. */
  readonly spacing: number;
  /** Whether starts need the time (pacing or a pause); unpaced, `start` and `delay` ignore it. */
  readonly timed: boolean;
  /** Milliseconds until the next start may go (0: now). */
  delay(now: number): number;
  /** A request starts (the caller checked `delay`). Returns its generation. */
  start(now: number): number;
  /**
   * A request started in `generation` was answered `status` at `now`: a 2xx is measured and
   * recovers the pace, the first 429 of the current generation slows down. Others: nothing.
   */
  answered(generation: number, status: number, retryAfterMs: number | undefined, now: number): PaceChange | undefined;
}

export function createPacer({ minGap, guessGap }: PacerSettings): Pacer {
  let generation = 0;
  /** Spacing between starts (ms); 0: unpaced. */
  let gap = minGap;
  /** Earliest time the next request may start (also the end of a Retry-After pause); 0: any time. */
  let next = 0;
  /** Where the next start is in the even schedule (behind `next` while catching up). */
  let scheduled = 0;
  /** 2xx answers in the WINDOW_MS from `windowStart`, in the one before, and when the first came. */
  let windowStart = 0;
  let count = 0;
  let before = 0;
  let first = -1;
  /** Time with successes since the last slow-down, and when the last success came. */
  let busy = 0;
  let lastSuccess = 0;

  /** Moves the window on to the one `now` falls in. */
  function roll(now: number) {
    const passed = Math.floor((now - windowStart) / WINDOW_MS);
    if (first < 0 || passed <= 0) return;
    before = passed === 1 ? count : 0;
    count = 0;
    windowStart += passed * WINDOW_MS;
  }

  /** 2xx answers per ms over the last WINDOW_MS (since the first, if that is less), or 0. */
  function acceptedRate(now: number): number {
    roll(now);
    const span = Math.min(WINDOW_MS, now - first);
    if (first < 0 || span <= 0) return 0;
    // The share of the window before that still lies within the last WINDOW_MS.
    return (before * (1 - (now - windowStart) / WINDOW_MS) + count) / span;
  }

  function slowDown(retryAfterMs: number | undefined, now: number): PaceChange {
    const accepted = acceptedRate(now); // per ms
    // Nothing accepted for a second: no measure, and the server is closed rather than saturated.
    const pause = accepted > 0 ? undefined : retryAfterMs;
    gap = Math.max(minGap, accepted > 0 ? Math.max(gap, 1 / accepted) / BACK_OFF : gap > 0 ? 2 * gap : guessGap);
    // The next start waits one new spacing, or the pause the server asked for.
    next = scheduled = Math.max(next, now + (pause ?? gap));
    generation++;
    lastSuccess = now + (pause ?? 0);
    busy = 0;
    return { slowedTo: gap, pausedFor: pause };
  }

  function recover(now: number): PaceChange | undefined {
    const dt = Math.min(WINDOW_MS, Math.max(0, now - lastSuccess));
    lastSuccess = now;
    busy += dt;
    gap = Math.max(minGap, gap / (1 + (PROBE * (1 + busy / ACCELERATION_MS) * dt) / 1000));
    if (minGap === 0 && gap < UNPACED_GAP) gap = 0;
    return gap === minGap ? { recoveredTo: minGap } : undefined;
  }

  return {
    get generation() {
      return generation;
    },
    get spacing() {
      return gap;
    },
    get timed() {
      return gap > 0 || next > 0;
    },
    delay: (now) => Math.max(0, next - now),
    start(now) {
      if (gap === 0) {
        if (now >= next) next = 0; // a pause is over: back to starts without the clock
        return generation;
      }
      // Spaced from the scheduled start, not the actual one, so lateness does not add up; a
      // start much later than scheduled (an idle client) banks no credit for a burst.
      const late = now - scheduled;
      scheduled = (late <= gap * Math.floor(CATCH_UP_MS / gap) ? scheduled : now) + gap;
      next = Math.max(scheduled, now + gap / 2);
      return generation;
    },
    answered(of, status, retryAfterMs, now) {
      if (status >= 200 && status < 300) {
        roll(now);
        if (first < 0) first = windowStart = now;
        count++;
        return of === generation && gap !== minGap ? recover(now) : undefined;
      }
      return status === 429 && of === generation ? slowDown(retryAfterMs, now) : undefined;
    },
  };
}
