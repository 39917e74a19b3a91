import { describe, expect, it } from 'vitest';
import { EventQueue, Prng } from '../src/index.js';

describe('EventQueue', () => {
  it('orders by time, then by the order events were scheduled', () => {
    const queue = new EventQueue();
    const prng = new Prng(3);
    const scheduled: { atMs: number; n: number }[] = [];
    for (let n = 0; n < 500; n++) {
      const atMs = prng.below(50);
      scheduled.push({ atMs, n });
      queue.push(atMs, `e${n}`, () => undefined);
    }
    const popped: string[] = [];
    for (let event = queue.pop(); event !== undefined; event = queue.pop())
      popped.push(event.label);
    const expected = [...scheduled].sort((a, b) => a.atMs - b.atMs || a.n - b.n);
    expect(popped).toEqual(expected.map(({ n }) => `e${n}`));
  });

  it('skips cancelled events and events of an owner that died', () => {
    const queue = new EventQueue();
    const owner = { alive: true };
    const cancelled = queue.push(1, 'cancelled', () => undefined);
    queue.push(2, 'orphan', () => undefined, owner);
    queue.push(3, 'kept', () => undefined);
    cancelled.cancelled = true;
    owner.alive = false;
    expect(queue.pop()?.label).toBe('kept');
    expect(queue.pop()).toBeUndefined();
  });
});
