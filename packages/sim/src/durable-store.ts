/**
 * The coordinator's durable state, which outlives its restarts: the session store's checkpoints
 * (@mycel/store's SessionStore rules: a session's latest checkpoint and the one before are kept; within an epoch
 * seq must grow; a newer epoch wins whatever its seq; an older epoch is stale; the latest saved
 * again is a duplicate) and the session journal's rows (an upsert by sid that never lowers the
 * epoch nor moves an epoch to another node). Rows are the real journal's (sessionRowOf, read back
 * with sessionEntryOf), taken at flush time: a change the coordinator made but had not flushed
 * when it crashed is lost, as it would be.
 */
import { type SessionEntry, sessionEntryOf, sessionRowOf } from '@mycel/grid';
import type { SessionCheckpoint, WireErrorCode } from '@mycel/wire';

export type SaveOutcome =
  | { readonly ok: true; readonly value: 'new' | 'duplicate' }
  | { readonly ok: false; readonly code: WireErrorCode; readonly message: string };

/** A journal row, as the real journal writes it (session-journal's sessionRowOf). */
export type JournalRow = ReturnType<typeof sessionRowOf>;

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

  /**
   * The journal's write, as the real store takes it (session-journal's sessionRowOf, then the
   * store's compare-and-set): false, nothing written, for an epoch below the stored one or the
   * same epoch on another node.
   */
  saveSession(entry: SessionEntry): boolean {
    const row = sessionRowOf(entry);
    const stored = this.rows.get(entry.sid);
    if (stored !== undefined) {
      if (stored.epoch > row.epoch) return false;
      const otherNode = stored.node !== '' && stored.node !== row.node;
      if (stored.epoch === row.epoch && otherNode) return false;
    }
    this.rows.set(entry.sid, row);
    return true;
  }

  session(sid: string): JournalRow | undefined {
    return this.rows.get(sid);
  }

  /**
   * What the journal reads back after a restart (session-journal load and sessionEntryOf): the
   * open rows, by createdAtMs then sid, each with its latest durable checkpoint.
   */
  openSessions(): SessionEntry[] {
    const open = [...this.rows.values()].filter(
      (row) => row.state !== 'closed' && row.state !== 'failed',
    );
    open.sort((a, b) => a.createdAtMs - b.createdAtMs || (a.sid < b.sid ? -1 : 1));
    return open.map((row) => sessionEntryOf(row, this.latest.get(row.sid)));
  }
}
