/**
 * Choosing where to overflow: a neighbour with a free slot of the class, nearest to the client by
 * predicted RTT, warm agents preferred by CANOPY_WARM_BONUS_MS, never oneself.
 */
import { type CanopySummary, chooseOverflow, rankOverflow } from '@mycel/mesh';
import { describe, expect, it } from 'vitest';
import { CANOPY_WARM_BONUS_MS } from '../src/limits.js';
import { MUMBAI, signerOf, summary } from './canopy-fixture.js';

const client = { vector: [0, 0], height: 1, error: 0.2 };

function neighbour(
  seed: number,
  x: number | undefined,
  free = 2,
  warmAgents: string[] = [],
  federation = 'devnet',
): CanopySummary {
  return summary(
    {
      federation,
      colony: `c${seed}`,
      capacity: { interactive: { free, total: 4 } },
      warmAgents,
      ...(x === undefined
        ? { coordinate: undefined }
        : { coordinate: { vector: [x, 0], height: 1, error: 0.2 } }),
    },
    signerOf(seed),
  );
}

const didOf = (seed: number) => signerOf(seed).key.did;

describe('chooseOverflow', () => {
  it('picks the neighbour nearest the client among those with a free slot', () => {
    const near = neighbour(1, 10);
    const far = neighbour(2, 80);
    const full = neighbour(3, 5, 0);
    const chosen = chooseOverflow([far, full, near], {
      latencyClass: 'interactive',
      client,
      self: didOf(9),
    });
    expect(chosen?.summary.coordinator).toBe(didOf(1));
    expect(chosen?.predictedRttMs).toBeCloseTo(12);
  });

  it('never picks itself, nor a neighbour without the class', () => {
    const self = neighbour(1, 1);
    const other = neighbour(2, 50);
    expect(
      chooseOverflow([self, other], { latencyClass: 'interactive', client, self: didOf(1) })
        ?.summary.coordinator,
    ).toBe(didOf(2));
    expect(
      chooseOverflow([self, other], { latencyClass: 'voice', client, self: didOf(9) }),
    ).toBeUndefined();
  });

  it('prefers a warm neighbour unless a cold one is closer by more than the bonus', () => {
    const cold = neighbour(1, 30);
    const warm = neighbour(2, 30 + CANOPY_WARM_BONUS_MS - 1, 2, ['tutor']);
    const farWarm = neighbour(3, 30 + CANOPY_WARM_BONUS_MS + 5, 2, ['tutor']);
    const request = { latencyClass: 'interactive', agent: 'tutor', client, self: didOf(9) };
    expect(chooseOverflow([cold, warm], request)?.summary.coordinator).toBe(didOf(2));
    expect(chooseOverflow([cold, farWarm], request)?.summary.coordinator).toBe(didOf(1));
  });

  it('ranks neighbours without a coordinate after predicted ones, warm first, then by did', () => {
    const predicted = neighbour(5, 200);
    const unknownCold = neighbour(1, undefined);
    const unknownWarm = neighbour(7, undefined, 2, ['tutor']);
    const ranked = rankOverflow([unknownCold, unknownWarm, predicted], {
      latencyClass: 'interactive',
      agent: 'tutor',
      client,
      self: didOf(9),
    });
    expect(ranked.map((entry) => entry.summary.coordinator)).toEqual([
      didOf(5),
      didOf(7),
      didOf(1),
    ]);
    // Without a client coordinate nothing is predicted: warm first, then did order.
    const blind = rankOverflow([predicted, unknownCold, unknownWarm], {
      latencyClass: 'interactive',
      agent: 'tutor',
      self: didOf(9),
    });
    expect(blind[0]?.summary.coordinator).toBe(didOf(7));
    expect(blind.every((entry) => entry.predictedRttMs === undefined)).toBe(true);
  });

  it('drops neighbours predicted beyond the budget, and federations the gate excludes', () => {
    const near = neighbour(1, 40, 2, [], 'beta');
    const far = neighbour(2, 300);
    const request = { latencyClass: 'interactive', client, self: didOf(9), budgetMs: 150 };
    expect(rankOverflow([near, far], request).map((entry) => entry.summary.coordinator)).toEqual([
      didOf(1),
    ]);
    expect(
      chooseOverflow([near, far], { ...request, federations: new Set(['devnet']) }),
    ).toBeUndefined();
    expect(
      chooseOverflow([near, far], {
        ...request,
        budgetMs: undefined,
        federations: new Set(['devnet']),
      })?.summary.coordinator,
    ).toBe(didOf(2));
  });

  it('is deterministic: the order summaries are given in does not matter', () => {
    const all = [
      neighbour(1, 10),
      neighbour(2, 10),
      neighbour(3, 10, 2, ['tutor']),
      neighbour(4, undefined),
    ];
    const request = { latencyClass: 'interactive', agent: 'tutor', client, self: MUMBAI.key.did };
    const forward = rankOverflow(all, request).map((entry) => entry.summary.coordinator);
    const backward = rankOverflow([...all].reverse(), request).map(
      (entry) => entry.summary.coordinator,
    );
    expect(backward).toEqual(forward);
    expect(forward[0]).toBe(didOf(3));
  });
});
