// The slots of a client's limiter: at most `max` holders at once, the others waiting in order of
// arrival. It owns who holds a slot and who waits, not when a waiter may go: the limiter
// (./limiter.ts) decides that and calls `admit`. An idle `tryTake` is a counter check: no promise,
// no timer, no clock.

interface Waiter<T> {
  resolve(value: T): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class SlotQueue<T> {
  /** Slots held. */
  held = 0;
  private readonly waiters: Waiter<T>[] = [];

  constructor(private readonly max: number) {}

  get waiting(): number {
    return this.waiters.length;
  }

  /** Someone waits and a slot is free: `admit` may be called. */
  get ready(): boolean {
    return this.waiters.length > 0 && this.held < this.max;
  }

  /** Whether a newcomer may take a slot now: one is free and nobody waits before it. */
  get open(): boolean {
    return this.waiters.length === 0 && this.held < this.max;
  }

  /** Takes a slot (the caller checked `open`). */
  take(): void {
    this.held++;
  }

  /**
   * Waits in line: resolves with what `admit` hands over. When `signal` aborts, the waiter leaves
   * at once, rejected with the signal's reason, and those behind it move up.
   */
  join(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(signal!.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Gives a free slot to the oldest waiter (the caller checked `ready`), resolving it with `value`. */
  admit(value: T): void {
    const waiter = this.waiters.shift()!;
    waiter.signal?.removeEventListener('abort', waiter.onAbort);
    this.held++;
    waiter.resolve(value);
  }

  release(): void {
    this.held--;
  }
}
