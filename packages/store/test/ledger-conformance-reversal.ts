/**
 * Conformance: reversals (an overturned proof) before and after payout, and the differential
 * that closes the suite: after a mixed history the stored balances equal the replay of every
 * transfer, and a reopened store reads back the same ledger.
 */
import { describe, expect, it } from 'vitest';
import {
  accountOf,
  expectConserved,
  expectRefused,
  type LedgerSuite,
  move,
  openTestAccounts,
  PARTY,
  settle,
  snapshot,
  testReceipt,
} from './ledger-fixtures.js';

export function describeReversalRules({ fresh, reopen }: LedgerSuite): void {
  describe('reversals and the differential', () => {
    it('cancels a receipt before payout: compensating transfers, status reversed, once', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const receipt = testReceipt('reversed-early');
      const before = await store.balances();
      await store.mint(receipt, settle(receipt), { atMs: 10 });
      const reversal = await store.reverse(receipt.id, { atMs: 20, reason: 'proof overturned' });
      expect(reversal).toEqual({ outcome: 'reversed', afterPayout: false });
      expect(await store.balances()).toEqual(before);
      expect(await store.receipt(receipt.id)).toMatchObject({
        status: 'reversed',
        reversedAtMs: 20,
        reversalReason: 'proof overturned',
        paidBy: null,
      });
      const undo = (await store.transfers()).filter((row) => row.kind === 'reversal');
      // The receipt's mint batch stays as posted; its reversal is a batch of its own.
      const minted = await store.receiptTransfers(receipt.id);
      expect(minted.map((row) => row.kind)).toEqual(settle(receipt).map(() => 'mint'));
      expect(
        undo.map(({ debit, credit, amount }) => ({ debit: credit, credit: debit, amount })),
      ).toEqual(settle(receipt).map(({ debit, credit, amount }) => ({ debit, credit, amount })));
      for (const row of undo) {
        expect(row).toMatchObject({
          batch: `reversal:${receipt.id}`,
          receipt: receipt.id,
          atMs: 20,
        });
      }
      expect(await store.reverse(receipt.id, { atMs: 30, reason: 'again' })).toEqual({
        outcome: 'duplicate',
        afterPayout: false,
      });
      const plan = await store.planPayout({ currency: 'INR', fromMs: 0, toMs: 100 });
      expect(plan.receipts).toEqual([]);
      await expectRefused(
        store,
        () => store.reverse('sha256:unknown', { atMs: 1, reason: 'x' }),
        'ledger_receipt_unknown',
      );
      for (const options of [
        { atMs: 1, reason: '' },
        { atMs: -1, reason: 'x' },
      ]) {
        await expectRefused(
          store,
          () => store.reverse(receipt.id, options),
          'ledger_request_invalid',
        );
      }
      await expectConserved(store);
    });

    it('claws back after payout: payees go below zero, and the next payout nets it', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const first = testReceipt('paid-then-reversed', { amount: 1000n });
      await store.mint(first, settle(first), { atMs: 10 });
      const plan = await store.planPayout({ currency: 'INR', fromMs: 0, toMs: 100 });
      await store.confirmPayout(plan.id, 110);
      const reversal = await store.reverse(first.id, { atMs: 120, reason: 'overturned' });
      expect(reversal).toEqual({ outcome: 'reversed', afterPayout: true });
      expect(await store.receipt(first.id)).toMatchObject({ status: 'reversed', paidBy: plan.id });
      const ownerA = accountOf(PARTY.ownerA, 'INR');
      expect(await store.balance(ownerA)).toBe(-389n);
      expect(await store.balance(accountOf(PARTY.payer, 'INR'))).toBe(0n);
      expect(await store.reverse(first.id, { atMs: 130, reason: 'again' })).toEqual({
        outcome: 'duplicate',
        afterPayout: true,
      });
      const second = testReceipt('after-clawback', { amount: 2000n });
      await store.mint(second, settle(second), { atMs: 200 });
      const next = await store.planPayout({ currency: 'INR', fromMs: 100, toMs: 300 });
      const partA = settle(second).find((transfer) => transfer.credit === ownerA)!.amount;
      expect(next.instructions.find((i) => i.account === ownerA)!.amount).toBe(partA - 389n);
      await store.confirmPayout(next.id, 310);
      expect(await store.balance(ownerA)).toBe(0n);
      await expectConserved(store);
    });

    it('refuses a clawback that would take a payee without credit below zero', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const receipt = testReceipt('to-prepaid', {
        splits: [{ party: PARTY.prepaid, role: 'payee', bps: 10_000 }],
      });
      await store.mint(receipt, settle(receipt), { atMs: 10 });
      const plan = await store.planPayout({ currency: 'INR', fromMs: 0, toMs: 100 });
      await store.confirmPayout(plan.id, 110);
      await expectRefused(
        store,
        () => store.reverse(receipt.id, { atMs: 120, reason: 'overturned' }),
        'ledger_insufficient_funds',
      );
      expect((await store.receipt(receipt.id))!.status).toBe('paid');
    });

    it('keeps balances equal to the replay of every transfer, and reopens to the same ledger', async () => {
      const { store, location } = await fresh();
      await openTestAccounts(store);
      await openTestAccounts(store, 'EUR');
      await store.deposit('fund', [move('rail', PARTY.prepaid, 5000n)], 1);
      const receipts = Array.from({ length: 12 }, (_, n) =>
        testReceipt(`mixed-${n}`, {
          amount: BigInt(97 * n + 13),
          currency: n % 4 === 3 ? 'EUR' : 'INR',
          payer: n % 3 === 0 ? PARTY.prepaid : PARTY.payer,
        }),
      );
      const eur = receipts.filter((receipt) => receipt.amount.currency === 'EUR');
      await store.deposit('fund-eur', [move('rail', PARTY.prepaid, 5000n, 'EUR')], 1);
      expect(eur.length).toBeGreaterThan(0);
      await store.mintMany(
        receipts
          .slice(0, 6)
          .map((receipt, n) => ({ receipt, transfers: settle(receipt), atMs: 10 + n })),
      );
      for (const [n, receipt] of receipts.slice(6).entries()) {
        await store.mint(receipt, settle(receipt), { atMs: 100 + n, subject: `s-${n}` });
      }
      await store.reverse(receipts[1]!.id, { atMs: 50, reason: 'before payout' });
      const plan = await store.planPayout({ currency: 'INR', fromMs: 0, toMs: 103 });
      await store.confirmPayout(plan.id, 150);
      await store.reverse(receipts[2]!.id, { atMs: 160, reason: 'after payout' });
      const euroPlan = await store.planPayout({ currency: 'EUR', fromMs: 0, toMs: 1000 });
      await store.confirmPayout(euroPlan.id, 170);
      await store.planPayout({ currency: 'INR', fromMs: 0, toMs: 1000 });
      const balances = await expectConserved(store);
      const before = await snapshot(store);
      await store.close();
      const reopened = await reopen(location);
      expect(await reopened.balances()).toEqual(balances);
      expect(await snapshot(reopened)).toEqual(before);
      await expectConserved(reopened);
      expect(await reopened.mint(receipts[0]!, settle(receipts[0]!), { atMs: 999 })).toBe(
        'duplicate',
      );
    });
  });
}
