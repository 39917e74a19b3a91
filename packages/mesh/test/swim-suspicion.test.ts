/**
 * Suspicion timeouts (plain SWIM's fixed one, Lifeguard's dynamic one) against hand-computed
 * values, and properties of whole networks under random faults (fast-check): no member ever
 * declares itself suspect or dead, and the incarnations one member reports for another only rise.
 */
import { expectedConfirmations, suspicionMinimumMs, suspicionTimeoutMs } from '@mycel/mesh';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SwimNetwork } from './swim-network.js';

const lan = { probeIntervalMs: 1_000, multiplier: 4, maxMultiplier: 6 };

describe('suspicion timeout', () => {
  it('plain SWIM waits α · max(1, log10 n) · interval whatever the confirmations', () => {
    expect(suspicionMinimumMs({ ...lan, members: 8, lifeguard: false })).toBe(4_000);
    expect(suspicionMinimumMs({ ...lan, members: 100, lifeguard: false })).toBe(8_000);
    expect(suspicionTimeoutMs({ ...lan, members: 100, lifeguard: false }, 5)).toBe(8_000);
  });

  it('Lifeguard starts at β × the minimum and falls logarithmically to it after α − 2 confirmations', () => {
    const parameters = { ...lan, members: 8, lifeguard: true };
    expect(expectedConfirmations(parameters)).toBe(2);
    expect(suspicionTimeoutMs(parameters, 0)).toBe(24_000);
    // 24 s − 20 s · log 2 / log 3 = 11.381 s
    expect(suspicionTimeoutMs(parameters, 1)).toBe(11_381);
    expect(suspicionTimeoutMs(parameters, 2)).toBe(4_000);
    expect(suspicionTimeoutMs(parameters, 7)).toBe(4_000);
  });

  it('Lifeguard expects no confirmations when too few members could give them', () => {
    const parameters = { ...lan, members: 3, lifeguard: true };
    expect(expectedConfirmations(parameters)).toBe(0);
    expect(suspicionTimeoutMs(parameters, 0)).toBe(4_000);
  });
});

describe('SWIM properties under random faults', () => {
  it('no member declares itself suspect or dead, and incarnations only rise', () => {
    const fault = fc.record({
      member: fc.integer({ min: 1, max: 4 }),
      kind: fc.constantFrom('crash', 'slow', 'stall'),
      amountMs: fc.integer({ min: 100, max: 3_000 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.boolean(),
        fc.array(fault, { maxLength: 3 }),
        (seed, lifeguard, faults) => {
          const network = new SwimNetwork({ size: 5, lifeguard, seed, tickMs: 20 });
          network.joinAll();
          network.run(3_000);
          for (const { member, kind, amountMs } of faults) {
            const id = `member-${member}`;
            if (kind === 'crash') network.crash(id);
            else if (kind === 'slow') network.slow(id, amountMs);
            else network.stall(id, 5_000, amountMs);
          }
          network.run(20_000);
          const last = new Map<string, number>();
          for (const record of network.log) {
            if (record.observer === record.id) expect(['alive', 'left']).toContain(record.state);
            const key = `${record.observer}>${record.id}`;
            expect(record.incarnation).toBeGreaterThanOrEqual(last.get(key) ?? 0);
            last.set(key, record.incarnation);
          }
        },
      ),
      { numRuns: 25, seed: 6 },
    );
  });
});
