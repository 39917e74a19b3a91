/** The contract store's rows as both drivers read them, and what the store returns of them. */
import type { ContractStatus, JsonValue } from '@mycel/kernel';
import type { ContractSummary, StoredContractEvent } from './contract-store.js';

/** SQLite gives numbers; pg gives bigint columns as strings (the store writes safe integers). */
type Whole = number | string;

export interface EventRow {
  position: Whole;
  id: string;
  type: string;
  event: string;
  stored_at_ms: Whole;
}

export interface HeadRow {
  contract: string;
  proposed_by: string;
  event_count: Whole;
  status: string;
  created_at_ms: Whole;
  updated_at_ms: Whole;
}

export const EVENT_COLUMNS = 'position, id, type, event, stored_at_ms';
export const HEAD_COLUMNS =
  'contract, proposed_by, event_count, status, created_at_ms, updated_at_ms';

export function storedEventOf(row: EventRow): StoredContractEvent {
  return {
    position: Number(row.position),
    id: row.id,
    type: row.type,
    event: JSON.parse(row.event) as JsonValue,
    storedAtMs: Number(row.stored_at_ms),
  };
}

export function summaryOf(row: HeadRow): ContractSummary {
  return {
    contract: row.contract,
    proposedBy: row.proposed_by,
    eventCount: Number(row.event_count),
    status: row.status as ContractStatus,
    createdAtMs: Number(row.created_at_ms),
    updatedAtMs: Number(row.updated_at_ms),
  };
}
