/**
 * PostgreSQL NodeCo store. An append is one transaction that first locks the node's record row
 * (SELECT ... FOR UPDATE), so appends to one node, from one pool or from several machines,
 * serialise on that row and each compares against the latest committed transfer count; appends
 * to different nodes do not wait on each other. The primary key (node, position) would refuse a
 * second transfer at one position anyway; the lock turns that race into a coded conflict.
 */
import type pg from 'pg';
import {
  checkRecord,
  checkTransfer,
  decideAppend,
  decideRecord,
  documentFromText,
} from '../nodeco/nodeco-rules.js';
import type {
  AppendShareTransfer,
  AppendShareTransferOutcome,
  NodeCoDocuments,
  NodeCoStore,
  SaveNodeCoRecord,
  SaveNodeCoRecordOutcome,
} from '../nodeco/nodeco-store.js';
import { inTransaction } from './in-transaction.js';
import { openPostgresPool } from './open-postgres-pool.js';
import {
  POSTGRES_NODECO_SCHEMA,
  POSTGRES_NODECO_SCHEMA_LOCK_KEY,
} from './postgres-nodeco-schema.js';

export interface PostgresNodeCoStoreOptions {
  /** e.g. postgres://postgres@127.0.0.1:5432/opengrid */
  readonly url: string;
}

/** bigint columns come back from pg as strings; the store only writes safe integers. */
interface RecordRow {
  record_id: string;
  record: string;
  saved_at_ms: string;
  transfer_count: string;
}

interface TransferRow {
  id: string;
  transfer: string;
  at_ms: string;
}

export async function openPostgresNodeCoStore(
  options: PostgresNodeCoStoreOptions,
): Promise<PostgresNodeCoStore> {
  const pool = await openPostgresPool({
    url: options.url,
    lockKey: POSTGRES_NODECO_SCHEMA_LOCK_KEY,
    ddl: POSTGRES_NODECO_SCHEMA,
    what: 'the PostgreSQL NodeCo store',
  });
  return new PostgresNodeCoStore(pool);
}

export class PostgresNodeCoStore implements NodeCoStore {
  readonly driver = 'postgres' as const;

  constructor(private readonly pool: pg.Pool) {}

  async saveRecord(input: SaveNodeCoRecord): Promise<SaveNodeCoRecordOutcome> {
    const record = checkRecord(input);
    // One statement claims the node or finds it taken: ON CONFLICT waits for a concurrent insert
    // of the same node to commit, and records are never changed or deleted, so the record read
    // after a conflict is the one that won.
    const inserted = await this.pool.query(
      `INSERT INTO nodeco_records (node, record_id, record, saved_at_ms, transfer_count)
       VALUES ($1, $2, $3, $4, 0) ON CONFLICT (node) DO NOTHING`,
      [record.node, record.recordId, record.text, record.atMs],
    );
    if (inserted.rowCount === 1) return 'saved';
    const stored = await this.pool.query<{ record_id: string }>(
      'SELECT record_id FROM nodeco_records WHERE node = $1',
      [record.node],
    );
    return decideRecord(stored.rows[0]!.record_id, record);
  }

  async appendTransfer(input: AppendShareTransfer): Promise<AppendShareTransferOutcome> {
    const transfer = checkTransfer(input);
    return inTransaction(this.pool, async (client) => {
      const locked = await client.query<{ transfer_count: string }>(
        'SELECT transfer_count FROM nodeco_records WHERE node = $1 FOR UPDATE',
        [transfer.node],
      );
      const row = locked.rows[0];
      const count = row === undefined ? undefined : Number(row.transfer_count);
      // Read after the lock: a concurrent append of the same transfer has committed by now.
      const present =
        count !== undefined &&
        (
          await client.query('SELECT 1 FROM nodeco_transfers WHERE node = $1 AND id = $2', [
            transfer.node,
            transfer.id,
          ])
        ).rowCount === 1;
      const outcome = decideAppend(count, present, transfer);
      if (outcome === 'appended') {
        await client.query(
          `INSERT INTO nodeco_transfers (node, position, id, transfer, at_ms)
           VALUES ($1, $2, $3, $4, $5)`,
          [transfer.node, transfer.expectedCount, transfer.id, transfer.text, transfer.atMs],
        );
        await client.query(
          'UPDATE nodeco_records SET transfer_count = transfer_count + 1 WHERE node = $1',
          [transfer.node],
        );
      }
      return outcome;
    });
  }

  /**
   * Two statements without a transaction, yet one moment: the history is cut at the count the
   * record row had, and every transfer below that count committed with (or before) that count.
   */
  async documents(node: string): Promise<NodeCoDocuments | undefined> {
    const records = await this.pool.query<RecordRow>(
      `SELECT record_id, record, saved_at_ms, transfer_count FROM nodeco_records
       WHERE node = $1`,
      [node],
    );
    const record = records.rows[0];
    if (record === undefined) return undefined;
    const transfers = await this.pool.query<TransferRow>(
      `SELECT id, transfer, at_ms FROM nodeco_transfers
       WHERE node = $1 AND position < $2 ORDER BY position`,
      [node, record.transfer_count],
    );
    return {
      node,
      recordId: record.record_id,
      record: documentFromText(record.record),
      transfers: transfers.rows.map((row) => ({
        id: row.id,
        transfer: documentFromText(row.transfer),
        atMs: Number(row.at_ms),
      })),
      savedAtMs: Number(record.saved_at_ms),
    };
  }

  async nodes(): Promise<string[]> {
    const result = await this.pool.query<{ node: string }>(
      'SELECT node FROM nodeco_records ORDER BY node',
    );
    return result.rows.map((row) => row.node);
  }

  async close(): Promise<void> {
    if (this.pool.ended) return;
    await this.pool.end();
  }
}
