import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BPS_TOTAL } from '../limits.js';
import type { Result } from '../result.js';
import { checkSplitsExact } from './k7-conservation.js';
import { type SplitPart, splitAmount, splitProRata } from './k7-split-amount.js';
import type { SplitShare } from './k7-split-shares.js';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function amounts(parts: readonly SplitPart[]): Record<string, bigint> {
  return Object.fromEntries(parts.map((part) => [part.party, part.amount]));
}

const NODECO_SPLIT: SplitShare[] = [
  { party: 'operator', bps: 2000 },
  { party: 'owners', bps: 7000 },
  { party: 'protocol', bps: 1000 },
];

describe('splitAmount: ARCHITECTURE §1 and §5.5 examples', () => {
  it('splits an odd fee 70/20/10; the leftover unit goes to the largest remainder', () => {
    // 1001 × 70 % = 700.7, × 20 % = 200.2, × 10 % = 100.1: floors sum to 1000, owners' .7 wins.
    const parts = unwrap(splitAmount(1001n, NODECO_SPLIT));
    expect(parts).toEqual([
      { party: 'operator', amount: 200n },
      { party: 'owners', amount: 701n },
      { party: 'protocol', amount: 100n },
    ]);
  });

  it('splits 70/20/10 of 999 with two leftover units', () => {
    // 699.3, 199.8, 99.9: floors 699 + 199 + 99 = 997; remainders .9 (protocol), .8 (operator).
    expect(amounts(unwrap(splitAmount(999n, NODECO_SPLIT)))).toEqual({
      operator: 200n,
      owners: 699n,
      protocol: 100n,
    });
  });

  it('splits the owners’ 70 % pro rata by shares, exactly to the minor unit', () => {
    const fee = 1001n;
    const ownersPart = amounts(unwrap(splitAmount(fee, NODECO_SPLIT))).owners!;
    const holdings = [
      { party: 'did:key:zAsha', shares: 50n },
      { party: 'did:key:zBela', shares: 30n },
      { party: 'did:key:zChen', shares: 20n },
    ];
    // 701 × 50 % = 350.5, × 30 % = 210.3, × 20 % = 140.2: the unit left over goes to Asha.
    const owners = unwrap(splitProRata(ownersPart, holdings));
    expect(amounts(owners)).toEqual({
      'did:key:zAsha': 351n,
      'did:key:zBela': 210n,
      'did:key:zChen': 140n,
    });
    expect(checkSplitsExact(ownersPart, owners).ok).toBe(true);
  });

  it('breaks equal remainders by party id in plain string order', () => {
    // Three equal owners of 701: 233⅔ each; two leftover units go to the two smallest ids.
    const holdings = ['zed', 'Zed', 'amy'].map((party) => ({ party, shares: 1n }));
    // Plain code unit order puts upper case before lower case: 'Zed' < 'amy' < 'zed'.
    expect(amounts(unwrap(splitProRata(701n, holdings)))).toEqual({
      Zed: 234n,
      amy: 234n,
      zed: 233n,
    });
  });
});

describe('splitAmount: edges', () => {
  it('splits zero into zeros', () => {
    expect(unwrap(splitAmount(0n, NODECO_SPLIT)).map((part) => part.amount)).toEqual([0n, 0n, 0n]);
  });

  it('gives a single unit to the largest share', () => {
    expect(amounts(unwrap(splitAmount(1n, NODECO_SPLIT)))).toEqual({
      operator: 0n,
      owners: 1n,
      protocol: 0n,
    });
  });

  it('stays exact far beyond 2^53 (no floating point anywhere)', () => {
    const total = 10n ** 38n - 1n;
    const parts = unwrap(splitAmount(total, NODECO_SPLIT));
    // Exact shares end in .3 (owners), .8 (operator) and .9 (protocol): two units are left over.
    expect(amounts(parts)).toEqual({
      operator: 2n * 10n ** 37n,
      owners: 7n * 10n ** 37n - 1n,
      protocol: 10n ** 37n,
    });
    expect(checkSplitsExact(total, parts).ok).toBe(true);
  });

  it('returns parts in ascending party order whatever the input order', () => {
    const parties = unwrap(splitAmount(10n, [...NODECO_SPLIT].reverse())).map((part) => part.party);
    expect(parties).toEqual(['operator', 'owners', 'protocol']);
  });
});

