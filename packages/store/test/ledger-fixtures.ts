/**
 * What the ledger tests are built from: the harness a driver's test file provides, parties with
 * real did:key identities, signed receipts, and their settlement transfers (a basis-point split,
 * the owners' part split again pro rata by shares, as a NodeCo node's fee is), computed here from
 * the kernel's split arithmetic so the store's tests do not lean on the settlement package.
 */
import {
  buildReceipt,
  contentId,
  ed25519SignerFromSeed,
  type Holding,
  type Receipt,
  type ReceiptSplit,
  type Signer,
  splitAmount,
  splitProRata,
  type Transfer,
  withSignature,
} from '@mycel/kernel';
import { expect } from 'vitest';
import type { LedgerStore } from '../src/index.js';

export interface LedgerStoreHarness {
  freshLocation(): Promise<string>;
  open(location: string): Promise<LedgerStore>;
  cleanup(): Promise<void>;
}

/** What each part of the conformance suite gets: fresh stores, and reopening a location. */
export interface LedgerSuite {
  readonly driver: string;
  readonly fresh: () => Promise<{ store: LedgerStore; location: string }>;
  readonly reopen: (location: string) => Promise<LedgerStore>;
}

function signerOf(seed: number): Signer {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(seed));
}

/** The coordinator that signs receipts; its signature is not the store's business, but real. */
export const MINTER = signerOf(200);

/** Parties of the tests, by role. */
export const PARTY = {
  payer: signerOf(1).key.did,
  prepaid: signerOf(2).key.did,
  node: signerOf(3).key.did,
  operator: signerOf(4).key.did,
  protocol: signerOf(5).key.did,
  ownerA: signerOf(6).key.did,
  ownerB: signerOf(7).key.did,
  ownerC: signerOf(8).key.did,
} as const;

export const NODE_SPLITS: readonly ReceiptSplit[] = [
  { party: PARTY.node, role: 'owner', bps: 7000 },
  { party: PARTY.operator, role: 'operator', bps: 2000 },
  { party: PARTY.protocol, role: 'protocol', bps: 1000 },
];

export const HOLDINGS: readonly Holding[] = [
  { party: PARTY.ownerA, shares: 5n },
  { party: PARTY.ownerB, shares: 3n },
  { party: PARTY.ownerC, shares: 1n },
];

export function accountOf(party: string, currency: string): string {
  return `${party}#${currency}`;
}

export interface ReceiptOptions {
  readonly amount?: bigint | string;
  readonly currency?: string;
  readonly payer?: string;
  readonly splits?: readonly ReceiptSplit[];
  readonly proofs?: readonly string[];
}

/** A signed receipt over fresh proofs named after `label`. */
export function testReceipt(label: string, options: ReceiptOptions = {}): Receipt {
  const receipt = buildReceipt({
    federation: 'devnet',
    proofs: [...(options.proofs ?? [contentId({ proof: label })])],
    acceptedConfidence: 1,
    amount: { minor: String(options.amount ?? 1000n), currency: options.currency ?? 'INR' },
    payer: options.payer ?? PARTY.payer,
    splits: [...(options.splits ?? NODE_SPLITS)],
    mintedAt: '2026-11-28T12:00:00Z',
  });
  return withSignature(receipt, 'receipt', MINTER);
}

/**
 * Settlement transfers: split by basis points, the node's owner part again pro rata over
 * `holdings`; one transfer per non-zero part, payer debited.
 */
export function settle(receipt: Receipt, holdings: readonly Holding[] = HOLDINGS): Transfer[] {
  const currency = receipt.amount.currency;
  const parts = splitAmount(BigInt(receipt.amount.minor), receipt.splits);
  if (!parts.ok) throw new Error(parts.error.code);
  const credits: { party: string; amount: bigint }[] = [];
  for (const part of parts.value) {
    const split = receipt.splits.find((candidate) => candidate.party === part.party)!;
    if (split.role === 'owner' && holdings.length > 0) {
      const owners = splitProRata(part.amount, holdings);
      if (!owners.ok) throw new Error(owners.error.code);
      credits.push(...owners.value);
    } else {
      credits.push(part);
    }
  }
  return credits
    .filter((credit) => credit.amount > 0n)
    .map((credit) => ({
      debit: accountOf(receipt.payer, currency),
      credit: accountOf(credit.party, currency),
      amount: credit.amount,
      currency,
    }));
}

/** Every party of the tests gets an account in `currency`; the prepaid payer has no credit. */
export async function openTestAccounts(store: LedgerStore, currency = 'INR'): Promise<void> {
  for (const party of Object.values(PARTY)) {
    await store.openAccount({
      id: accountOf(party, currency),
      currency,
      allowCredit: party !== PARTY.prepaid,
    });
  }
  await store.openAccount({ id: accountOf('rail', currency), currency, allowCredit: true });
}

/** Stored balances equal the replay, and every currency sums to zero. */
export async function expectConserved(store: LedgerStore): Promise<Map<string, bigint>> {
  const balances = await store.balances();
  expect(await store.replayBalances()).toEqual(balances);
  const sums = new Map<string, bigint>();
  for (const [account, balance] of balances) {
    const currency = account.slice(account.lastIndexOf('#') + 1);
    sums.set(currency, (sums.get(currency) ?? 0n) + balance);
  }
  for (const [currency, sum] of sums) expect({ currency, sum }).toEqual({ currency, sum: 0n });
  return balances;
}

/** Expects the call to fail with this StoreError code. */
export async function expectCode(call: Promise<unknown>, code: string): Promise<void> {
  await expect(call).rejects.toMatchObject({ name: 'StoreError', code });
}

/** Everything a call could change. */
export async function snapshot(store: LedgerStore) {
  return {
    balances: await store.balances(),
    transfers: await store.transfers(),
    receipts: await store.receipts(),
    payouts: await store.payouts(),
  };
}

/** Expects the call to fail with `code` and to leave the store exactly as it was. */
export async function expectRefused(
  store: LedgerStore,
  call: () => Promise<unknown>,
  code: string,
): Promise<void> {
  const before = await snapshot(store);
  await expectCode(call(), code);
  expect(await snapshot(store)).toEqual(before);
}

/** A balanced transfer in INR between two parties' accounts. */
export function move(from: string, to: string, amount: bigint, currency = 'INR'): Transfer {
  return { debit: accountOf(from, currency), credit: accountOf(to, currency), amount, currency };
}
