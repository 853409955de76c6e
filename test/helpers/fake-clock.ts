// A Clock (src/clock.ts) for tests, on which time moves only when the test says so: `advance`
// runs the timers due on the way, each at its own time, letting promise callbacks settle after
// each; `stall` moves time on without running anything, as a blocked event loop does. It counts
// reads of `now()`, for tests of code that must not read the time.
import type { Clock } from '../../src/clock.js';

interface Timer {
  at: number;
  order: number;
  fn: () => void;
}

/** Lets every pending promise callback run (a real macrotask turn). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FakeClock implements Clock {
  reads = 0;
  private time: number;
  private order = 0;
  private timers: Timer[] = [];

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
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer !== handle);
  }

  /** Moves time on by `ms`, running each timer due on the way at its time (a late one at once). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
    this.time = end;
    await settle();
  }

  /** Moves time on by `ms` with nothing run: what a synchronous stretch of code does to timers. */
  stall(ms: number): void {
    this.time += ms;
  }
}
