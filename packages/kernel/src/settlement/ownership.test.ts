import { describe, expect, it } from 'vitest';
import {
  ASHA,
  asJson,
  atHour,
  BELA,
  CHEN,
  HOUR_MS,
  RECORD_MS,
  STRANGER,
  signedNodeCo,
  signedTransfer,
  unwrap,
} from '../../test/settlement-test-support.js';
import type { JsonValue } from '../json/strict-json.js';
import { SHARE_TRANSFERS_PER_NODECO_MAX } from '../limits.js';
import { checkShareTransfers, nodeCoHoldings, ownershipAt } from './ownership.js';
import type { ShareTransfer } from './share-transfer-schema.js';

const RECORD = signedNodeCo();
// Asha 50, Bela 30, Chen 20; then Asha gives Bela 10 (hour 1), Chen gives all 20 to a newcomer
// (hour 2), and Bela gives Asha 5 at the same instant.
const CHAIN = [
  signedTransfer(RECORD, ASHA, BELA, '10', atHour(1)),
  signedTransfer(RECORD, CHEN, STRANGER, '20', atHour(2)),
  signedTransfer(RECORD, BELA, ASHA, '5', atHour(2)),
];

function sharesOf(holdings: readonly { party: string; shares: bigint }[]) {
  return Object.fromEntries(holdings.map((holding) => [holding.party, holding.shares]));
}

function failure(transfers: readonly unknown[]) {
  const checked = checkShareTransfers(RECORD, transfers as JsonValue[]);
  return checked.ok ? undefined : { code: checked.error.code, path: checked.error.path };
}

