import { describe, expect, it } from 'vitest';
import {
  ASHA,
  BELA,
  CHEN,
  CLIENT,
  NODE,
  OPERATOR,
  PROTOCOL,
  signedNodeCo,
  signerNumber,
  unwrap,
} from '../../test/settlement-test-support.js';
import type { Transfer } from '../invariants/k7-conservation.js';
import { buildReceipt } from '../invariants/k7-receipt.js';
import type { Receipt, ReceiptSplit } from '../invariants/k7-receipt-schema.js';
import type { Holding } from '../invariants/k7-split-amount.js';
import { SPLIT_PARTIES_MAX } from '../limits.js';
import { accountOf } from './accounts.js';
import { nodeFeeSplits } from './node-fee-splits.js';
import { settlementTransfers } from './settlement-transfers.js';

const PROOF = `sha256:${'ab'.repeat(32)}`;

function receipt(minor: string, splits: readonly ReceiptSplit[], payer = CLIENT.key.did): Receipt {
  return buildReceipt({
    federation: 'devnet',
    proofs: [PROOF],
    acceptedConfidence: 1,
    amount: { minor, currency: 'INR' },
    payer,
    splits: [...splits],
    mintedAt: '2026-12-01T10:00:00Z',
  });
}

function credits(transfers: readonly Transfer[]): [string, bigint][] {
  return transfers.map((transfer) => [transfer.credit, transfer.amount]);
}

const payerAccount = accountOf(CLIENT.key.did, 'INR');
const account = (party: string) => accountOf(party, 'INR');
const NODECO = nodeFeeSplits(signedNodeCo(), NODE.key.did, PROTOCOL.key.did);

