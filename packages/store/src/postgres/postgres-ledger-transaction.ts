/**
 * Ledger transactions in PostgreSQL: BEGIN at the isolation level the call needs, the work,
 * COMMIT; any failure rolls back. A transaction that lost a race is run again from the start, up
 * to LEDGER_TRANSACTION_ATTEMPTS_MAX times: a serialisation failure (a repeatable-read payout plan
 * meeting a concurrent write), a deadlock, or a unique key (a batch id, a proof) another
 * connection inserted first. The next attempt reads the winner's committed rows, so the call ends
 * with the answer a serial order gives ('duplicate', ledger_receipt_conflict, ...). Ledger rule
 * errors (StoreError) are never retried.
 */
import type pg from 'pg';
import { LEDGER_TRANSACTION_ATTEMPTS_MAX } from '../limits.js';
import { StoreError } from '../store-error.js';

export type LedgerIsolation = 'read committed' | 'repeatable read';

/** SQLSTATE: serialization_failure, deadlock_detected, unique_violation. */
const RACE_LOST_CODES = new Set(['40001', '40P01', '23505']);

export async function ledgerTransaction<T>(
  pool: pg.Pool,
  isolation: LedgerIsolation,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw new StoreError(
        'store_unavailable',
        `cannot reach the ledger database: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      const code = (error as { code?: unknown }).code;
      const lostRace =
        !(error instanceof StoreError) && typeof code === 'string' && RACE_LOST_CODES.has(code);
      if (!lostRace || attempt >= LEDGER_TRANSACTION_ATTEMPTS_MAX) throw error;
    } finally {
      client.release();
    }
  }
}
