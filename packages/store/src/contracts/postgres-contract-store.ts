/**
 * PostgreSQL contract store. An append to an existing contract is one transaction that first
 * locks the contract's head row (SELECT ... FOR UPDATE), so appends to one contract serialise
 * and each replays the latest committed history; appends to different contracts do not wait on
 * each other. A proposal claims its head row with INSERT ... ON CONFLICT DO NOTHING, so two
 * writers of the same proposal store it once.
 */
import type { ContractState, JsonValue } from '@mycel/kernel';
import { ok } from '@mycel/kernel';
import type pg from 'pg';
import { inTransaction } from '../postgres/in-transaction.js';
import { openPostgresPool } from '../postgres/open-postgres-pool.js';
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
import { checkIncoming, decideAppend, stateOfStored } from './contract-store-rules.js';
import { contractStoreDdl, POSTGRES_CONTRACT_SCHEMA_LOCK_KEY } from './contract-store-schema.js';

export interface PostgresContractStoreOptions {
  /** e.g. postgres://postgres@127.0.0.1:5432/mycel */
  readonly url: string;
}

const SELECT_EVENTS = `SELECT ${EVENT_COLUMNS} FROM contract_events
  WHERE contract = $1 ORDER BY position`;

export async function openPostgresContractStore(
  options: PostgresContractStoreOptions,
): Promise<PostgresContractStore> {
  const pool = await openPostgresPool({
    url: options.url,
    lockKey: POSTGRES_CONTRACT_SCHEMA_LOCK_KEY,
    ddl: contractStoreDdl(true),
    what: 'the PostgreSQL contract store',
  });
  return new PostgresContractStore(pool);
}

export class PostgresContractStore implements ContractStore {
  readonly driver = 'postgres' as const;

  constructor(private readonly pool: pg.Pool) {}

  async appendEvent(
    event: JsonValue,
    nowMs: number,
  ): Promise<ContractStoreResult<AppendedContractEvent>> {
    const checked = checkIncoming(event);
    if (!checked.ok) return checked;
    const incoming = checked.value;
    return inTransaction(this.pool, async (client) => {
      const head = await client.query(
        'SELECT event_count FROM contract_heads WHERE contract = $1 FOR UPDATE',
        [incoming.contract],
      );
      const rows =
        head.rowCount === 0
          ? []
          : (await client.query<EventRow>(SELECT_EVENTS, [incoming.contract])).rows;
      const decided = decideAppend(
        rows.map((row) => ({ id: row.id, text: row.event })),
        incoming,
        nowMs,
      );
      if (!decided.ok) return decided;
      const { kind, position, state } = decided.value;
      if (kind === 'append') {
        if (position === 0) {
          const claimed = await client.query(
            `INSERT INTO contract_heads
             (contract, proposed_by, event_count, status, created_at_ms, updated_at_ms)
             VALUES ($1, $2, 0, $3, $4, $4) ON CONFLICT (contract) DO NOTHING`,
            [incoming.contract, incoming.by, state.status, nowMs],
          );
          // Another writer stored the same proposal first (the id is the contract id).
          if (claimed.rowCount === 0) {
            return ok({
              outcome: 'duplicate' as const,
              contract: incoming.contract,
              position,
              state,
            });
          }
        }
        await client.query(
          `INSERT INTO contract_events (contract, position, id, type, event, stored_at_ms)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [incoming.contract, position, incoming.id, incoming.type, incoming.text, nowMs],
        );
        await client.query(
          `UPDATE contract_heads SET event_count = event_count + 1, status = $1, updated_at_ms = $2
           WHERE contract = $3`,
          [state.status, nowMs, incoming.contract],
        );
      }
      return ok({
        outcome: kind === 'append' ? ('appended' as const) : ('duplicate' as const),
        contract: incoming.contract,
        position,
        state,
      });
    });
  }

  async events(contract: string): Promise<StoredContractEvent[]> {
    const result = await this.pool.query<EventRow>(SELECT_EVENTS, [contract]);
    return result.rows.map(storedEventOf);
  }

  async state(contract: string, nowMs: number): Promise<ContractStoreResult<ContractState>> {
    const result = await this.pool.query<EventRow>(SELECT_EVENTS, [contract]);
    return stateOfStored(
      contract,
      result.rows.map((row) => row.event),
      nowMs,
    );
  }

  async contracts(): Promise<ContractSummary[]> {
    const result = await this.pool.query<HeadRow>(
      `SELECT ${HEAD_COLUMNS} FROM contract_heads
       ORDER BY updated_at_ms DESC, contract LIMIT $1`,
      [CONTRACT_LIST_MAX],
    );
    return result.rows.map(summaryOf);
  }

  async close(): Promise<void> {
    if (this.pool.ended) return;
    await this.pool.end();
  }
}