describe('splitAmount: rejected input', () => {
  it('rejects a negative total', () => {
    expect(splitAmount(-1n, NODECO_SPLIT)).toMatchObject({
      ok: false,
      error: { code: 'split_total_negative' },
    });
  });

  it('rejects empty splits', () => {
    expect(splitAmount(100n, [])).toMatchObject({ ok: false, error: { code: 'split_empty' } });
  });

  it('rejects bps that do not sum to BPS_TOTAL', () => {
    const short = [
      { party: 'a', bps: 6999 },
      { party: 'b', bps: 3000 },
    ];
    expect(splitAmount(100n, short)).toMatchObject({ error: { code: 'split_bps_total_invalid' } });
  });

  it('rejects a duplicate party', () => {
    const twice = [
      { party: 'a', bps: 5000 },
      { party: 'a', bps: 5000 },
    ];
    expect(splitAmount(100n, twice)).toMatchObject({
      error: { code: 'split_party_duplicate', path: '/1/party' },
    });
  });

  it('rejects a fractional or zero share', () => {
    const fractional = [
      { party: 'a', bps: 5000.5 },
      { party: 'b', bps: 4999.5 },
    ];
    expect(splitAmount(100n, fractional)).toMatchObject({ error: { code: 'split_share_invalid' } });
    const zero = [
      { party: 'a', bps: 0 },
      { party: 'b', bps: BPS_TOTAL },
    ];
    expect(splitAmount(100n, zero)).toMatchObject({ error: { code: 'split_share_invalid' } });
  });
});

describe('splitProRata: rejected input', () => {
  it.each([
    ['a negative total', -5n, [{ party: 'a', shares: 1n }], 'split_total_negative'],
    ['no holdings', 5n, [], 'split_empty'],
    ['zero shares', 5n, [{ party: 'a', shares: 0n }], 'split_share_invalid'],
    [
      'negative shares',
      5n,
      [
        { party: 'a', shares: 2n },
        { party: 'b', shares: -1n },
      ],
      'split_share_invalid',
    ],
    [
      'a holder named twice',
      5n,
      [
        { party: 'a', shares: 1n },
        { party: 'a', shares: 1n },
      ],
      'split_party_duplicate',
    ],
  ] as const)('rejects %s', (_, total, holdings, code) => {
    expect(splitProRata(total, holdings)).toMatchObject({ ok: false, error: { code } });
  });

  it('rejects shares that are not bigint (a float would round)', () => {
    const holdings = [{ party: 'a', shares: 1.5 as unknown as bigint }];
    expect(splitProRata(5n, holdings)).toMatchObject({
      error: { code: 'split_share_invalid', path: '/0/shares' },
    });
  });
});

/** Distinct parties and whole bps summing to BPS_TOTAL: cut [0, BPS_TOTAL] at distinct points. */
const splitsArbitrary = fc
  .uniqueArray(fc.integer({ min: 1, max: BPS_TOTAL - 1 }), { maxLength: 30 })
  .chain((cuts) => {
    const bounds = [0, ...[...cuts].sort((left, right) => left - right), BPS_TOTAL];
    const bps = bounds.slice(1).map((bound, index) => bound - bounds[index]!);
    return fc
      .uniqueArray(fc.string({ maxLength: 6 }), { minLength: bps.length, maxLength: bps.length })
      .map((parties) => parties.map((party, index) => ({ party, bps: bps[index]! })));
  });

// Multiples of 625 leave only 16 possible remainders (625 × 16 = BPS_TOTAL), so ties are common.
const totalArbitrary = fc.oneof(
  fc.bigInt({ min: 0n, max: 100_000n }),
  fc.bigInt({ min: 0n, max: 10n ** 40n }),
  fc.bigInt({ min: 1n, max: 1_000n }).map((multiple) => multiple * 625n),
);

