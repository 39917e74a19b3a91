/**
 * The session journal: every session the core changed is written to the session store before
 * anyone hears of the change (a ticket of a new epoch, a move), so a coordinator that restarts
 * never issues an epoch twice and finds its moving sessions where it left them. Writes go out in
 * order, one batch at a time. Each row names the coordinator that wrote it (its owner, kept in
 * the row's `coordinate` column): coordinators sharing one store (PostgreSQL, docs/decisions/0011)
 * restore only their own sessions after a restart.
 */
import type { SessionRow, SessionStore } from '@mycel/store';
import type { CoordinatorCore } from './coordinator-core.js';
import type { NetworkCoordinate } from './network-coordinate.js';
import type { Attestation } from './node-table.js';
import type { SessionEntry, SessionState } from './session-registry.js';

export class SessionJournal {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: SessionStore,
    private readonly core: CoordinatorCore,
  ) {}

  /** Writes what changed since the last flush; resolves once it is durable (or rejects). */
  flush(): Promise<void> {
    const entries = this.core.sessions.takeDirty();
    const rows = entries.map((entry) => sessionRowOf(entry, this.core.did));
    const written = this.chain.then(async () => {
      for (const row of rows) await this.store.saveSession(row);
    });
    // A failed write fails its callers; the next flush starts afresh.
    this.chain = written.catch(() => undefined);
    return written;
  }

  /** Reads back the open sessions after a restart, with their newest durable checkpoint. */
  async load(): Promise<SessionEntry[]> {
    const entries: SessionEntry[] = [];
    for (const row of await this.store.openSessions()) {
      const owner = ownerOf(row);
      // Another coordinator of a shared store owns it (it adopted the session, or placed it).
      if (owner !== undefined && owner !== this.core.did) continue;
      const latest = await this.store.latestCheckpoint(row.sid);
      entries.push(sessionEntryOf(row, latest));
    }
    return entries;
  }
}

/** The coordinator that wrote a row, when it says (rows written before owners were kept do not). */
export function ownerOf(row: SessionRow): string | undefined {
  const owner = (row.coordinate as { readonly owner?: unknown } | null)?.owner;
  return typeof owner === 'string' ? owner : undefined;
}

/** The journal row of a session (what the store keeps of it), owned by `owner` when given. */
export function sessionRowOf(entry: SessionEntry, owner?: string): SessionRow {
  return {
    sid: entry.sid,
    epoch: entry.epoch,
    node: entry.node,
    agent: entry.agent,
    class: entry.class,
    client: entry.client,
    state: entry.state,
    reason: entry.reason ?? null,
    checkpointDigest: entry.checkpoint?.digest ?? null,
    checkpointSeq: entry.checkpoint?.seq ?? 0,
    // The row's `coordinate` column keeps what placement needs to place the session again.
    coordinate: {
      ...(entry.coordinate === undefined
        ? {}
        : {
            coordinate: {
              vector: [...entry.coordinate.vector],
              height: entry.coordinate.height,
              error: entry.coordinate.error,
            },
          }),
      ...(entry.attestationMin === undefined ? {} : { attestationMin: entry.attestationMin }),
      ...(owner === undefined ? {} : { owner }),
    },
    createdAtMs: entry.createdAtMs,
    updatedAtMs: entry.updatedAtMs,
  };
}

/** A session read back from its row and the store's latest checkpoint of it. */
export function sessionEntryOf(
  row: SessionRow,
  latest: { readonly seq: number; readonly digest: string; readonly turns: number } | undefined,
): SessionEntry {
  const stored = row.coordinate as {
    readonly coordinate?: NetworkCoordinate;
    readonly attestationMin?: Attestation;
  } | null;
  return {
    sid: row.sid,
    epoch: row.epoch,
    state: row.state as SessionState,
    node: row.node,
    agent: row.agent,
    class: row.class as SessionEntry['class'],
    client: row.client,
    turns: latest?.turns ?? 0,
    createdAtMs: row.createdAtMs,
    updatedAtMs: row.updatedAtMs,
    expiresAtMs: Number.POSITIVE_INFINITY,
    attachedAtHeartbeat: undefined,
    // The store's latest pointer is written with the checkpoint itself: it is never behind.
    checkpoint: latest === undefined ? undefined : { seq: latest.seq, digest: latest.digest },
    coordinate: stored?.coordinate,
    attestationMin: stored?.attestationMin,
    reason: row.reason ?? undefined,
    movingSinceMs: row.state === 'migrating' ? row.updatedAtMs : undefined,
    clientLostAtMs: undefined,
    reattachOffered: false,
  };
}
