/**
 * The port that keeps NodeCo ownership documents (ARCHITECTURE §5.5): per node, its signed
 * NodeCo record and the signed share transfers after it, in the order they were accepted. The
 * store is domain-agnostic: it keeps the JSON it is given, and the caller has validated it with
 * the kernel first (signatures, holdings, effective times). What the store adds is durability
 * and one rule the kernel cannot enforce alone: a transfer is appended only on top of the
 * history it was validated against (expectedCount), so two writers never both extend one
 * history. Two drivers implement it (SQLite, PostgreSQL); one conformance suite checks both
 * (test/nodeco-store-conformance.ts).
 *
 * Documents are kept as their RFC 8785 canonical JSON text: reading one back gives the same
 * members and values (not necessarily the same key order), and the same bytes to hash.
 * Amounts and shares in these documents are decimal strings, so they come back exactly.
 */
import type { JsonValue } from '@mycel/kernel';

export interface NodeCoTransferDocument {
  readonly id: string;
  readonly transfer: JsonValue;
  /** When the store accepted it (the caller's clock), not the transfer's effectiveAt. */
  readonly atMs: number;
}

export interface NodeCoDocuments {
  readonly node: string;
  readonly recordId: string;
  /** The signed NodeCo record as first saved. */
  readonly record: JsonValue;
  /** In append order: transfers[i] was appended at expectedCount i. */
  readonly transfers: readonly NodeCoTransferDocument[];
  readonly savedAtMs: number;
}

export interface SaveNodeCoRecord {
  readonly node: string;
  readonly recordId: string;
  readonly record: JsonValue;
  readonly atMs: number;
}

export interface AppendShareTransfer {
  readonly node: string;
  readonly id: string;
  readonly transfer: JsonValue;
  /** How many transfers the caller saw (and validated against) before this one. */
  readonly expectedCount: number;
  readonly atMs: number;
}

export type SaveNodeCoRecordOutcome = 'saved' | 'duplicate';
export type AppendShareTransferOutcome = 'appended' | 'duplicate';

export interface NodeCoStore {
  readonly driver: 'sqlite' | 'postgres';
  /**
   * Stores the node's record. The same node and recordId again is 'duplicate' and keeps the
   * first document (ids are content ids of the unsigned body, so a retry differs at most in its
   * signatures). Another recordId for a node that has a record is nodeco_exists: a record is
   * never replaced; ownership changes by share transfers.
   */
  saveRecord(input: SaveNodeCoRecord): Promise<SaveNodeCoRecordOutcome>;
  /**
   * Appends a share transfer at position expectedCount, compare-and-set on the node's transfer
   * count. In this order: no record for the node is nodeco_unknown; a transfer of this id
   * already in the node's history is 'duplicate' (whatever expectedCount, so a retry after a
   * lost answer is one); a count other than expectedCount is nodeco_transfer_conflict; a full
   * history is nodeco_transfers_too_many. Every refusal changes nothing.
   */
  appendTransfer(input: AppendShareTransfer): Promise<AppendShareTransferOutcome>;
  /** The node's record and its whole transfer history, read as of one moment. */
  documents(node: string): Promise<NodeCoDocuments | undefined>;
  /** Every node with a record, in byte order. */
  nodes(): Promise<string[]>;
  close(): Promise<void>;
}
