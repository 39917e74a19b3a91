/**
 * DelayLine and delayed on real timers: the delays are small, and only lower bounds on time are
 * asserted (a loaded machine may deliver late, never early).
 */
import { describe, expect, it } from 'vitest';
import { DelayLine, delayed } from '../src/emulation/delay-line.js';

interface Delivery {
  readonly item: string;
  readonly afterMs: number;
}

/** A line that records what it delivers and when, relative to its creation. */
function recordingLine() {
  const startMs = performance.now();
  const deliveries: Delivery[] = [];
  const line = new DelayLine<string>((item) =>
    deliveries.push({ item, afterMs: performance.now() - startMs }),
  );
  return { line, deliveries, startMs };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for deliveries');
    await sleep(2);
  }
}

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

/** A line with a timer would clear it on close, so the count of timers would drop. */
function expectNoTimer(line: DelayLine<string>): void {
  const timers = activeTimers();
  line.close();
  expect(activeTimers()).toBe(timers);
}

describe('DelayLine', () => {
  it('delivers a zero delay with nothing waiting before push returns', () => {
    const { line, deliveries } = recordingLine();
    line.push('now', 0);
    expect(deliveries.map((delivery) => delivery.item)).toEqual(['now']);
    expect(line.pending).toBe(0);
  });

  it('delivers no earlier than the delay', async () => {
    const { line, deliveries } = recordingLine();
    line.push('a', 30);
    expect(deliveries).toEqual([]);
    expect(line.pending).toBe(1);
    await until(() => deliveries.length === 1);
    expect(deliveries[0]!.afterMs).toBeGreaterThanOrEqual(30);
    expect(line.pending).toBe(0);
  });

  it('never delivers an item before one pushed earlier, even with a shorter delay', async () => {
    const { line, deliveries } = recordingLine();
    line.push('slow', 40);
    line.push('fast', 5);
    line.push('zero', 0);
    expect(deliveries).toEqual([]);
    await until(() => deliveries.length === 3);
    expect(deliveries.map((delivery) => delivery.item)).toEqual(['slow', 'fast', 'zero']);
    for (const delivery of deliveries) expect(delivery.afterMs).toBeGreaterThanOrEqual(40);
  });

  it('keeps each item’s own delay behind a shorter head', async () => {
    const { line, deliveries } = recordingLine();
    line.push('first', 5);
    line.push('second', 35);
    await until(() => deliveries.length === 2);
    expect(deliveries.map((delivery) => delivery.item)).toEqual(['first', 'second']);
    expect(deliveries[0]!.afterMs).toBeGreaterThanOrEqual(5);
    expect(deliveries[1]!.afterMs).toBeGreaterThanOrEqual(35);
  });

  it('keeps order across many items with random delays, using one timer at a time', async () => {
    const { line, deliveries } = recordingLine();
    const timersBefore = activeTimers();
    const delays = Array.from({ length: 200 }, (_, index) => (index * 7919) % 23);
    for (const [index, delayMs] of delays.entries()) {
      line.push(String(index), delayMs + 1);
    }
    expect(activeTimers() - timersBefore).toBe(1);
    await until(() => deliveries.length === delays.length);
    expect(deliveries.map((delivery) => delivery.item)).toEqual(
      delays.map((_, index) => `${index}`),
    );
    for (const [index, delivery] of deliveries.entries()) {
      expect(delivery.afterMs).toBeGreaterThanOrEqual(delays[index]! + 1);
    }
    expectNoTimer(line);
  });

  it('takes items pushed from inside the callback in order', async () => {
    const delivered: string[] = [];
    const line: DelayLine<string> = new DelayLine((item) => {
      delivered.push(item);
      if (item === 'a') {
        line.push('a-follow-up', 0);
        line.push('a-later', 10);
      }
    });
    line.push('a', 5);
    line.push('b', 5);
    await until(() => delivered.length === 4);
    expect(delivered).toEqual(['a', 'b', 'a-follow-up', 'a-later']);
    expectNoTimer(line);
  });

  it('close drops what waits, clears its timer, and drops later pushes', async () => {
    const { line, deliveries } = recordingLine();
    const timersBefore = activeTimers();
    line.push('dropped', 10);
    line.push('dropped too', 20);
    expect(activeTimers()).toBe(timersBefore + 1);
    line.close();
    expect(activeTimers()).toBe(timersBefore);
    expect(line.pending).toBe(0);
    line.push('after close', 0);
    line.push('after close, delayed', 5);
    expect(activeTimers()).toBe(timersBefore);
    expect(line.pending).toBe(0);
    await sleep(40);
    expect(deliveries).toEqual([]);
  });

  it('close from inside the callback stops the rest', async () => {
    const delivered: string[] = [];
    const line: DelayLine<string> = new DelayLine((item) => {
      delivered.push(item);
      line.close();
    });
    line.push('one', 5);
    line.push('two', 5);
    await sleep(30);
    expect(delivered).toEqual(['one']);
  });

  it('measures delays on the clock it is given', async () => {
    let clockMs = 1_000;
    const delivered: string[] = [];
    const line = new DelayLine<string>(
      (item) => delivered.push(item),
      () => clockMs,
    );
    line.push('held', 5);
    line.push('behind it', 0);
    await sleep(30);
    expect(delivered).toEqual([]);
    clockMs += 5;
    await until(() => delivered.length === 2);
    expect(delivered).toEqual(['held', 'behind it']);
    expectNoTimer(line);
  });

  it('refuses a negative or non-finite delay (a bug in the caller)', () => {
    const { line } = recordingLine();
    for (const delayMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => line.push('x', delayMs)).toThrow(RangeError);
    }
    expect(line.pending).toBe(0);
  });
});

describe('delayed', () => {
  it('settles with the value no earlier than the delay after the promise settled', async () => {
    const startMs = performance.now();
    const value = await delayed(
      sleep(10).then(() => 'answer'),
      25,
    );
    expect(value).toBe('answer');
    // libuv's timer clock has whole-millisecond resolution, so a timer may fire up to 1 ms
    // before performance.now() says its delay is over.
    expect(performance.now() - startMs).toBeGreaterThanOrEqual(34);
  });

  it('holds a rejection as long as a value', async () => {
    const startMs = performance.now();
    await expect(delayed(Promise.reject(new Error('refused')), 20)).rejects.toThrow('refused');
    expect(performance.now() - startMs).toBeGreaterThanOrEqual(20);
  });

  it('passes a zero delay straight through and rejects a negative one', async () => {
    await expect(delayed(Promise.resolve(7), 0)).resolves.toBe(7);
    await expect(delayed(Promise.resolve(7), -1)).rejects.toThrow(RangeError);
  });
});
