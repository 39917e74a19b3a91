/**
 * The embedded NodeCo store: better-sqlite3 in WAL mode, beside the coordinator's other tables
 * in the same file if it likes. Each write is one IMMEDIATE transaction, which takes the write
 * lock before it reads, so the compare-and-set on a node's transfer count holds against other
 * connections to the file too, not only against this one's callers.
 *
 * synchronous=FULL: ownership documents are written rarely and are worth an fsync each, so a
 * record or transfer acknowledged here survives a power loss as well as a process crash.
 */
import type Database from 'better-sqlite3';
import {
  type CheckedRecord,
  type CheckedTransfer,
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
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SQLITE_NODECO_SCHEMA } from './sqlite-nodeco-schema.js';

export interface SqliteNodeCoStoreOptions {
  /** File path, or ':memory:' for a throwaway store. */
  readonly path: string;
}

interface RecordRow {
  record_id: string;
  record: string;
  saved_at_ms: number;
  transfer_count: number;
}

interface TransferRow {
  id: string;
  transfer: string;
  at_ms: number;
}

export function openSqliteNodeCoStore(options: SqliteNodeCoStoreOptions): SqliteNodeCoStore {
  const db = openSqliteDatabase({
    path: options.path,
    synchronous: 'FULL',
    foreignKeys: true,
    ddl: SQLITE_NODECO_SCHEMA,
    what: 'the SQLite NodeCo store',
  });
  return new SqliteNodeCoStore(db);
}

export class SqliteNodeCoStore implements NodeCoStore {
  readonly driver = 'sqlite' as const;
  private readonly statements;
  private readonly saveRecordTransaction;
  private readonly appendTransferTransaction;
  private readonly documentsTransaction;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      recordId: db.prepare('SELECT record_id FROM nodeco_records WHERE node = ?').pluck(),
      insertRecord: db.prepare(
        `INSERT INTO nodeco_records (node, record_id, record, saved_at_ms, transfer_count)
         VALUES (?, ?, ?, ?, 0)`,
      ),
      transferCount: db.prepare('SELECT transfer_count FROM nodeco_records WHERE node = ?').pluck(),
      hasTransfer: db.prepare('SELECT 1 FROM nodeco_transfers WHERE node = ? AND id = ?').pluck(),
      insertTransfer: db.prepare(
        `INSERT INTO nodeco_transfers (node, position, id, transfer, at_ms)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      bumpCount: db.prepare(
        'UPDATE nodeco_records SET transfer_count = transfer_count + 1 WHERE node = ?',
      ),
      record: db.prepare(
        'SELECT record_id, record, saved_at_ms, transfer_count FROM nodeco_records WHERE node = ?',
      ),
      transfers: db.prepare(
        `SELECT id, transfer, at_ms FROM nodeco_transfers
         WHERE node = ? AND position < ? ORDER BY position`,
      ),
      nodes: db.prepare('SELECT node FROM nodeco_records ORDER BY node').pluck(),
    };
    this.saveRecordTransaction = db.transaction((record: CheckedRecord) => {
      const stored = this.statements.recordId.get(record.node) as string | undefined;
      const outcome = decideRecord(stored, record);
      if (outcome === 'saved') {
        this.statements.insertRecord.run(record.node, record.recordId, record.text, record.atMs);
      }
      return outcome;
    });
    this.appendTransferTransaction = db.transaction((transfer: CheckedTransfer) => {
      const count = this.statements.transferCount.get(transfer.node) as number | undefined;
      const alreadyThere =
        count !== undefined &&
        this.statements.hasTransfer.get(transfer.node, transfer.id) !== undefined;
      const outcome = decideAppend(count, alreadyThere, transfer);
      if (outcome === 'appended') {
        this.statements.insertTransfer.run(
          transfer.node,
          transfer.expectedCount,
          transfer.id,
          transfer.text,
          transfer.atMs,
        );
        this.statements.bumpCount.run(transfer.node);
      }
      return outcome;
    });
    // One read transaction: the record and its history as of one moment.
    this.documentsTransaction = db.transaction((node: string) => {
      const record = this.statements.record.get(node) as RecordRow | undefined;
      if (record === undefined) return undefined;
      const transfers = this.statements.transfers.all(node, record.transfer_count) as TransferRow[];
      return documentsFromRows(node, record, transfers);
    });
  }

  async saveRecord(input: SaveNodeCoRecord): Promise<SaveNodeCoRecordOutcome> {
    const record = checkRecord(input);
    return this.saveRecordTransaction.immediate(record);
  }

  async appendTransfer(input: AppendShareTransfer): Promise<AppendShareTransferOutcome> {
    const transfer = checkTransfer(input);
    return this.appendTransferTransaction.immediate(transfer);
  }

  async documents(node: string): Promise<NodeCoDocuments | undefined> {
    return this.documentsTransaction(node);
  }

  async nodes(): Promise<string[]> {
    return this.statements.nodes.all() as string[];
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function documentsFromRows(
  node: string,
  record: RecordRow,
  transfers: readonly TransferRow[],
): NodeCoDocuments {
  return {
    node,
    recordId: record.record_id,
    record: documentFromText(record.record),
    transfers: transfers.map((row) => ({
      id: row.id,
      transfer: documentFromText(row.transfer),
      atMs: row.at_ms,
    })),
    savedAtMs: record.saved_at_ms,
  };
}
