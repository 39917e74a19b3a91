/**
 * Failures of the storage layer itself, and refusals of records that would break a store's rules
 * (a stale checkpoint, a regressed epoch). Codes are stable and snake_case like every other error
 * in the system.
 */

import { CONTRACT_STORE_ERROR_CODES } from './contracts/contract-store-error-codes.js';
import { NODECO_ERROR_CODES } from './nodeco/nodeco-error-codes.js';
import { REGISTRY_ERROR_CODES } from './registry/registry-error-codes.js';
import { VAULT_ERROR_CODES } from './vault/vault-error-codes.js';

export const STORE_ERROR_CODES = {
  store_unavailable: 'the database cannot be reached or opened',
  store_origin_mismatch: 'the database holds a log with another origin',
  store_corrupt:
    'the database is missing data it needs or holds damaged data (a Merkle node, a log entry, a stored advert)',
  store_url_invalid: 'the store location is neither sqlite:<path> nor postgres://...',
  store_pushback: 'too many proofs are waiting to be written; retry after a short delay',
  store_options_invalid:
    'the store options are contradictory or out of range (e.g. both or neither of a SQLite path and a PostgreSQL URL)',
  // Session checkpoints and session rows (session-store.ts). The three checkpoint_* codes name the
  // same rules as the wire's codes of those names, and say so in the same words.
  checkpoint_digest_mismatch:
    'the checkpoint does not hash to the digest it carries or was named by',
  checkpoint_too_large: 'the checkpoint (state and last turn output) is over the size limit',
  checkpoint_stale:
    'the checkpoint is not newer than the stored one, or is from an older epoch of the session',
  session_epoch_regressed: 'the session row names an older epoch than the one stored',
  session_epoch_conflict:
    'another coordinator recorded this epoch of the session first: this placement is void',
  session_record_invalid:
    'a session row, checkpoint or prune time is out of range: ids are non-empty; epochs, sequence numbers, counts and times are non-negative safe integers',
  // The ledger (ledger/ledger-store.ts).
  ledger_account_unknown: 'no account has this id',
  ledger_account_conflict:
    'an account with this id is already open with another currency or credit',
  ledger_account_invalid:
    'an account id is not <party>#<currency> for its currency, or the currency is not a kernel currency',
  ledger_insufficient_funds: 'the transfers would take an account without credit below zero',
  ledger_currency_mismatch:
    "a transfer's currency differs from the batch's, the receipt's or an account's",
  ledger_amount_invalid:
    'an amount is not a bigint of 1 to 10^38 - 1 minor units (zero, negative, fractional or too large)',
  ledger_balance_out_of_range: 'the transfers would take a balance beyond ±(10^38 - 1) minor units',
  ledger_transfer_invalid:
    'a transfer names the same account on both sides, or a malformed account',
  ledger_batch_unbalanced:
    "a mint's transfers do not sum to the receipt amount or do not all debit the payer's account",
  ledger_batch_conflict:
    'a batch with this id was already posted with other content or of another kind',
  ledger_receipt_invalid: 'the receipt fails the kernel receipt check, or is not in status minted',
  ledger_receipt_conflict: 'a proof of this receipt is already settled by another receipt',
  ledger_receipt_unknown: 'no receipt has this id',
  ledger_payout_unknown: 'no payout plan has this id',
  ledger_payout_stale:
    'a receipt of the payout is no longer minted (paid by another payout, or reversed)',
  ledger_payout_too_large: 'the payout window holds more receipts than one payout may settle',
  ledger_request_invalid:
    'a time, window, page, id, subject or reason is out of range, or a batch is empty or too long',
  // NodeCo ownership documents (nodeco/nodeco-store.ts).
  ...NODECO_ERROR_CODES,
  // The evidence vault (vault/evidence-vault.ts; docs/spec/evidence-vault.md).
  ...VAULT_ERROR_CODES,
  // The capability registry (registry/; docs/spec/registry.md).
  ...REGISTRY_ERROR_CODES,
  // The contract event store (contracts/; docs/spec/contracts.md).
  ...CONTRACT_STORE_ERROR_CODES,
} as const;

export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
