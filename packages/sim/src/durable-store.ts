/**
 * The coordinator's durable state, which outlives its restarts: the session store's checkpoints
 * (@mycel/store's SessionStore rules: a session's latest checkpoint and the one before are kept; within an epoch
 * seq must grow; a newer epoch wins whatever its seq; an older epoch is stale; the latest saved
 * again is a duplicate) and the session journal's rows (an upsert by sid that never lowers the
 * epoch). Rows are copies taken at flush time, mirroring session-journal.ts rowOf/entryOf: a
 * change the coordinator made but had not flushed when it crashed is lost, as it would be.
 */
import type { SessionEntry, SessionState } from '@mycel/grid';
import type { SessionCheckpoint, WireErrorCode } from '@mycel/wire';

export type SaveOutcome =
  | { readonly ok: true; readonly value: 'new' | 'duplicate' }
  | { readonly ok: false; readonly code: WireErrorCode; readonly message: string };

/** A journal row: the fields of a SessionEntry the real journal writes (session-journal rowOf). */
export interface JournalRow {
  readonly sid: string;
  readonly epoch: number;
  readonly node: string;
  readonly agent: string;
  readonly class: SessionEntry['class'];
  readonly client: string;
  readonly state: SessionState;
  readonly reason: string | undefined;
  readonly coordinate: SessionEntry['coordinate'];
  readonly attestationMin: SessionEntry['attestationMin'];
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export class DurableStore {
  private readonly latest = new Map<string, SessionCheckpoint>();
  private readonly previous = new Map<string, SessionCheckpoint>();
  private readonly byDigest = new Map<string, SessionCheckpoint>();
  private readonly rows = new Map<string, JournalRow>();
  /** Called with every checkpoint that became a session's latest (the oracle keeps them). */
  onSaved: ((checkpoint: SessionCheckpoint) => void) | undefined;

  saveCheckpoint(checkpoint: SessionCheckpoint): SaveOutcome {
    const known = this.latest.get(checkpoint.sid);
    if (known !== undefined && known.digest === checkpoint.digest) {
      return { ok: true, value: 'duplicate' };
    }
    if (known !== undefined && checkpoint.epoch < known.epoch) {
      const message = `session ${checkpoint.sid} is at epoch ${known.epoch}; a checkpoint of epoch ${checkpoint.epoch} is stale`;
      return { ok: false, code: 'checkpoint_stale', message };
    }
    if (known !== undefined && checkpoint.epoch === known.epoch && checkpoint.seq <= known.seq) {
      const message = `session ${checkpoint.sid} has a checkpoint of seq ${known.seq}; another of seq ${checkpoint.seq} is stale`;
      return { ok: false, code: 'checkpoint_stale', message };
    }
    // The latest and the one before are kept: the one before that is gone.
    const before = this.previous.get(checkpoint.sid);
    if (before !== undefined) this.byDigest.delete(before.digest);
    if (known !== undefined) this.previous.set(checkpoint.sid, known);
    this.latest.set(checkpoint.sid, checkpoint);
    this.byDigest.set(checkpoint.digest, checkpoint);
    this.onSaved?.(checkpoint);
    return { ok: true, value: 'new' };
  }

  checkpoint(digest: string): SessionCheckpoint | undefined {
    return this.byDigest.get(digest);
  }

  latestCheckpoint(sid: string): SessionCheckpoint | undefined {
    return this.latest.get(sid);
  }

  /** The journal's write: false (nothing written) for an epoch below the stored one. */
  saveSession(entry: SessionEntry): boolean {
    const stored = this.rows.get(entry.sid);
    if (stored !== undefined && stored.epoch > entry.epoch) return false;
    this.rows.set(entry.sid, {
      sid: entry.sid,
      epoch: entry.epoch,
      node: entry.node,
      agent: entry.agent,
      class: entry.class,
      client: entry.client,
      state: entry.state,
      reason: entry.reason,
      coordinate: entry.coordinate,
      attestationMin: entry.attestationMin,
      createdAtMs: entry.createdAtMs,
      updatedAtMs: entry.updatedAtMs,
    });
    return true;
  }

  session(sid: string): JournalRow | undefined {
    return this.rows.get(sid);
  }

  /**
   * What the journal reads back after a restart (session-journal load/entryOf): the open rows,
   * by createdAtMs then sid, each with its latest durable checkpoint.
   */
  openSessions(): SessionEntry[] {
    const open = [...this.rows.values()].filter(
      (row) => row.state !== 'closed' && row.state !== 'failed',
    );
    open.sort((a, b) => a.createdAtMs - b.createdAtMs || (a.sid < b.sid ? -1 : 1));
    return open.map((row) => this.entryOf(row));
  }

  private entryOf(row: JournalRow): SessionEntry {
    const latest = this.latest.get(row.sid);
    return {
      sid: row.sid,
      epoch: row.epoch,
      state: row.state,
      node: row.node,
      agent: row.agent,
      class: row.class,
      client: row.client,
      turns: latest?.turns ?? 0,
      createdAtMs: row.createdAtMs,
      updatedAtMs: row.updatedAtMs,
      expiresAtMs: Number.POSITIVE_INFINITY,
      attachedAtHeartbeat: undefined,
      checkpoint: latest === undefined ? undefined : { seq: latest.seq, digest: latest.digest },
      coordinate: row.coordinate,
      attestationMin: row.attestationMin,
      reason: row.reason,
      movingSinceMs: row.state === 'migrating' ? row.updatedAtMs : undefined,
      clientLostAtMs: undefined,
      reattachOffered: false,
    };
  }
}
