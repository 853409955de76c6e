// Fake time for tests: clocks that implement src/clock.ts's Clock without waiting.
//   ManualClock: time moves only when the test says so (`advance`), firing due timers in order.
//   EagerClock:  time jumps to the next timer as soon as the event loop has run once, so a client's
//                waits (backoff, Retry-After, pacing) take no real time while real I/O goes on.
// Both record what was waited for, so tests assert exact delays instead of measuring wall time.
import type { Clock } from '../../src/clock.js';

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
}

abstract class FakeClock implements Clock {
  protected time = 0;
  protected readonly timers = new Map<number, Timer>();
  private seq = 0;
  /** The delay of every timer set, in order. */
  readonly delays: number[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.delays.push(ms);
    this.timers.set(id, { due: this.time + Math.max(0, ms), seq: id, fn });
    this.scheduled();
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Times at which timers are due, earliest first. */
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.due).sort((a, b) => a - b);
  }

  /** Fires the earliest timer (moving time to it); false when none is set. */
  protected fireNext(limit = Infinity): boolean {
    let next: [number, Timer] | undefined;
    for (const entry of this.timers) if (!next || entry[1].due < next[1].due || (entry[1].due === next[1].due && entry[1].seq < next[1].seq)) next = entry;
    if (!next || next[1].due > limit) return false;
    this.timers.delete(next[0]);
    this.time = Math.max(this.time, next[1].due);
    next[1].fn();
    return true;
  }

  protected scheduled(): void {}
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ManualClock extends FakeClock {
  /** Moves time forward by `ms`, firing every timer due on the way (letting promises settle after each). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    while (this.fireNext(end)) await settle();
    this.time = end;
  }
}

export class EagerClock extends FakeClock {
  private armed = false;

  protected override scheduled(): void {
    if (this.armed) return;
    this.armed = true;
    // One real turn of the event loop (I/O callbacks included) before time jumps to the next timer.
    setImmediate(() => {
      this.armed = false;
      if (this.fireNext() && this.timers.size > 0) this.scheduled();
    });
  }
}
