/**
 * Conformance: minting one receipt. A receipt mints once (its id is the idempotency key), its
 * transfers all debit the payer, carry its currency and sum to its amount, and a proof is settled
 * by one receipt only (K7).
 */
import { buildReceipt, type Receipt, type Transfer, withSignature } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import {
  accountOf,
  expectConserved,
  expectRefused,
  type LedgerSuite,
  MINTER,
  move,
  openTestAccounts,
  PARTY,
  settle,
  testReceipt,
} from './ledger-fixtures.js';

const AMOUNT_MAX = 10n ** 38n - 1n;

export function describeMintRules({ fresh }: LedgerSuite): void {
  describe('mint', () => {
    it('mints a NodeCo split: the owners pro rata, the operator, the protocol', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const receipt = testReceipt('first');
      const transfers = settle(receipt);
      expect(await store.mint(receipt, transfers, { atMs: 5_000, subject: 'session-1' })).toBe(
        'minted',
      );
      const balance = (party: string) => store.balance(accountOf(party, 'INR'));
      expect(await balance(PARTY.payer)).toBe(-1000n);
      expect(await balance(PARTY.ownerA)).toBe(389n);
      expect(await balance(PARTY.ownerB)).toBe(233n);
      expect(await balance(PARTY.ownerC)).toBe(78n);
      expect(await balance(PARTY.operator)).toBe(200n);
      expect(await balance(PARTY.protocol)).toBe(100n);
      expect(await store.receipt(receipt.id)).toEqual({
        receipt,
        status: 'minted',
        subject: 'session-1',
        mintedAtMs: 5_000,
        paidBy: null,
        reversedAtMs: null,
        reversalReason: null,
      });
      const posted = await store.transfers();
      expect(
        posted.map(({ debit, credit, amount, currency }) => ({ debit, credit, amount, currency })),
      ).toEqual(transfers);
      for (const row of posted) {
        expect(row).toMatchObject({
          batch: receipt.id,
          kind: 'mint',
          receipt: receipt.id,
          atMs: 5_000,
        });
      }
      expect(await store.receiptTransfers(receipt.id)).toEqual(posted);
      expect(await store.receiptTransfers('sha256:unknown')).toEqual([]);
      await expectConserved(store);
    });

    it('answers a replayed VCR with duplicate and changes nothing, even re-signed or reordered', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const receipt = testReceipt('replayed');
      const transfers = settle(receipt);
      expect(await store.mint(receipt, transfers, { atMs: 1 })).toBe('minted');
      const before = await store.balances();
      expect(await store.mint(receipt, transfers, { atMs: 2 })).toBe('duplicate');
      expect(await store.mint(receipt, [...transfers].reverse(), { atMs: 3, subject: 'x' })).toBe(
        'duplicate',
      );
      const resigned = withSignature(
        { ...receipt, mintedAt: '2027-01-01T00:00:00Z' },
        'receipt',
        MINTER,
      );
      expect(await store.mint(resigned, transfers, { atMs: 4 })).toBe('duplicate');
      expect(await store.balances()).toEqual(before);
      expect(await store.transfers()).toHaveLength(transfers.length);
      expect((await store.receipt(receipt.id))!.mintedAtMs).toBe(1);
    });

    it('refuses the same receipt id with other transfers (ledger_batch_conflict)', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const receipt = testReceipt('conflict');
      await store.mint(receipt, settle(receipt), { atMs: 1 });
      const otherShares = settle(receipt, [{ party: PARTY.ownerA, shares: 1n }]);
      await expectRefused(
        store,
        () => store.mint(receipt, otherShares, { atMs: 2 }),
        'ledger_batch_conflict',
      );
      await store.deposit('fund', [move('rail', PARTY.node, 5n)], 3);
      const named = testReceipt('named-like-deposit');
      await store.deposit(named.id, [move('rail', PARTY.node, 5n)], 4);
      await expectRefused(
        store,
        () => store.mint(named, settle(named), { atMs: 5 }),
        'ledger_batch_conflict',
      );
    });

    it('refuses another receipt naming an already settled proof (ledger_receipt_conflict)', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const first = testReceipt('proof-owner', { proofs: [proofId('p1'), proofId('p2')] });
      await store.mint(first, settle(first), { atMs: 1 });
      const overlapping = testReceipt('proof-thief', {
        proofs: [proofId('p2'), proofId('p3')],
        amount: 999n,
      });
      await expectRefused(
        store,
        () => store.mint(overlapping, settle(overlapping), { atMs: 2 }),
        'ledger_receipt_conflict',
      );
      await store.reverse(first.id, { atMs: 3, reason: 'overturned' });
      // An overturned proof stays settled: it is never minted again.
      await expectRefused(
        store,
        () => store.mint(overlapping, settle(overlapping), { atMs: 4 }),
        'ledger_receipt_conflict',
      );
    });

    it('refuses receipts the kernel refuses, or not in status minted', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const receipt = testReceipt('tampered');
      const tampered = { ...receipt, amount: { ...receipt.amount, minor: '999' } };
      const paid = buildReceipt({ ...withoutIdentity(receipt), status: 'paid' });
      const badSplits = {
        ...receipt,
        splits: [{ party: PARTY.node, role: 'owner' as const, bps: 9000 }],
      };
      for (const bad of [tampered, paid, badSplits, null, { ...receipt, kind: 'proof' }]) {
        await expectRefused(
          store,
          () => store.mint(bad as Receipt, settle(receipt), { atMs: 1 }),
          'ledger_receipt_invalid',
        );
      }
    });

    it('refuses transfers in another currency, not from the payer, or not summing to the amount', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      await openTestAccounts(store, 'EUR');
      const receipt = testReceipt('shape');
      const good = settle(receipt);
      const variants: [Transfer[], string][] = [
        [[{ ...good[0]!, currency: 'EUR' }, ...good.slice(1)], 'ledger_currency_mismatch'],
        [[move(PARTY.payer, PARTY.node, 10n, 'EUR'), ...good.slice(1)], 'ledger_currency_mismatch'],
        [
          [{ ...good[0]!, debit: accountOf(PARTY.operator, 'INR') }, ...good.slice(1)],
          'ledger_batch_unbalanced',
        ],
        [good.slice(1), 'ledger_batch_unbalanced'],
        [[...good, move(PARTY.payer, PARTY.node, 1n)], 'ledger_batch_unbalanced'],
        [
          [{ ...good[0]!, credit: accountOf(PARTY.payer, 'INR') }, ...good.slice(1)],
          'ledger_transfer_invalid',
        ],
        [[{ ...good[0]!, amount: 0n }, ...good.slice(1)], 'ledger_amount_invalid'],
        [[{ ...good[0]!, amount: -good[0]!.amount }, ...good.slice(1)], 'ledger_amount_invalid'],
        [
          [{ ...good[0]!, amount: 388.5 as unknown as bigint }, ...good.slice(1)],
          'ledger_amount_invalid',
        ],
        [
          [{ ...good[0]!, amount: 389 as unknown as bigint }, ...good.slice(1)],
          'ledger_amount_invalid',
        ],
      ];
      for (const [transfers, code] of variants) {
        await expectRefused(store, () => store.mint(receipt, transfers, { atMs: 1 }), code);
      }
      for (const options of [{ atMs: -1 }, { atMs: 1.5 }, { atMs: 1, subject: '' }]) {
        await expectRefused(
          store,
          () => store.mint(receipt, good, options),
          'ledger_request_invalid',
        );
      }
      expect(await store.mint(receipt, good, { atMs: 1 })).toBe('minted');
    });

    it('refuses a mint to an account that is not open, or overdrawing a payer without credit', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const stranger = testReceipt('stranger', {
        splits: [{ party: 'did:key:zStranger', role: 'payee', bps: 10_000 }],
      });
      await expectRefused(
        store,
        () => store.mint(stranger, settle(stranger), { atMs: 1 }),
        'ledger_account_unknown',
      );
      await store.deposit('fund', [move('rail', PARTY.prepaid, 500n)], 1);
      const tooMuch = testReceipt('prepaid-1000', { payer: PARTY.prepaid, amount: 1000n });
      await expectRefused(
        store,
        () => store.mint(tooMuch, settle(tooMuch), { atMs: 2 }),
        'ledger_insufficient_funds',
      );
      const exact = testReceipt('prepaid-500', { payer: PARTY.prepaid, amount: 500n });
      expect(await store.mint(exact, settle(exact), { atMs: 3 })).toBe('minted');
      expect(await store.balance(accountOf(PARTY.prepaid, 'INR'))).toBe(0n);
      await expectConserved(store);
    });

    it('mints 38-digit amounts exactly, and a receipt of zero with no transfers', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const huge = testReceipt('huge', { amount: AMOUNT_MAX });
      const transfers = settle(huge);
      expect(await store.mint(huge, transfers, { atMs: 1 })).toBe('minted');
      expect(await store.balance(accountOf(PARTY.payer, 'INR'))).toBe(-AMOUNT_MAX);
      const ownerA = transfers.find(
        (transfer) => transfer.credit === accountOf(PARTY.ownerA, 'INR'),
      )!;
      expect(await store.balance(ownerA.credit)).toBe(ownerA.amount);
      const again = testReceipt('huge-again', { amount: AMOUNT_MAX });
      await expectRefused(
        store,
        () => store.mint(again, settle(again), { atMs: 2 }),
        'ledger_balance_out_of_range',
      );
      const zero = testReceipt('zero', { amount: 0n });
      expect(settle(zero)).toEqual([]);
      expect(await store.mint(zero, [], { atMs: 3 })).toBe('minted');
      expect(await store.mint(zero, [], { atMs: 4 })).toBe('duplicate');
      expect((await store.receipt(zero.id))!.status).toBe('minted');
      await expectConserved(store);
    });

    it('lists receipts by mint time, filtered by status and subject', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const receipts = [3, 1, 2].map((n) =>
        testReceipt(`listed-${n}`, { amount: BigInt(n * 100) }),
      );
      for (const [index, receipt] of receipts.entries()) {
        await store.mint(receipt, settle(receipt), {
          atMs: 10 - index,
          subject: index === 1 ? 'odd' : 'even',
        });
      }
      const ids = (list: { receipt: Receipt }[]) => list.map((stored) => stored.receipt.id);
      expect(ids(await store.receipts())).toEqual([
        receipts[2]!.id,
        receipts[1]!.id,
        receipts[0]!.id,
      ]);
      expect(ids(await store.receipts({ subject: 'odd' }))).toEqual([receipts[1]!.id]);
      expect(ids(await store.receipts({ limit: 1 }))).toEqual([receipts[2]!.id]);
      await store.reverse(receipts[0]!.id, { atMs: 20, reason: 'overturned' });
      expect(ids(await store.receipts({ status: 'reversed' }))).toEqual([receipts[0]!.id]);
      expect(ids(await store.receipts({ status: 'minted', subject: 'even' }))).toEqual([
        receipts[2]!.id,
      ]);
      for (const filter of [{ status: 'lost' }, { limit: 0 }, { subject: '' }]) {
        await expectRefused(store, () => store.receipts(filter), 'ledger_request_invalid');
      }
    });
  });
}

function proofId(label: string): string {
  return testReceipt(label).proofs[0]!;
}

function withoutIdentity(receipt: Receipt) {
  const {
    v: _v,
    kind: _kind,
    id: _id,
    signatures: _signatures,
    status: _status,
    ...fields
  } = receipt;
  return fields;
}
