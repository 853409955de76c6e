// The slot queue (src/limiter/slot-queue.ts): at most `max` slots held, waiters admitted in order
// of arrival, an aborted waiter gone at once with the signal's reason, and an idle take that is a
// plain counter (no promise). Expected orders and counts are written out by hand.
import { describe, expect, it } from 'vitest';
import { createSlotQueue, type SlotQueue } from '../../src/limiter/slot-queue.js';

/** Joins `names` in order; `admitted` lists who was admitted, in the order it happened. */
function line(queue: SlotQueue<string>, names: string[], signals: Record<string, AbortSignal> = {}) {
  const admitted: string[] = [];
  const rejected: Record<string, unknown> = {};
  const settled = names.map((name) =>
    queue.join(signals[name]).then(
      (value) => void admitted.push(`${name}:${value}`),
      (reason: unknown) => void (rejected[name] = reason),
    ),
  );
  return { admitted, rejected, settled: Promise.all(settled) };
}

describe('SlotQueue', () => {
  it('open while a slot is free and nobody waits; take is synchronous', () => {
    const queue = createSlotQueue<string>(2);
    expect(queue.open).toBe(true);
    expect(queue.take()).toBeUndefined(); // a counter, not a promise
    queue.take();
    expect(queue.held).toBe(2);
    expect(queue.open).toBe(false);
    expect(queue.ready).toBe(false);
    queue.release();
    expect(queue.open).toBe(true);
  });

  it('a waiter closes the queue to newcomers even with a slot free (it goes first)', async () => {
    const queue = createSlotQueue<string>(1);
    queue.take();
    const { settled } = line(queue, ['a']);
    queue.release();
    expect(queue.open).toBe(false);
    expect(queue.ready).toBe(true);
    queue.admit('permit');
    await settled;
    expect(queue.held).toBe(1);
  });

  it('admits in order of arrival, each with the value handed over', async () => {
    const queue = createSlotQueue<string>(1);
    queue.take();
    const { admitted, settled } = line(queue, ['a', 'b', 'c', 'd']);
    expect(queue.waiting).toBe(4);
    for (let i = 1; i <= 4; i++) {
      queue.release();
      queue.admit(`p${i}`);
    }
    await settled;
    expect(admitted).toEqual(['a:p1', 'b:p2', 'c:p3', 'd:p4']);
    expect(queue.waiting).toBe(0);
  });

  it('an aborted waiter leaves at once with the reason; those behind it move up', async () => {
    const queue = createSlotQueue<string>(1);
    queue.take();
    const abort = new AbortController();
    const { admitted, rejected, settled } = line(queue, ['a', 'b', 'c'], { b: abort.signal });
    const reason = new Error('gave up');
    abort.abort(reason);
    await Promise.resolve();
    expect(rejected).toEqual({ b: reason });
    expect(queue.waiting).toBe(2);
    queue.release();
    queue.admit('p1');
    queue.release();
    queue.admit('p2');
    await settled;
    expect(admitted).toEqual(['a:p1', 'c:p2']);
  });

  it('an already aborted signal rejects without joining', async () => {
    const queue = createSlotQueue<string>(1);
    const reason = new Error('too late');
    await expect(queue.join(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(queue.waiting).toBe(0);
  });

  it('an abort after admission changes nothing', async () => {
    const queue = createSlotQueue<string>(1);
    queue.take();
    const abort = new AbortController();
    const { admitted, rejected, settled } = line(queue, ['a', 'b'], { a: abort.signal });
    queue.release();
    queue.admit('p1');
    abort.abort();
    queue.release();
    queue.admit('p2');
    await settled;
    expect(admitted).toEqual(['a:p1', 'b:p2']);
    expect(rejected).toEqual({});
  });
});
