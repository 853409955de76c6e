// Fake time for tests: clocks that implement src/clock.ts's Clock without waiting.
//   ManualClock: time moves only when the test says so — `advance` runs the timers due on the way,
//                each at its own time, letting promise callbacks settle after each; `stall` moves time
//                on without running anything, as a blocked event loop does.
//   EagerClock:  time jumps to the next timer as soon as the event loop has run once, so a client's
//                waits (backoff, Retry-After, pacing) take no real time while real I/O goes on.
// Both record every delay asked for and count reads of `now()`, so tests assert exact waits (and
// that code which must not read the time does not) instead of measuring wall time.
import type { Clock } from '../../src/clock.js';

interface Timer {
  at: number;
  order: number;
  fn: () => void;
}

/** Lets every pending promise callback run (a real macrotask turn). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

abstract class FakeClock implements Clock {
  /** Reads of `now()`. */
  reads = 0;
  /** The delay of every timer set, in order. */
  readonly delays: number[] = [];
  protected time: number;
  private order = 0;
  protected timers: Timer[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  /** The time, without counting a read. */
  get t(): number {
    return this.time;
  }

  /** Timers armed and not yet run or cleared. */
  get pending(): number {
    return this.timers.length;
  }

  now(): number {
    this.reads++;
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.time + Math.max(0, ms), order: this.order++, fn };
    this.delays.push(ms);
    this.timers.push(timer);
    this.armed();
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer !== handle);
  }

  /** Runs the earliest timer due by `end` (time moves to it); false when there is none. */
  protected runNext(end = Infinity): boolean {
    const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.order - b.order)[0];
    if (!due) return false;
    this.timers.splice(this.timers.indexOf(due), 1);
    this.time = Math.max(this.time, due.at);
    due.fn();
    return true;
  }

  /** A timer was set. */
  protected armed(): void {}
}

export class ManualClock extends FakeClock {
  /** Moves time on by `ms`, running each timer due on the way at its time (a late one at once). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      if (!this.runNext(end)) break;
    }
    this.time = end;
    await settle();
  }

  /** Moves time on by `ms` with nothing run: what a synchronous stretch of code does to timers. */
  stall(ms: number): void {
    this.time += ms;
  }
}

export class EagerClock extends FakeClock {
  private scheduled = false;

  protected override armed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // One real turn of the event loop (I/O callbacks included) before time jumps to the next timer.
    setImmediate(() => {
      this.scheduled = false;
      if (this.runNext() && this.timers.length > 0) this.armed();
    });
  }
}
