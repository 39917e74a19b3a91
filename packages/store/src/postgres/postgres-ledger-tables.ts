/**
 * The PostgreSQL ledger's reads and writes that every call shares, each one statement however
 * many rows it touches (arrays bound as parameters and unnested), so a batch of a thousand
 * receipts costs a handful of round trips. Lock order, the same in every call so two calls never
 * wait on each other in a cycle: a payout row, then receipt rows (by id), then account rows (by
 * id, one statement), then the sequence row last.
 */
import type { Transfer } from '@mycel/kernel';
import type pg from 'pg';
import type { AccountState } from '../ledger/ledger-postings.js';
import { type AccountRecord, accountFromRecord } from '../ledger/ledger-records.js';
import type { LedgerBatchKind } from '../ledger/ledger-store.js';

/** One transfer row to post, with the batch it belongs to. */
export interface PostingRow {
  readonly batch: string;
  readonly kind: LedgerBatchKind;
  readonly receipt: string | null;
  readonly transfer: Transfer;
  readonly atMs: number;
}

/** Reads the accounts of these ids that exist, and locks them until the transaction ends. */
export async function lockAccounts(
  client: pg.PoolClient,
  ids: readonly string[],
): Promise<Map<string, AccountState>> {
  const accounts = new Map<string, AccountState>();
  if (ids.length === 0) return accounts;
  const result = await client.query<AccountRecord>(
    `SELECT id, currency, allow_credit, balance::text AS balance FROM ledger_accounts
     WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  for (const record of result.rows) accounts.set(record.id, accountFromRecord(record));
  return accounts;
}

/** The kinds of the stored batches among these ids. */
export async function batchKinds(
  client: pg.PoolClient,
  ids: readonly string[],
): Promise<Map<string, LedgerBatchKind>> {
  const result = await client.query<{ id: string; kind: LedgerBatchKind }>(
    'SELECT id, kind FROM ledger_batches WHERE id = ANY($1::text[])',
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, row.kind]));
}

/** The transfers of each of these batches, in posting order. */
export async function batchTransfers(
  client: pg.PoolClient,
  batches: readonly string[],
): Promise<Map<string, Transfer[]>> {
  const byBatch = new Map<string, Transfer[]>(batches.map((batch) => [batch, []]));
  if (batches.length === 0) return byBatch;
  const result = await client.query<{
    batch: string;
    debit: string;
    credit: string;
    amount: string;
    currency: string;
  }>(
    `SELECT batch, debit, credit, amount::text AS amount, currency FROM ledger_transfers
     WHERE batch = ANY($1::text[]) ORDER BY seq`,
    [batches],
  );
  for (const { batch, amount, ...row } of result.rows) {
    byBatch.get(batch)!.push({ ...row, amount: BigInt(amount) });
  }
  return byBatch;
}

/** The batch rows: their ids are unique, so a batch posted twice by racing calls fails one. */
export async function insertBatches(
  client: pg.PoolClient,
  batches: readonly { id: string; kind: LedgerBatchKind; atMs: number }[],
): Promise<void> {
  await client.query(
    `INSERT INTO ledger_batches (id, kind, at_ms)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])`,
    [
      batches.map((batch) => batch.id),
      batches.map((batch) => batch.kind),
      batches.map((batch) => batch.atMs),
    ],
  );
}

/**
 * The transfer rows, numbered from the sequence row, which stays locked until the transaction
 * ends: call it after every insert that may wait on another transaction (batch, receipt and
 * proof ids), so no one waits on those while holding the sequence.
 */
export async function postTransfers(
  client: pg.PoolClient,
  postings: readonly PostingRow[],
): Promise<void> {
  if (postings.length === 0) return;
  const claimed = await client.query<{ last_seq: string }>(
    'UPDATE ledger_sequence SET last_seq = last_seq + $1 WHERE id = 1 RETURNING last_seq',
    [postings.length],
  );
  const firstSeq = BigInt(claimed.rows[0]!.last_seq) - BigInt(postings.length) + 1n;
  await client.query(
    `INSERT INTO ledger_transfers (seq, batch, kind, receipt, debit, credit, amount, currency, at_ms)
     SELECT $1::bigint + t.n - 1, t.batch, t.kind, t.receipt, t.debit, t.credit, t.amount,
            t.currency, t.at_ms
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[],
                 $8::text[], $9::bigint[])
          WITH ORDINALITY AS t(batch, kind, receipt, debit, credit, amount, currency, at_ms, n)`,
    [
      firstSeq.toString(),
      postings.map((row) => row.batch),
      postings.map((row) => row.kind),
      postings.map((row) => row.receipt),
      postings.map((row) => row.transfer.debit),
      postings.map((row) => row.transfer.credit),
      postings.map((row) => row.transfer.amount.toString()),
      postings.map((row) => row.transfer.currency),
      postings.map((row) => row.atMs),
    ],
  );
}

/** The postings of one batch, as postTransfers takes them. */
export function postingsOf(
  batch: string,
  kind: LedgerBatchKind,
  receipt: string | null,
  transfers: readonly Transfer[],
  atMs: number,
): PostingRow[] {
  return transfers.map((transfer) => ({ batch, kind, receipt, transfer, atMs }));
}

export async function writeBalances(
  client: pg.PoolClient,
  balances: readonly [string, bigint][],
): Promise<void> {
  if (balances.length === 0) return;
  await client.query(
    `UPDATE ledger_accounts AS a SET balance = v.balance
     FROM unnest($1::text[], $2::numeric[]) AS v(id, balance) WHERE a.id = v.id`,
    [balances.map(([id]) => id), balances.map(([, balance]) => balance.toString())],
  );
}
