/**
 * The settlement loop the crash test's writer runs, shared by the writer and the test so both
 * know every receipt and its transfers: CRASH_BATCHES batches of CRASH_BATCH_RECEIPTS receipts,
 * NodeCo splits over varied amounts; even batches go in one mintMany transaction, odd ones as
 * one mint call per receipt.
 */
import type { Holding } from '@mycel/kernel';
import type { MintItem } from '../src/index.js';
import { HOLDINGS, PARTY, settle, testReceipt } from './ledger-fixtures.js';

export const CRASH_BATCHES = 10;
export const CRASH_BATCH_RECEIPTS = 50;

const HOLDING_TABLES: readonly (readonly Holding[])[] = [
  HOLDINGS,
  [{ party: PARTY.ownerA, shares: 1n }],
  [
    { party: PARTY.ownerB, shares: 40n },
    { party: PARTY.ownerC, shares: 2n },
  ],
];

/** The items of batch `batch`, the same on every call. */
export function crashBatch(batch: number): MintItem[] {
  return Array.from({ length: CRASH_BATCH_RECEIPTS }, (_, offset) => {
    const index = batch * CRASH_BATCH_RECEIPTS + offset;
    const receipt = testReceipt(`crash-${index}`, {
      amount: BigInt(((index * 7919) % 100_000) + 1),
    });
    const transfers = settle(receipt, HOLDING_TABLES[index % HOLDING_TABLES.length]!);
    return { receipt, transfers, atMs: 1_000 + batch, subject: `batch-${batch}` };
  });
}

export function isAtomicBatch(batch: number): boolean {
  return batch % 2 === 0;
}
