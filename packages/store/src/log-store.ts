/**
 * The port the proof log needs from storage, shaped by its caller (ProofLog): append a batch
 * atomically, read Merkle nodes and entries back, find an entry by id. Two drivers implement it
 * (SQLite, PostgreSQL) and one conformance suite checks both (test/log-store-conformance.ts).
 */
import type { Hash, NodeId } from '@mycel/kernel';

export interface NewEntry {
  /** The proof id: the log holds each id at most once. */
  readonly id: string;
  /** Canonical bytes of the entry; the Merkle leaf is hashLeaf(bytes). */
  readonly bytes: Uint8Array;
}

export interface StoredEntry extends NewEntry {
  readonly index: number;
}

export interface LogHead {
  readonly size: number;
  readonly root: Hash;
  /** The signed checkpoint note for this size; undefined only for a log never appended to. */
  readonly checkpoint: string | undefined;
}

export interface AppendRequest {
  readonly entries: readonly NewEntry[];
  /** Signs the checkpoint for the new head; called inside the transaction, so both land together. */
  readonly signCheckpoint: (size: number, root: Hash) => string;
}

export interface AppendOutcome {
  /** For each requested entry, its index in the log (an id already present keeps its first index). */
  readonly indices: readonly number[];
  /** How many requested entries were new. */
  readonly appended: number;
  readonly head: LogHead;
  /** Merkle nodes completed by this append (empty when nothing was new). */
  readonly nodes: readonly { readonly id: NodeId; readonly hash: Hash }[];
}

export interface LogStore {
  readonly driver: 'sqlite' | 'postgres';
  /** Durable and atomic: after it resolves the batch survives a crash; a crash before leaves no trace of it. */
  append(request: AppendRequest): Promise<AppendOutcome>;
  head(): Promise<LogHead>;
  /** Every requested node; a missing one is store_corrupt. Keys are nodeKey(id). */
  readNodes(ids: readonly NodeId[]): Promise<Map<string, Hash>>;
  /** Entries with start <= index < end (end is clamped to the log size and to READ_ENTRIES_MAX). */
  readEntries(start: number, end: number): Promise<StoredEntry[]>;
  findIndex(id: string): Promise<number | undefined>;
  /** The checkpoint signed when the log reached exactly this size, if one was. */
  checkpointAt(size: number): Promise<string | undefined>;
  /** The first checkpoint that included the entry at `index`: the one signed by its batch. */
  checkpointCovering(
    index: number,
  ): Promise<{ readonly size: number; readonly note: string } | undefined>;
  close(): Promise<void>;
}
