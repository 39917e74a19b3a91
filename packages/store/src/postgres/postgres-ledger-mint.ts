/**
 * Minting in the PostgreSQL ledger: one READ COMMITTED transaction that first locks every account
 * the receipts' transfers name (so two mints of one receipt, or two mints against one payer,
 * queue there), then reads the batch ids and proofs, which after the wait are the committed ones,
 * plans with ledger/ledger-mint-plan.ts, and writes every row of the call in a few statements.
 * A mint of zero (no transfers) locks no account; its batch and proof ids, unique in the tables,
 * still make a racing copy fail and be retried (postgres-ledger-transaction.ts).
 */
import type pg from 'pg';
import type { CheckedMint } from '../ledger/ledger-checks.js';
import {
  planMints,
  proofsNamed,
  receiptIdsNamed,
  type StoredBatch,
} from '../ledger/ledger-mint-plan.js';
import { accountsNamed } from '../ledger/ledger-postings.js';
import type { MintOutcome } from '../ledger/ledger-store.js';
import {
  batchKinds,
  batchTransfers,
  insertBatches,
  lockAccounts,
  type PostingRow,
  postingsOf,
  postTransfers,
  writeBalances,
} from './postgres-ledger-tables.js';

export async function postgresMint(
  client: pg.PoolClient,
  mints: readonly CheckedMint[],
): Promise<MintOutcome[]> {
  const accounts = await lockAccounts(client, accountsNamed(mints.map((mint) => mint.transfers)));
  const kinds = await batchKinds(client, receiptIdsNamed(mints));
  const storedMints = await batchTransfers(
    client,
    [...kinds].filter(([, kind]) => kind === 'mint').map(([id]) => id),
  );
  const batches = new Map<string, StoredBatch>();
  for (const [id, kind] of kinds) batches.set(id, { kind, transfers: storedMints.get(id) ?? [] });
  const claims = await client.query<{ proof: string; receipt: string }>(
    'SELECT proof, receipt FROM ledger_receipt_proofs WHERE proof = ANY($1::text[])',
    [proofsNamed(mints)],
  );
  const proofClaims = new Map(claims.rows.map((row) => [row.proof, row.receipt]));
  const plan = planMints(mints, { batches, proofClaims, accounts });
  if (plan.fresh.length === 0) return plan.outcomes;
  await insertBatches(
    client,
    plan.fresh.map((mint) => ({ id: mint.receipt.id, kind: 'mint' as const, atMs: mint.atMs })),
  );
  await client.query(
    `INSERT INTO ledger_receipts (id, body, currency, status, subject, minted_at_ms)
     SELECT id, body, currency, 'minted', subject, minted_at_ms
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
          AS r(id, body, currency, subject, minted_at_ms)`,
    [
      plan.fresh.map((mint) => mint.receipt.id),
      plan.fresh.map((mint) => JSON.stringify(mint.receipt)),
      plan.fresh.map((mint) => mint.currency),
      plan.fresh.map((mint) => mint.subject),
      plan.fresh.map((mint) => mint.atMs),
    ],
  );
  const proofs = plan.fresh.flatMap((mint) =>
    mint.receipt.proofs.map((proof) => [proof, mint.receipt.id] as const),
  );
  await client.query(
    `INSERT INTO ledger_receipt_proofs (proof, receipt)
     SELECT * FROM unnest($1::text[], $2::text[])`,
    [proofs.map(([proof]) => proof), proofs.map(([, receipt]) => receipt)],
  );
  const postings: PostingRow[] = plan.fresh.flatMap((mint) =>
    postingsOf(mint.receipt.id, 'mint', mint.receipt.id, mint.transfers, mint.atMs),
  );
  await postTransfers(client, postings);
  await writeBalances(client, plan.balances);
  return plan.outcomes;
}
