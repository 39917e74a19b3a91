/**
 * The embedded contract store: better-sqlite3 in WAL mode. An append is one IMMEDIATE
 * transaction (it takes the write lock before it reads), so the replay that admits an event sees
 * the latest history, also against other processes writing the same file. synchronous=FULL:
 * contracts commit value, so an acknowledged event survives a power loss.
 */

import type { ContractState, JsonValue } from '@mycel/kernel';
import { ok } from '@mycel/kernel';
import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../sqlite/open-sqlite-database.js';
import type {
  AppendedContractEvent,
  ContractStore,
  ContractStoreResult,
  ContractSummary,
  StoredContractEvent,
} from './contract-store.js';
import { CONTRACT_LIST_MAX } from './contract-store-limits.js';
import {
  EVENT_COLUMNS,
  type EventRow,
  HEAD_COLUMNS,
  type HeadRow,
  storedEventOf,
  summaryOf,
} from './contract-store-rows.js';
import {
  type CheckedContractEvent,
  checkIncoming,
  decideAppend,
  stateOfStored,
} from './contract-store-rules.js';
import { contractStoreDdl } from './contract-store-schema.js';

export interface SqliteContractStoreOptions {
  /** File path, or ':memory:' for a throwaway store. */
  readonly path: string;
}

export function openSqliteContractStore(options: SqliteContractStoreOptions): SqliteContractStore {
  const db = openSqliteDatabase({
    path: options.path,
    synchronous: 'FULL',
    foreignKeys: true,
    ddl: contractStoreDdl(false),
    what: 'the SQLite contract store',
  });
  return new SqliteContractStore(db);
}

export class SqliteContractStore implements ContractStore {
  readonly driver = 'sqlite' as const;
  private readonly statements;
  private readonly appendTransaction;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      events: db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM contract_events WHERE contract = ? ORDER BY position`,
      ),
      insertHead: db.prepare(
        `INSERT INTO contract_heads
         (contract, proposed_by, event_count, status, created_at_ms, updated_at_ms)
         VALUES (?, ?, 0, ?, ?, ?)`,
      ),
      insertEvent: db.prepare(
        `INSERT INTO contract_events (contract, position, id, type, event, stored_at_ms)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      updateHead: db.prepare(
        `UPDATE contract_heads SET event_count = event_count + 1, status = ?, updated_at_ms = ?
         WHERE contract = ?`,
      ),
      heads: db.prepare(
        `SELECT ${HEAD_COLUMNS} FROM contract_heads
         ORDER BY updated_at_ms DESC, contract LIMIT ?`,
      ),
    };
    this.appendTransaction = db.transaction(
      (
        incoming: CheckedContractEvent,
        nowMs: number,
      ): ContractStoreResult<AppendedContractEvent> => {
        const rows = this.statements.events.all(incoming.contract) as EventRow[];
        const decided = decideAppend(
          rows.map((row) => ({ id: row.id, text: row.event })),
          incoming,
          nowMs,
        );
        if (!decided.ok) return decided;
        const { kind, position, state } = decided.value;
        if (kind === 'append') {
          if (position === 0) {
            this.statements.insertHead.run(
              incoming.contract,
              incoming.by,
              state.status,
              nowMs,
              nowMs,
            );
          }
          this.statements.insertEvent.run(
            incoming.contract,
            position,
            incoming.id,
            incoming.type,
            incoming.text,
            nowMs,
          );
          this.statements.updateHead.run(state.status, nowMs, incoming.contract);
        }
        return ok({
          outcome: kind === 'append' ? 'appended' : 'duplicate',
          contract: incoming.contract,
          position,
          state,
        });
      },
    );
  }

  async appendEvent(
    event: JsonValue,
    nowMs: number,
  ): Promise<ContractStoreResult<AppendedContractEvent>> {
    const incoming = checkIncoming(event);
    if (!incoming.ok) return incoming;
    return this.appendTransaction.immediate(incoming.value, nowMs);
  }

  async events(contract: string): Promise<StoredContractEvent[]> {
    const rows = this.statements.events.all(contract) as EventRow[];
    return rows.map(storedEventOf);
  }

  async state(contract: string, nowMs: number): Promise<ContractStoreResult<ContractState>> {
    const rows = this.statements.events.all(contract) as EventRow[];
    return stateOfStored(
      contract,
      rows.map((row) => row.event),
      nowMs,
    );
  }

  async contracts(): Promise<ContractSummary[]> {
    const rows = this.statements.heads.all(CONTRACT_LIST_MAX) as HeadRow[];
    return rows.map(summaryOf);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