describe('splitAmount: properties', () => {
  it('parts sum exactly to the total', () => {
    fc.assert(
      fc.property(totalArbitrary, splitsArbitrary, (total, splits) => {
        const parts = unwrap(splitAmount(total, splits));
        expect(checkSplitsExact(total, parts).ok).toBe(true);
        expect(parts.length).toBe(splits.length);
      }),
    );
  });

  it('each part is within one minor unit of its exact share (floor or floor + 1)', () => {
    fc.assert(
      fc.property(totalArbitrary, splitsArbitrary, (total, splits) => {
        const bpsOf = new Map(splits.map((split) => [split.party, BigInt(split.bps)]));
        for (const part of unwrap(splitAmount(total, splits))) {
          // Exact share = total × bps / BPS_TOTAL; compare scaled by BPS_TOTAL to stay in integers.
          const exactScaled = total * bpsOf.get(part.party)!;
          const partScaled = part.amount * BigInt(BPS_TOTAL);
          expect(partScaled > exactScaled - BigInt(BPS_TOTAL)).toBe(true);
          expect(partScaled < exactScaled + BigInt(BPS_TOTAL)).toBe(true);
        }
      }),
    );
  });

  it('is deterministic regardless of the order of the splits', () => {
    fc.assert(
      fc.property(
        totalArbitrary,
        splitsArbitrary.chain((splits) =>
          fc.tuple(fc.constant(splits), fc.shuffledSubarray(splits, { minLength: splits.length })),
        ),
        (total, [splits, shuffled]) => {
          expect(splitAmount(total, shuffled)).toEqual(splitAmount(total, splits));
        },
      ),
    );
  });

  it('hands leftover units by largest remainder, ties to the smaller party id', () => {
    fc.assert(
      fc.property(totalArbitrary, splitsArbitrary, (total, splits) => {
        const parts = amounts(unwrap(splitAmount(total, splits)));
        const claims = splits.map(({ party, bps }) => {
          const scaled = total * BigInt(bps);
          const floor = scaled / BigInt(BPS_TOTAL);
          return {
            party,
            remainder: scaled % BigInt(BPS_TOTAL),
            roundedUp: parts[party] === floor + 1n,
          };
        });
        for (const up of claims.filter((claim) => claim.roundedUp)) {
          for (const down of claims.filter((claim) => !claim.roundedUp)) {
            const ahead =
              up.remainder > down.remainder ||
              (up.remainder === down.remainder && up.party < down.party);
            expect(ahead).toBe(true);
          }
        }
      }),
    );
  });
});

describe('splitProRata: properties', () => {
  const holdingsArbitrary = fc
    .uniqueArray(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 40 })
    .chain((parties) =>
      fc
        .array(fc.bigInt({ min: 1n, max: 10n ** 12n }), {
          minLength: parties.length,
          maxLength: parties.length,
        })
        .map((shares) => parties.map((party, index) => ({ party, shares: shares[index]! }))),
    );

  it('parts sum exactly, each within one unit of its exact share, in any input order', () => {
    fc.assert(
      fc.property(totalArbitrary, holdingsArbitrary, (total, holdings) => {
        const parts = unwrap(splitProRata(total, holdings));
        expect(checkSplitsExact(total, parts).ok).toBe(true);
        const sharesTotal = holdings.reduce((sum, holding) => sum + holding.shares, 0n);
        const sharesOf = new Map(holdings.map((holding) => [holding.party, holding.shares]));
        for (const part of parts) {
          const difference = part.amount * sharesTotal - total * sharesOf.get(part.party)!;
          expect(difference > -sharesTotal && difference < sharesTotal).toBe(true);
        }
        expect(splitProRata(total, [...holdings].reverse())).toEqual(splitProRata(total, holdings));
      }),
    );
  });
});
