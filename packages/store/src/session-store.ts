/**
 * The port the OpenGrid coordinator needs to survive its own restart: the latest checkpoint of
 * every session (made durable before a turn is acknowledged to the client) and one row per
 * session (epoch, node, state), so a restarted coordinator never reissues an epoch. Two drivers
 * implement it (SQLite, PostgreSQL) and one conformance suite checks both
 * (test/session-store-conformance.ts).
 *
 * The rules both drivers share live here as plain functions, so the drivers differ only in how
 * they lock and write.
 */
import { canonicalJson, digestOf, type JsonValue, utf8 } from '@mycel/kernel';
import { SESSION_CHECKPOINT_BYTES_MAX } from './limits.js';
import { StoreError } from './store-error.js';

/** The body that is hashed: digest = contentId(body), 'sha256:' + hex of its RFC 8785 JSON. */
export interface SessionCheckpointBody {
  readonly sid: string;
  readonly epoch: number;
  /** The last turn run. */
  readonly seq: number;
  /** Successful turns so far. */
  readonly turns: number;
  readonly agent: string;
  readonly state: JsonValue;
  /** The chunks the last turn produced. */
  readonly output: readonly JsonValue[];
  /** The error the last turn ended with, when it failed (its state is the one before it). */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface SessionCheckpoint extends SessionCheckpointBody {
  readonly digest: string;
}

export type SaveCheckpointOutcome = 'saved' | 'duplicate';

export interface SessionRow {
  readonly sid: string;
  readonly epoch: number;
  /** The node the session is placed on; '' while unplaced. */
  readonly node: string;
  readonly agent: string;
  readonly class: string;
  readonly client: string;
  /** requested | placing | starting | active | migrating | closed | failed */
  readonly state: string;
  readonly reason: string | null;
  readonly checkpointDigest: string | null;
  readonly checkpointSeq: number;
  readonly coordinate: JsonValue | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export interface SessionStore {
  readonly driver: 'sqlite' | 'postgres';
  /**
   * Verifies digest === contentId(body) (else checkpoint_digest_mismatch), then stores the
   * checkpoint and makes it the session's latest in one transaction. Saving the current latest
   * again (the same digest) is 'duplicate': an idempotent retry. Within the latest's epoch a seq
   * not above the latest's, or an epoch below it, is checkpoint_stale and changes nothing; a newer
   * epoch wins (refuseStale). The latest checkpoint and the one before it are kept: a coordinator
   * may have moved the session naming the one before while the latest was being written (one
   * checkpoint per session is in flight at a time, so two suffice). Over
   * SESSION_CHECKPOINT_BYTES_MAX bytes of canonical JSON is checkpoint_too_large. A checkpoint may
   * arrive before its session has a row.
   */
  saveCheckpoint(checkpoint: SessionCheckpoint): Promise<SaveCheckpointOutcome>;
  /** The stored checkpoint with this digest; superseded ones are gone. */
  checkpoint(digest: string): Promise<SessionCheckpoint | undefined>;
  latestCheckpoint(sid: string): Promise<SessionCheckpoint | undefined>;
  /**
   * Upsert by sid: the row replaces the stored one whole. An epoch lower than the stored one is
   * session_epoch_regressed and changes nothing; an equal epoch is a state change within it.
   */
  saveSession(row: SessionRow): Promise<void>;
  session(sid: string): Promise<SessionRow | undefined>;
  /**
   * Rows whose state is neither closed nor failed (the two states after which a session never
   * runs again), ordered by createdAtMs, then sid in byte order.
   */
  openSessions(): Promise<SessionRow[]>;
  /**
   * Deletes ended sessions (closed or failed) last updated before `beforeMs`, with their
   * checkpoints; returns how many sessions it deleted.
   */
  pruneEnded(beforeMs: number): Promise<number>;
  close(): Promise<void>;
}

/** A checkpoint that passed checkCheckpoint: its body as canonical JSON text, ready to store. */
export interface CheckedCheckpoint {
  readonly checkpoint: SessionCheckpoint;
  readonly bodyText: string;
}

/** What a session's latest-checkpoint pointer holds: enough to decide the next save. */
export interface LatestPointer {
  readonly digest: string;
  readonly epoch: number;
  readonly seq: number;
}

/**
 * Field ranges, size and digest, in that order: the cheap checks first, and the size before the
 * hash so an oversized body is not hashed. The body is exactly the seven hashed fields, whatever
 * else the object carries, and its canonical text is what the drivers store: reading it back
 * yields a body that hashes to the same digest.
 */
export function checkCheckpoint(checkpoint: SessionCheckpoint): CheckedCheckpoint {
  requireId('sid', checkpoint.sid);
  requireCount('epoch', checkpoint.epoch);
  requireCount('seq', checkpoint.seq);
  requireCount('turns', checkpoint.turns);
  const body: SessionCheckpointBody = {
    sid: checkpoint.sid,
    epoch: checkpoint.epoch,
    seq: checkpoint.seq,
    turns: checkpoint.turns,
    agent: checkpoint.agent,
    state: checkpoint.state,
    output: checkpoint.output,
    ...(checkpoint.error === undefined
      ? {}
      : { error: { code: checkpoint.error.code, message: checkpoint.error.message } }),
  };
  const bodyText = canonicalJson(body as unknown as JsonValue);
  const bytes = utf8(bodyText);
  if (bytes.length > SESSION_CHECKPOINT_BYTES_MAX) {
    throw new StoreError(
      'checkpoint_too_large',
      `a checkpoint is at most ${SESSION_CHECKPOINT_BYTES_MAX} bytes of canonical JSON; this one is ${bytes.length}`,
    );
  }
  // The same digest as contentId(body), computed from the text already in hand.
  if (digestOf(bytes) !== checkpoint.digest) {
    throw new StoreError(
      'checkpoint_digest_mismatch',
      `the checkpoint of session ${checkpoint.sid} seq ${checkpoint.seq} does not hash to ${checkpoint.digest}`,
    );
  }
  return { checkpoint: { ...body, digest: checkpoint.digest }, bodyText };
}

/**
 * Refuses a checkpoint that does not advance the session past `latest` (the caller has already
 * answered an equal digest with 'duplicate'). Within an epoch seq must grow. A newer epoch wins
 * whatever its seq: the old node's last checkpoint may have been stored after the coordinator
 * moved the session on from an earlier one (the new node then redoes that turn from the state
 * its ticket named), and the new placement's history is the one that counts.
 */
export function refuseStale(latest: LatestPointer, checkpoint: SessionCheckpoint): void {
  if (checkpoint.epoch < latest.epoch) {
    throw new StoreError(
      'checkpoint_stale',
      `session ${checkpoint.sid} is at epoch ${latest.epoch}; a checkpoint of epoch ${checkpoint.epoch} is stale`,
    );
  }
  if (checkpoint.epoch === latest.epoch && checkpoint.seq <= latest.seq) {
    throw new StoreError(
      'checkpoint_stale',
      `session ${checkpoint.sid} has a checkpoint of seq ${latest.seq}; another of seq ${checkpoint.seq} is stale`,
    );
  }
}

/** Why a session row was not written: an older epoch, or the same epoch on another node. */
export function refusedRow(row: SessionRow, storedEpoch: number): StoreError {
  if (storedEpoch > row.epoch) {
    return new StoreError(
      'session_epoch_regressed',
      `session ${row.sid} is stored with epoch ${storedEpoch}, above ${row.epoch}`,
    );
  }
  return new StoreError(
    'session_epoch_conflict',
    `epoch ${row.epoch} of session ${row.sid} is already placed on another node`,
  );
}

/** Numbers both databases hold exactly (PostgreSQL bigint, SQLite integer read as a JS number). */
export function checkSessionRow(row: SessionRow): void {
  requireId('sid', row.sid);
  requireCount('epoch', row.epoch);
  requireCount('checkpointSeq', row.checkpointSeq);
  requireCount('createdAtMs', row.createdAtMs);
  requireCount('updatedAtMs', row.updatedAtMs);
}

/** The cut-off of pruneEnded is a time like the rows' own: a non-negative safe integer. */
export function checkPruneTime(beforeMs: number): void {
  requireCount('beforeMs', beforeMs);
}

/** A checkpoint read back: its stored canonical body and the digest it is stored under. */
export function checkpointFromText(bodyText: string, digest: string): SessionCheckpoint {
  return { ...(JSON.parse(bodyText) as SessionCheckpointBody), digest };
}

/** JSON text of a row's coordinate, or null; canonical so both drivers store the same text. */
export function coordinateText(coordinate: JsonValue | null): string | null {
  return coordinate === null ? null : canonicalJson(coordinate);
}

export function coordinateFromText(text: string | null): JsonValue | null {
  return text === null ? null : (JSON.parse(text) as JsonValue);
}

function requireId(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new StoreError('session_record_invalid', `${field} must be a non-empty string`);
  }
}

function requireCount(field: string, value: unknown): void {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new StoreError(
      'session_record_invalid',
      `${field} must be a non-negative safe integer, not ${String(value)}`,
    );
  }
}
