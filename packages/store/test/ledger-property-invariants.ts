/**
 * The invariants a ledger keeps whatever happened to it (K7, ARCHITECTURE §4.1): balances sum to
 * zero per currency; total debits equal total credits; the stored balances equal the replay of
 * every transfer; every receipt is minted once, with exactly its settlement transfers, and
 * reversed at most once; accounts without credit are never below zero; and each receipt's status
 * is the one the model expects.
 */
import { expect } from 'vitest';
import type { LedgerStore, PostedTransfer } from '../src/index.js';
import { settle } from './ledger-fixtures.js';
import type { Template } from './ledger-property-arbitraries.js';

export interface ModelView {
  readonly status: ReadonlyMap<string, string>;
}

export async function allTransfers(store: LedgerStore): Promise<PostedTransfer[]> {
  const all: PostedTransfer[] = [];
  for (;;) {
    const page = await store.transfers({ afterSeq: all.at(-1)?.seq ?? 0 });
    if (page.length === 0) return all;
    all.push(...page);
  }
}

export async function checkLedgerInvariants(
  store: LedgerStore,
  templates: readonly Template[],
  model: ModelView,
): Promise<void> {
  const balances = await store.balances();
  expect(await store.replayBalances()).toEqual(balances);
  const sums = new Map<string, bigint>();
  for (const [account, balance] of balances) {
    const currency = account.slice(account.lastIndexOf('#') + 1);
    sums.set(currency, (sums.get(currency) ?? 0n) + balance);
    const stored = await store.account(account);
    if (!stored!.allowCredit) expect(balance >= 0n).toBe(true);
  }
  for (const sum of sums.values()) expect(sum).toBe(0n);

  const transfers = await allTransfers(store);
  expect(transfers.map((row) => row.seq)).toEqual(transfers.map((_, index) => index + 1));
  const debits = new Map<string, bigint>();
  const credits = new Map<string, bigint>();
  for (const row of transfers) {
    debits.set(row.currency, (debits.get(row.currency) ?? 0n) + row.amount);
    credits.set(row.currency, (credits.get(row.currency) ?? 0n) + row.amount);
    expect(row.amount > 0n).toBe(true);
  }
  expect(debits).toEqual(credits);

  const stored = await store.receipts();
  const storedIds = stored.map((entry) => entry.receipt.id);
  expect(new Set(storedIds).size).toBe(storedIds.length);
  expect(new Set(storedIds)).toEqual(new Set(model.status.keys()));
  for (const entry of stored) {
    expect(entry.status).toBe(model.status.get(entry.receipt.id));
    const template = templates.find((t) => t.receipt.id === entry.receipt.id)!;
    const minted = transfers.filter(
      (row) => row.kind === 'mint' && row.receipt === entry.receipt.id,
    );
    const expected = settle(template.receipt, template.holdings);
    const shape = (rows: readonly { debit: string; credit: string; amount: bigint }[]) =>
      rows.map(({ debit, credit, amount }) => `${debit}>${credit}:${amount}`).sort();
    expect(shape(minted)).toEqual(shape(expected));
    const reversals = transfers.filter(
      (row) => row.kind === 'reversal' && row.receipt === entry.receipt.id,
    );
    expect(reversals).toHaveLength(entry.status === 'reversed' ? expected.length : 0);
  }
}
