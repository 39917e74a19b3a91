/**
 * Conformance: mintMany, many receipts in one transaction. Each item follows the rules of mint;
 * one refused item refuses the whole call, which then changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { storeLimits } from '../src/index.js';
import {
  expectConserved,
  expectRefused,
  type LedgerSuite,
  openTestAccounts,
  PARTY,
  settle,
  testReceipt,
} from './ledger-fixtures.js';

export function describeMintBatchRules({ fresh }: LedgerSuite): void {
  describe('mintMany', () => {
    it('mints many receipts at once, and answers retries inside and across calls', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const receipts = Array.from({ length: 5 }, (_, n) =>
        testReceipt(`many-${n}`, { amount: BigInt(100 + n) }),
      );
      const items = receipts.map((receipt, n) => ({
        receipt,
        transfers: settle(receipt),
        atMs: n,
      }));
      expect(await store.mintMany([])).toEqual([]);
      expect(await store.mintMany([...items.slice(0, 3), items[1]!])).toEqual([
        'minted',
        'minted',
        'minted',
        'duplicate',
      ]);
      expect(await store.mintMany(items)).toEqual([
        'duplicate',
        'duplicate',
        'duplicate',
        'minted',
        'minted',
      ]);
      expect(await store.receipts()).toHaveLength(5);
      const seqs = (await store.transfers()).map((row) => row.seq);
      expect(seqs).toEqual(seqs.map((_, index) => index + 1));
      await expectConserved(store);
    });

    it('refuses the whole call when one item is refused', async () => {
      const { store } = await fresh();
      await openTestAccounts(store);
      const good = testReceipt('batch-good');
      const overdraft = testReceipt('batch-overdraft', { payer: PARTY.prepaid });
      const sharing = testReceipt('batch-sharing', { proofs: good.proofs, amount: 7n });
      const item = (receipt: typeof good) => ({ receipt, transfers: settle(receipt), atMs: 1 });
      await expectRefused(
        store,
        () => store.mintMany([item(good), item(overdraft)]),
        'ledger_insufficient_funds',
      );
      await expectRefused(
        store,
        () => store.mintMany([item(good), item(sharing)]),
        'ledger_receipt_conflict',
      );
      const otherSplit = { ...item(good), transfers: settle(good, []) };
      await expectRefused(
        store,
        () => store.mintMany([item(good), otherSplit]),
        'ledger_batch_conflict',
      );
      await expectRefused(
        store,
        () => store.mintMany([item(good), { ...item(good), atMs: -1 }]),
        'ledger_request_invalid',
      );
      const tooMany = Array.from({ length: storeLimits.LEDGER_MINT_BATCH_RECEIPTS_MAX + 1 }, () =>
        item(good),
      );
      await expectRefused(store, () => store.mintMany(tooMany), 'ledger_request_invalid');
      expect(await store.mintMany([item(good)])).toEqual(['minted']);
    });
  });
}