describe('settlementTransfers', () => {
  it('splits a fee 70/20/10, then the owners’ 70 % pro rata to shares, exactly', () => {
    // 1001: pool 701 (Asha 50 % → 350.5, Bela 30 % → 210.3, Chen 20 % → 140.2; Asha gets the
    // leftover unit), operator 200, protocol 100.
    const transfers = unwrap(settlementTransfers(receipt('1001', NODECO.splits), NODECO.holdings));
    expect(new Map(credits(transfers))).toEqual(
      new Map([
        [account(ASHA.key.did), 351n],
        [account(BELA.key.did), 210n],
        [account(CHEN.key.did), 140n],
        [account(OPERATOR.key.did), 200n],
        [account(PROTOCOL.key.did), 100n],
      ]),
    );
    for (const transfer of transfers) {
      expect(transfer.debit).toBe(payerAccount);
      expect(transfer.currency).toBe('INR');
    }
    expect(transfers.reduce((sum, transfer) => sum + transfer.amount, 0n)).toBe(1001n);
    expect(transfers.some((transfer) => transfer.credit === account(NODE.key.did))).toBe(false);
  });

  it('pays an owner who also operates in two transfers, never merged', () => {
    const record = signedNodeCo({
      operator: ASHA.key.did,
      owners: [
        { party: ASHA.key.did, shares: '1' },
        { party: BELA.key.did, shares: '1' },
      ],
    });
    const { splits, holdings } = nodeFeeSplits(record, NODE.key.did, PROTOCOL.key.did);
    const transfers = unwrap(settlementTransfers(receipt('1000', splits), holdings));
    const toAsha = transfers.filter((transfer) => transfer.credit === account(ASHA.key.did));
    expect(toAsha.map((transfer) => transfer.amount).sort()).toEqual([200n, 350n]);
    expect(transfers).toHaveLength(4);
  });

  it('a node with no record is paid 90 % as its own owner', () => {
    const { splits, holdings } = nodeFeeSplits(undefined, NODE.key.did, PROTOCOL.key.did);
    const transfers = unwrap(settlementTransfers(receipt('999', splits), holdings));
    expect(new Map(credits(transfers))).toEqual(
      new Map([
        [account(NODE.key.did), 899n],
        [account(PROTOCOL.key.did), 100n],
      ]),
    );
  });

  it('leaves out zero parts: a zero fee has no transfers, a 1-unit fee has one', () => {
    expect(unwrap(settlementTransfers(receipt('0', NODECO.splits), NODECO.holdings))).toEqual([]);
    expect(
      credits(unwrap(settlementTransfers(receipt('1', NODECO.splits), NODECO.holdings))),
    ).toEqual([[account(ASHA.key.did), 1n]]);
  });

  it('settles the largest amount a receipt can carry (38 digits) exactly', () => {
    const total = 10n ** 38n - 1n;
    const transfers = unwrap(
      settlementTransfers(receipt(total.toString(), NODECO.splits), NODECO.holdings),
    );
    expect(transfers.reduce((sum, transfer) => sum + transfer.amount, 0n)).toBe(total);
  });

  it('does not depend on the order of the holdings or of the splits', () => {
    const forward = settlementTransfers(receipt('12345', NODECO.splits), NODECO.holdings);
    const backward = settlementTransfers(
      receipt('12345', [...NODECO.splits].reverse()),
      [...NODECO.holdings].reverse(),
    );
    expect(backward).toEqual(forward);
  });

  it('settles a receipt with no owner split by its splits alone (holdings unused)', () => {
    const splits: ReceiptSplit[] = [
      { party: ASHA.key.did, role: 'payee', bps: 5000 },
      { party: BELA.key.did, role: 'payee', bps: 5000 },
    ];
    expect(credits(unwrap(settlementTransfers(receipt('11', splits), [])))).toHaveLength(2);
  });

  it('split_bps_total_invalid: a receipt whose basis points do not sum to 10 000', () => {
    const splits: ReceiptSplit[] = [
      { party: NODE.key.did, role: 'owner', bps: 7000 },
      { party: PROTOCOL.key.did, role: 'protocol', bps: 2000 },
    ];
    expect(settlementTransfers(receipt('100', splits), NODECO.holdings)).toMatchObject({
      ok: false,
      error: { code: 'split_bps_total_invalid' },
    });
  });

  it('receipt_schema_invalid / receipt_id_mismatch: negative, fractional or altered amounts', () => {
    const good = receipt('100', NODECO.splits);
    for (const minor of ['-100', '1.5', '1e3', '01']) {
      const bad = { ...good, amount: { ...good.amount, minor } };
      expect(settlementTransfers(bad, NODECO.holdings)).toMatchObject({
        error: { code: 'receipt_schema_invalid' },
      });
    }
    const raised = { ...good, amount: { ...good.amount, minor: '1000' } };
    expect(settlementTransfers(raised, NODECO.holdings)).toMatchObject({
      error: { code: 'receipt_id_mismatch' },
    });
  });

  it('settlement_owner_split_ambiguous: two owner splits', () => {
    const splits: ReceiptSplit[] = [
      { party: NODE.key.did, role: 'owner', bps: 5000 },
      { party: OPERATOR.key.did, role: 'owner', bps: 5000 },
    ];
    expect(settlementTransfers(receipt('100', splits), NODECO.holdings)).toMatchObject({
      error: { code: 'settlement_owner_split_ambiguous', path: '/splits' },
    });
  });

  it('settlement_holdings_invalid: empty, too many, twice, not a DID, no or fractional shares', () => {
    const cases: [readonly Holding[], string | undefined][] = [
      [[], undefined],
      [
        Array.from({ length: SPLIT_PARTIES_MAX + 1 }, (_, index) => ({
          party: signerNumber(index + 1).key.did,
          shares: 1n,
        })),
        undefined,
      ],
      [[NODECO.holdings[0]!, NODECO.holdings[0]!], '/1/party'],
      [[{ party: 'asha', shares: 1n }], '/0/party'],
      [[{ party: `${ASHA.key.did}#INR`, shares: 1n }], '/0/party'],
      [[{ party: ASHA.key.did, shares: 0n }], '/0/shares'],
      [[{ party: ASHA.key.did, shares: -5n }], '/0/shares'],
      [[{ party: ASHA.key.did, shares: 1.5 as unknown as bigint }], '/0/shares'],
      [[{ party: ASHA.key.did, shares: 2 as unknown as bigint }], '/0/shares'],
    ];
    for (const [holdings, path] of cases) {
      // A zero fee too: whether settlement fails does not depend on the amount.
      for (const minor of ['0', '100']) {
        const failed = settlementTransfers(receipt(minor, NODECO.splits), holdings);
        expect(failed).toMatchObject({ ok: false, error: { code: 'settlement_holdings_invalid' } });
        expect(failed.ok ? undefined : failed.error.path).toBe(path);
      }
    }
  });

  it('settlement_payer_is_payee: the payer owns a share, operates, or is the node', () => {
    for (const payer of [ASHA.key.did, OPERATOR.key.did, PROTOCOL.key.did, NODE.key.did]) {
      expect(
        settlementTransfers(receipt('100', NODECO.splits, payer), NODECO.holdings),
      ).toMatchObject({ error: { code: 'settlement_payer_is_payee', path: '/payer' } });
    }
  });
});
