import { describe, expect, it } from 'vitest';
import { BPS_TOTAL, SPLIT_PARTIES_MAX } from '../limits.js';
import { checkSplitParties, checkSplitShares } from './k7-split-shares.js';

const NODECO_SPLIT = [
  { party: 'owners', bps: 7000 },
  { party: 'operator', bps: 2000 },
  { party: 'protocol', bps: 1000 },
];

function codeOf(result: { ok: boolean; error?: { code: string } }): string | undefined {
  return result.ok ? undefined : result.error?.code;
}

describe('checkSplitShares', () => {
  it('accepts the NodeCo default split 70/20/10', () => {
    expect(checkSplitShares(NODECO_SPLIT)).toEqual({ ok: true, value: true });
  });

  it('accepts one party taking the whole', () => {
    expect(checkSplitShares([{ party: 'payee', bps: BPS_TOTAL }]).ok).toBe(true);
  });

  it('accepts SPLIT_PARTIES_MAX parties and rejects one more', () => {
    const parties = (count: number) =>
      Array.from({ length: count }, (_, index) => ({
        party: `p${index}`,
        bps: index === 0 ? 0 : 1,
      }));
    const atMax = parties(SPLIT_PARTIES_MAX);
    atMax[0] = { party: 'p0', bps: BPS_TOTAL - (SPLIT_PARTIES_MAX - 1) };
    expect(checkSplitShares(atMax).ok).toBe(true);
    const overMax = parties(SPLIT_PARTIES_MAX + 1);
    overMax[0] = { party: 'p0', bps: BPS_TOTAL - SPLIT_PARTIES_MAX };
    expect(codeOf(checkSplitShares(overMax))).toBe('split_parties_too_many');
  });

  it('rejects an empty split', () => {
    expect(checkSplitShares([])).toEqual({
      ok: false,
      error: { code: 'split_empty', message: 'a split needs at least one party' },
    });
  });

  it('rejects shares that sum below or above BPS_TOTAL', () => {
    const under = [
      { party: 'a', bps: 7000 },
      { party: 'b', bps: 2999 },
    ];
    const over = [
      { party: 'a', bps: 7000 },
      { party: 'b', bps: 3001 },
    ];
    expect(codeOf(checkSplitShares(under))).toBe('split_bps_total_invalid');
    expect(codeOf(checkSplitShares(over))).toBe('split_bps_total_invalid');
  });

  it.each([0, -1, 10_001, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects a share of %s bps',
    (bps) => {
      const result = checkSplitShares([
        { party: 'a', bps },
        { party: 'b', bps: BPS_TOTAL - 1 },
      ]);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'split_share_invalid', path: '/0/bps' },
      });
    },
  );

  it('rejects a party named twice, even when the bps sum is right', () => {
    const twice = [
      { party: 'a', bps: 5000 },
      { party: 'a', bps: 5000 },
    ];
    expect(checkSplitShares(twice)).toMatchObject({
      ok: false,
      error: { code: 'split_party_duplicate', path: '/1/party' },
    });
  });

  it('prefixes paths so errors point into the enclosing document', () => {
    const bad = [{ party: 'a', bps: 0 }];
    expect(checkSplitShares(bad, '/splits')).toMatchObject({ error: { path: '/splits/0/bps' } });
    expect(checkSplitShares([], '/splits')).toMatchObject({ error: { path: '/splits' } });
  });
});

describe('checkSplitParties', () => {
  it('checks parties only, whatever their weights', () => {
    expect(checkSplitParties([{ party: 'a' }, { party: 'b' }]).ok).toBe(true);
    expect(codeOf(checkSplitParties([{ party: 'a' }, { party: 'a' }]))).toBe(
      'split_party_duplicate',
    );
    expect(codeOf(checkSplitParties([]))).toBe('split_empty');
  });
});
