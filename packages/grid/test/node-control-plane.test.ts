/**
 * The node's control-plane bookkeeping, without sockets: admission slots, the epoch fence and
 * the control link's reconnect delays.
 */
import { wireLimits } from '@mycel/wire';
import { describe, expect, it } from 'vitest';
import { LINK_RETRY_BASE_MS, LINK_RETRY_MAX_MS } from '../src/limits.js';
import { EpochFence } from '../src/node/epoch-fence.js';
import { linkRetryDelayMs } from '../src/node/link-backoff.js';
import { SessionSlots } from '../src/node/session-slots.js';

describe('SessionSlots', () => {
  it('admits up to the capacity of each class, then answers node_at_capacity', () => {
    const slots = new SessionSlots({ robot: 0, voice: 2, interactive: 1, batch: 0 });
    expect(slots.take('voice')).toEqual({ admit: true, free: 2 });
    expect(slots.take('voice')).toEqual({ admit: true, free: 1 });
    expect(slots.take('voice')).toEqual({ admit: false, free: 0, reason: 'node_at_capacity' });
    expect(slots.ask('robot')).toEqual({ admit: false, free: 0, reason: 'node_at_capacity' });
    expect(slots.take('interactive').admit).toBe(true);
    expect(slots.sessions).toBe(3);
    expect(slots.freeByClass()).toEqual({ robot: 0, voice: 0, interactive: 0, batch: 0 });
    slots.release('voice');
    expect(slots.ask('voice')).toEqual({ admit: true, free: 1 });
    expect(slots.sessions).toBe(2);
  });

  it('refuses every class once draining, and reports no free slot', () => {
    const slots = new SessionSlots({ robot: 4, voice: 4, interactive: 4, batch: 4 });
    slots.drain();
    expect(slots.take('batch')).toEqual({ admit: false, free: 0, reason: 'node_draining' });
    expect(slots.freeByClass()).toEqual({ robot: 0, voice: 0, interactive: 0, batch: 0 });
  });

  it('treats a release without a held slot as a bug', () => {
    const slots = new SessionSlots({ robot: 1, voice: 1, interactive: 1, batch: 1 });
    expect(() => slots.release('robot')).toThrow(/assertion failed/);
  });
});

describe('EpochFence', () => {
  it('keeps the highest epoch per session; an older one changes nothing', () => {
    const fence = new EpochFence();
    expect(fence.highestSeen('a')).toBeUndefined();
    fence.record('a', 3, 1000);
    fence.record('a', 2, 5000);
    expect(fence.highestSeen('a')).toBe(3);
    fence.record('a', 4, 2000);
    expect(fence.highestSeen('a')).toBe(4);
  });

  it('forgets a session only after its newest ticket has expired, skew included', () => {
    const fence = new EpochFence();
    fence.record('a', 1, 1000);
    fence.record('b', 1, 9000);
    fence.sweep(1000 + wireLimits.TICKET_CLOCK_SKEW_MS - 1);
    expect(fence.highestSeen('a')).toBe(1);
    fence.sweep(1000 + wireLimits.TICKET_CLOCK_SKEW_MS);
    expect(fence.highestSeen('a')).toBeUndefined();
    expect(fence.highestSeen('b')).toBe(1);
  });

  it('over its bound, forgets the sessions touched longest ago', () => {
    const fence = new EpochFence(2);
    fence.record('a', 1, 1000);
    fence.record('b', 1, 1000);
    fence.record('a', 2, 1000);
    fence.record('c', 1, 1000);
    expect(fence.size).toBe(2);
    expect(fence.highestSeen('b')).toBeUndefined();
    expect(fence.highestSeen('a')).toBe(2);
    expect(fence.highestSeen('c')).toBe(1);
  });
});

describe('linkRetryDelayMs', () => {
  it('draws from a window that doubles per attempt up to the maximum (full jitter)', () => {
    expect(linkRetryDelayMs(0, 0)).toBe(0);
    expect(linkRetryDelayMs(0, 0.999)).toBeLessThan(LINK_RETRY_BASE_MS);
    expect(linkRetryDelayMs(3, 0.5)).toBe(Math.floor(0.5 * LINK_RETRY_BASE_MS * 8));
    expect(linkRetryDelayMs(40, 0.999)).toBeLessThan(LINK_RETRY_MAX_MS);
    expect(linkRetryDelayMs(40, 0.999)).toBeGreaterThan(LINK_RETRY_MAX_MS * 0.99);
  });

  it('is bounded for every attempt and draw', () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      for (const draw of [0, 0.25, 0.5, 0.9999]) {
        const delayMs = linkRetryDelayMs(attempt, draw);
        expect(delayMs).toBeGreaterThanOrEqual(0);
        expect(delayMs).toBeLessThan(LINK_RETRY_MAX_MS);
      }
    }
  });
});
