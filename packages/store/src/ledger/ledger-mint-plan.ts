/**
 * What a mint call writes, decided from what its transaction read: each receipt is new (minted),
 * a retry of a stored or earlier mint with the same transfers (duplicate), or refused. K7: a
 * receipt id mints once (its id is the idempotency key) and a proof is settled by one receipt
 * only. The drivers read the state this needs, call planMints, and write `fresh` and the changed
 * balances; they never decide a rule themselves.
 */
import type { Transfer } from '@mycel/kernel';
import { StoreError } from '../store-error.js';
import type { CheckedMint } from './ledger-checks.js';
import { type AccountState, BalanceSheet, sameTransfers } from './ledger-postings.js';
import type { LedgerBatchKind, MintOutcome } from './ledger-store.js';

/** A batch already stored under an id a call wants: its kind and, for mints, its transfers. */
export interface StoredBatch {
  readonly kind: LedgerBatchKind;
  readonly transfers: readonly Transfer[];
}

/** What the transaction read before planning. */
export interface MintState {
  /** Stored batches whose id is one of the call's receipt ids. */
  readonly batches: ReadonlyMap<string, StoredBatch>;
  /** Proof id → the receipt that settled it, for the call's proofs that are settled. */
  readonly proofClaims: ReadonlyMap<string, string>;
  /** Every account the call's transfers name that exists. */
  readonly accounts: ReadonlyMap<string, AccountState>;
}

export interface MintPlan {
  readonly outcomes: MintOutcome[];
  /** The receipts to write, in call order. */
  readonly fresh: CheckedMint[];
  /** Accounts whose balance moved, with the new balance, in id order. */
  readonly balances: [string, bigint][];
}

export function planMints(mints: readonly CheckedMint[], state: MintState): MintPlan {
  const sheet = new BalanceSheet(state.accounts);
  const earlier = new Map<string, CheckedMint>();
  const newClaims = new Map<string, string>();
  const outcomes: MintOutcome[] = [];
  const fresh: CheckedMint[] = [];
  for (const mint of mints) {
    const id = mint.receipt.id;
    const retried = earlier.get(id) ?? state.batches.get(id);
    if (retried !== undefined) {
      const kind = 'kind' in retried ? retried.kind : 'mint';
      if (kind !== 'mint' || !sameTransfers(retried.transfers, mint.transfers)) {
        throw new StoreError(
          'ledger_batch_conflict',
          kind === 'mint'
            ? `receipt ${id} was minted with other transfers`
            : `batch ${id} is a ${kind}, not the mint of a receipt`,
        );
      }
      outcomes.push('duplicate');
      continue;
    }
    for (const proof of mint.receipt.proofs) {
      const settledBy = state.proofClaims.get(proof) ?? newClaims.get(proof);
      if (settledBy !== undefined) {
        throw new StoreError(
          'ledger_receipt_conflict',
          `proof ${proof} of receipt ${id} is already settled by receipt ${settledBy}`,
        );
      }
      newClaims.set(proof, id);
    }
    sheet.post(mint.transfers);
    earlier.set(id, mint);
    fresh.push(mint);
    outcomes.push('minted');
  }
  return { outcomes, fresh, balances: sheet.changed() };
}

/** Every proof the call's receipts name. */
export function proofsNamed(mints: readonly CheckedMint[]): string[] {
  return [...new Set(mints.flatMap((mint) => mint.receipt.proofs))];
}

/** Every receipt id of the call, once each. */
export function receiptIdsNamed(mints: readonly CheckedMint[]): string[] {
  return [...new Set(mints.map((mint) => mint.receipt.id))];
}
