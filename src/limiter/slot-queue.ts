// The slots of a client's limiter: at most `max` holders at once, the others waiting in order of
// arrival. It owns who holds a slot and who waits, not when a waiter may go: the limiter
// (./limiter.ts) decides that and calls `admit`. An idle `take` is a counter: no promise, no
// timer, no clock.

export interface SlotQueue<T> {
  /** Slots held. */
  readonly held: number;
  readonly waiting: number;
  /** Whether a newcomer may take a slot now: one is free and nobody waits before it. */
  readonly open: boolean;
  /** Whether someone waits and a slot is free: `admit` may be called. */
  readonly ready: boolean;
  /** Takes a slot (the caller checked `open`). */
  take(): void;
  /**
   * Waits in line: resolves with what `admit` hands over. When `signal` aborts, the waiter leaves
   * at once, rejected with the signal's reason, and those behind it move up.
   */
  join(signal?: AbortSignal): Promise<T>;
  /** Gives a free slot to the oldest waiter (the caller checked `ready`), resolving it with `value`. */
  admit(value: T): void;
  release(): void;
}

interface Waiter<T> {
  resolve(value: T): void;
  signal: AbortSignal | undefined;
  onAbort(): void;
}

export function createSlotQueue<T>(max: number): SlotQueue<T> {
  let held = 0;
  const waiters: Waiter<T>[] = [];
  return {
    get held() {
      return held;
    },
    get waiting() {
      return waiters.length;
    },
    get open() {
      return !waiters.length && held < max;
    },
    get ready() {
      return waiters.length > 0 && held < max;
    },
    take() {
      held++;
    },
    join(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter<T> = {
          resolve,
          signal,
          onAbort() {
            waiters.splice(waiters.indexOf(waiter), 1);
            reject(signal!.reason);
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        waiters.push(waiter);
      });
    },
    admit(value) {
      const waiter = waiters.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      held++;
      waiter.resolve(value);
    },
    release() {
      held--;
    },
  };
}
