/**
 * Minting in the SQLite ledger, inside the store's IMMEDIATE transaction: reads the stored
 * batches under the receipts' ids, the proofs' claims and the accounts, lets
 * ledger/ledger-mint-plan.ts decide, and writes the receipts it found new with their proofs and
 * transfers, then the balances that moved.
 */
import type { CheckedMint } from '../ledger/ledger-checks.js';
import {
  planMints,
  proofsNamed,
  receiptIdsNamed,
  type StoredBatch,
} from '../ledger/ledger-mint-plan.js';
import { accountsNamed } from '../ledger/ledger-postings.js';
import type { MintOutcome } from '../ledger/ledger-store.js';
import type { SqliteLedgerTables } from './sqlite-ledger-tables.js';

/** Reads what planMints needs, then writes the receipts it found new and the balances. */
export function sqliteMint(
  tables: SqliteLedgerTables,
  mints: readonly CheckedMint[],
): MintOutcome[] {
  const { statements } = tables;
  const batches = new Map<string, StoredBatch>();
  for (const id of receiptIdsNamed(mints)) {
    const kind = tables.batchKind(id);
    if (kind !== undefined) batches.set(id, { kind, transfers: tables.batchTransfers(id) });
  }
  const proofClaims = new Map<string, string>();
  for (const proof of proofsNamed(mints)) {
    const receipt = statements.proofReceipt.get(proof) as string | undefined;
    if (receipt !== undefined) proofClaims.set(proof, receipt);
  }
  const accounts = tables.readAccounts(accountsNamed(mints.map((mint) => mint.transfers)));
  const plan = planMints(mints, { batches, proofClaims, accounts });
  for (const { receipt, transfers, currency, atMs, subject } of plan.fresh) {
    statements.insertReceipt.run(receipt.id, JSON.stringify(receipt), currency, subject, atMs);
    for (const proof of receipt.proofs) statements.insertProof.run(proof, receipt.id);
    tables.post(receipt.id, 'mint', receipt.id, transfers, atMs);
  }
  tables.writeBalances(plan.balances);
  return plan.outcomes;
}
