/**
 * The port that keeps coordination contracts: per contract, its signed events in order. There is
 * no state column to drift: a contract's state is replayContract over its events. What the store
 * adds is durability and the rule that an event is appended only if replaying the contract with
 * it succeeds (at the caller's `nowMs`), checked and written in one transaction, so two writers
 * never both extend one contract. A refused event stores nothing and answers with its code.
 * Two drivers (SQLite, PostgreSQL), one conformance suite (test/contracts/).
 */
import type {
  CodedError,
  ContractState,
  ContractStatus,
  ErrorCode,
  JsonValue,
} from '@mycel/kernel';
import type { ContractStoreOwnCode } from './contract-store-error-codes.js';

export type ContractStoreErrorCode = ErrorCode | ContractStoreOwnCode;

export interface StoredContractEvent {
  /** 0-based position in the contract's history. */
  readonly position: number;
  readonly id: string;
  readonly type: string;
  readonly event: JsonValue;
  /** When the store appended it (the caller's clock), not the event's own `at`. */
  readonly storedAtMs: number;
}

export interface ContractSummary {
  readonly contract: string;
  /** Who proposed it. */
  readonly proposedBy: string;
  readonly eventCount: number;
  /** The status replay gave when its last event was appended; replay for the status now. */
  readonly status: ContractStatus;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export interface AppendedContractEvent {
  /** 'duplicate': an event with this id is already in the contract; nothing was written. */
  readonly outcome: 'appended' | 'duplicate';
  readonly contract: string;
  readonly position: number;
  /** The contract's state with the event, at nowMs. */
  readonly state: ContractState;
}

export type ContractStoreResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: CodedError<ContractStoreErrorCode> };

export interface ContractStore {
  readonly driver: 'sqlite' | 'postgres';
  /**
   * Appends a signed contract event: a proposal opens a contract (its id is the contract id),
   * any other event extends the contract it names. Refused (nothing stored) with the kernel's
   * code when replaying the contract with it fails at nowMs, with contract_unknown when it names
   * no stored contract, with contract_event_too_large when it is too big.
   */
  appendEvent(event: JsonValue, nowMs: number): Promise<ContractStoreResult<AppendedContractEvent>>;
  /** The contract's events in order; empty when the store holds no such contract. */
  events(contract: string): Promise<StoredContractEvent[]>;
  /** The contract's state at nowMs (a replay of its events); contract_unknown when absent. */
  state(contract: string, nowMs: number): Promise<ContractStoreResult<ContractState>>;
  /** Contracts, most recently changed first, at most CONTRACT_LIST_MAX. */
  contracts(): Promise<ContractSummary[]>;
  close(): Promise<void>;
}