describe('checkShareTransfers', () => {
  it('accepts a chain in time order, equal times included, and an empty chain', () => {
    expect(unwrap(checkShareTransfers(RECORD, CHAIN.map(asJson)))).toEqual(CHAIN);
    expect(unwrap(checkShareTransfers(RECORD, []))).toEqual([]);
  });

  it('accepts a transfer at the very instant the record takes effect', () => {
    const atStart = signedTransfer(RECORD, ASHA, BELA, '1', atHour(0));
    expect(checkShareTransfers(RECORD, [asJson(atStart)]).ok).toBe(true);
  });

  it('share_transfer_unauthorized: someone who owns no shares signs a transfer of them', () => {
    const stranger = signedTransfer(RECORD, STRANGER, BELA, '10', atHour(1));
    expect(failure([stranger])).toEqual({ code: 'share_transfer_unauthorized', path: '/0/from' });
    // Chen gave all his shares away at hour 2: a later transfer by him is unauthorized too.
    const after = signedTransfer(RECORD, CHEN, ASHA, '1', atHour(3));
    expect(failure([...CHAIN, after])).toEqual({
      code: 'share_transfer_unauthorized',
      path: '/3/from',
    });
  });

  it('share_transfer_signature_invalid: an owner’s shares moved by someone else’s signature', () => {
    const forged = signedTransfer(RECORD, ASHA, STRANGER, '10', atHour(1), STRANGER);
    expect(failure([forged])).toEqual({
      code: 'share_transfer_signature_invalid',
      path: '/0/signatures',
    });
    const byRecipient = signedTransfer(RECORD, BELA, ASHA, '30', atHour(1), ASHA);
    expect(failure([byRecipient])?.code).toBe('share_transfer_signature_invalid');
  });

  it('share_transfer_insufficient: more shares than the giver holds at that time', () => {
    expect(failure([signedTransfer(RECORD, BELA, CHEN, '31', atHour(1))])).toEqual({
      code: 'share_transfer_insufficient',
      path: '/0/shares',
    });
    // After hour 1 Bela holds 40: 40 passes, 41 does not.
    const forty = signedTransfer(RECORD, BELA, CHEN, '40', atHour(3));
    expect(failure([CHAIN[0], forty])).toBeUndefined();
    const fortyOne = signedTransfer(RECORD, BELA, CHEN, '41', atHour(3));
    expect(failure([CHAIN[0], fortyOne])?.code).toBe('share_transfer_insufficient');
  });

  it('share_transfer_backdated: before the record, or before the transfer before it', () => {
    const beforeRecord = signedTransfer(RECORD, ASHA, BELA, '1', atHour(-1));
    expect(failure([beforeRecord])).toEqual({
      code: 'share_transfer_backdated',
      path: '/0/effectiveAt',
    });
    const backdated = signedTransfer(RECORD, ASHA, CHEN, '1', atHour(1.5));
    expect(failure([...CHAIN, backdated])).toEqual({
      code: 'share_transfer_backdated',
      path: '/3/effectiveAt',
    });
  });

  it('share_transfer_replayed: the same signed transfer submitted twice', () => {
    expect(failure([CHAIN[0], CHAIN[0]])).toEqual({ code: 'share_transfer_replayed', path: '/1' });
  });

  it('share_transfer_nodeco_mismatch: a transfer of another record or another node', () => {
    const other = signedNodeCo({ federation: 'elsewhere' });
    expect(failure([signedTransfer(other, ASHA, BELA, '1', atHour(1))])).toEqual({
      code: 'share_transfer_nodeco_mismatch',
      path: '/0/nodeco',
    });
    const otherNode = signedTransfer(
      { ...RECORD, node: STRANGER.key.did },
      ASHA,
      BELA,
      '1',
      atHour(1),
    );
    expect(failure([otherNode])).toEqual({
      code: 'share_transfer_nodeco_mismatch',
      path: '/0/node',
    });
  });

  it('reports the first broken rule with the inner path under /<index>', () => {
    const { shares: _shares, ...noShares } = CHAIN[1]!;
    expect(failure([CHAIN[0], noShares])).toEqual({
      code: 'share_transfer_schema_invalid',
      path: '/1/shares',
    });
    expect(failure([CHAIN[0], null])).toEqual({
      code: 'share_transfer_schema_invalid',
      path: '/1',
    });
    expect(failure([CHAIN[0], { ...CHAIN[1], shares: '21' }])).toEqual({
      code: 'share_transfer_id_mismatch',
      path: '/1/id',
    });
  });

  it('share_transfer_chain_too_long: more than SHARE_TRANSFERS_PER_NODECO_MAX transfers', () => {
    const long = new Array<JsonValue>(SHARE_TRANSFERS_PER_NODECO_MAX + 1).fill(null);
    expect(checkShareTransfers(RECORD, long)).toMatchObject({
      ok: false,
      error: { code: 'share_transfer_chain_too_long' },
    });
  });
});

describe('ownershipAt', () => {
  it('is the record’s owners before the first transfer takes effect', () => {
    expect(ownershipAt(RECORD, CHAIN, RECORD_MS)).toEqual(nodeCoHoldings(RECORD));
    expect(ownershipAt(RECORD, CHAIN, RECORD_MS + HOUR_MS - 1)).toEqual(nodeCoHoldings(RECORD));
  });

  it('applies a transfer from its effectiveAt on (inclusive)', () => {
    expect(sharesOf(ownershipAt(RECORD, CHAIN, RECORD_MS + HOUR_MS))).toEqual({
      [ASHA.key.did]: 40n,
      [BELA.key.did]: 40n,
      [CHEN.key.did]: 20n,
    });
  });

  it('applies every transfer of one instant, and drops an owner left with nothing', () => {
    const later = ownershipAt(RECORD, CHAIN, RECORD_MS + 2 * HOUR_MS);
    expect(sharesOf(later)).toEqual({
      [ASHA.key.did]: 45n,
      [BELA.key.did]: 35n,
      [STRANGER.key.did]: 20n,
    });
    expect(later.map((holding) => holding.party)).toEqual(
      later.map((holding) => holding.party).sort(),
    );
  });

  it('throws on a chain checkShareTransfers would refuse (a caller bug)', () => {
    const bad: ShareTransfer = { ...CHAIN[0]!, from: STRANGER.key.did };
    expect(() => ownershipAt(RECORD, [bad], RECORD_MS + HOUR_MS)).toThrow(/assertion failed/);
  });
});
