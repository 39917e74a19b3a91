import { describe, expect, it } from 'vitest';
import {
  checkBalanced,
  checkMintedAgainstProofs,
  checkMintedOnce,
  checkSplitsExact,
  type Transfer,
} from './k7-conservation.js';

const ID_A = `sha256:${'a'.repeat(64)}`;
const ID_B = `sha256:${'b'.repeat(64)}`;
const ID_C = `sha256:${'c'.repeat(64)}`;

describe('checkSplitsExact', () => {
  it('accepts parts that add up to the total', () => {
    const parts = [
      { party: 'owners', amount: 701n },
      { party: 'operator', amount: 200n },
      { party: 'protocol', amount: 100n },
    ];
    expect(checkSplitsExact(1001n, parts)).toEqual({ ok: true, value: true });
  });

  it('accepts zero parts of a zero total', () => {
    expect(checkSplitsExact(0n, []).ok).toBe(true);
    expect(checkSplitsExact(0n, [{ party: 'a', amount: 0n }]).ok).toBe(true);
  });

  it('rejects one minor unit too many or too few', () => {
    const parts = [
      { party: 'a', amount: 500n },
      { party: 'b', amount: 501n },
    ];
    expect(checkSplitsExact(1000n, parts)).toMatchObject({
      ok: false,
      error: { code: 'split_sum_inexact' },
    });
    expect(checkSplitsExact(1002n, parts)).toMatchObject({
      ok: false,
      error: { code: 'split_sum_inexact' },
    });
  });

  it('rejects a negative part even when the sum is right', () => {
    const parts = [
      { party: 'a', amount: 1100n },
      { party: 'b', amount: -100n },
    ];
    expect(checkSplitsExact(1000n, parts)).toMatchObject({
      ok: false,
      error: { code: 'split_part_negative', path: '/1/amount' },
    });
  });

  it('rejects parts of nothing', () => {
    expect(checkSplitsExact(5n, [])).toMatchObject({
      ok: false,
      error: { code: 'split_sum_inexact' },
    });
  });
});

describe('checkBalanced', () => {
  const payout: Transfer[] = [
    { debit: 'payer', credit: 'owners', amount: 701n, currency: 'INR' },
    { debit: 'payer', credit: 'operator', amount: 200n, currency: 'INR' },
    { debit: 'payer', credit: 'protocol', amount: 100n, currency: 'INR' },
    { debit: 'owners', credit: 'did:key:zAsha', amount: 351n, currency: 'INR' },
  ];

  it('returns every account’s net position, which sums to zero per currency', () => {
    const result = checkBalanced(payout);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.fromEntries(result.value.get('INR')!)).toEqual({
      payer: -1001n,
      owners: 350n,
      operator: 200n,
      protocol: 100n,
      'did:key:zAsha': 351n,
    });
  });

  it('keeps currencies apart', () => {
    const mixed: Transfer[] = [
      { debit: 'a', credit: 'b', amount: 5n, currency: 'EUR' },
      { debit: 'a', credit: 'b', amount: 7n, currency: 'token:in.solar/kwh-credit' },
    ];
    const result = checkBalanced(mixed);
    expect(result.ok && Object.fromEntries(result.value.get('EUR')!)).toEqual({ a: -5n, b: 5n });
    expect(result.ok && Object.fromEntries(result.value.get('token:in.solar/kwh-credit')!)).toEqual(
      {
        a: -7n,
        b: 7n,
      },
    );
  });

  it('accepts no transfers, and the largest amount a receipt can carry', () => {
    expect(checkBalanced([])).toMatchObject({ ok: true });
    const largest = 10n ** 38n - 1n;
    expect(checkBalanced([{ debit: 'a', credit: 'b', amount: largest, currency: 'USD' }]).ok).toBe(
      true,
    );
  });

  it.each([
    ['zero', 0n],
    ['negative', -1n],
    ['above 10^38 - 1', 10n ** 38n],
    ['a float', 1.5 as unknown as bigint],
    ['a number', 1 as unknown as bigint],
  ])('rejects an amount that is %s', (_, amount) => {
    const transfers = [...payout, { debit: 'a', credit: 'b', amount, currency: 'INR' }];
    expect(checkBalanced(transfers)).toMatchObject({
      ok: false,
      error: { code: 'transfer_amount_out_of_range', path: '/4/amount' },
    });
  });

  it('rejects a transfer from an account to itself', () => {
    const transfers = [{ debit: 'owners', credit: 'owners', amount: 1n, currency: 'INR' }];
    expect(checkBalanced(transfers)).toMatchObject({
      ok: false,
      error: { code: 'transfer_accounts_must_differ', path: '/0/credit' },
    });
  });

  it.each(['inr', 'INRX', 'IN', '', 'token:IN/kwh', 'token:in.solar', 'token:in.solar/', 'kwh'])(
    'rejects the currency %j',
    (currency) => {
      const transfers = [{ debit: 'a', credit: 'b', amount: 1n, currency }];
      expect(checkBalanced(transfers)).toMatchObject({
        ok: false,
        error: { code: 'transfer_currency_invalid' },
      });
    },
  );
});

describe('checkMintedOnce', () => {
  it('accepts distinct receipt ids from any iterable', () => {
    expect(checkMintedOnce([ID_A, ID_B]).ok).toBe(true);
    expect(checkMintedOnce(new Set([ID_A, ID_B])).ok).toBe(true);
    expect(checkMintedOnce([]).ok).toBe(true);
  });

  it('returns the first repeat, at the index where it repeats', () => {
    const ids = [ID_A, ID_B, ID_C, ID_B, ID_A];
    expect(checkMintedOnce(ids)).toEqual({
      ok: false,
      error: { code: 'receipt_minted_twice', message: `${ID_B} was already minted`, path: '/3' },
    });
  });

  it('reads a generator only as far as the first repeat', () => {
    let yielded = 0;
    function* ids() {
      for (const id of [ID_A, ID_A, ID_B]) {
        yielded += 1;
        yield id;
      }
    }
    expect(checkMintedOnce(ids())).toMatchObject({ ok: false, error: { path: '/1' } });
    expect(yielded).toBe(2);
  });
});

describe('checkMintedAgainstProofs', () => {
  const verified = new Set([ID_A, ID_B]);

  it('accepts a receipt whose proofs are all verified', () => {
    expect(checkMintedAgainstProofs({ proofs: [ID_B, ID_A] }, verified).ok).toBe(true);
  });

  it('rejects a receipt with one unverified proof among verified ones', () => {
    expect(checkMintedAgainstProofs({ proofs: [ID_A, ID_C, ID_B] }, verified)).toMatchObject({
      ok: false,
      error: { code: 'receipt_proof_unverified', path: '/proofs/1' },
    });
  });

  it('rejects minting against no proof at all', () => {
    expect(checkMintedAgainstProofs({ proofs: [] }, verified)).toMatchObject({
      ok: false,
      error: { code: 'receipt_proof_unverified', path: '/proofs' },
    });
  });

  it('rejects everything when nothing is verified', () => {
    expect(checkMintedAgainstProofs({ proofs: [ID_A] }, new Set())).toMatchObject({ ok: false });
  });
});
