/**
 * PostgreSQL session store, for coordinators that keep their state off the machine. A checkpoint
 * save is one transaction that first claims or locks the session's latest-checkpoint row, so
 * concurrent saves of one session (from one coordinator's pool or from several machines)
 * serialise on that row and each compares against the latest committed one. Saves of different
 * sessions do not wait on each other.
 */
import type pg from 'pg';
import {
  checkCheckpoint,
  checkPruneTime,
  checkpointFromText,
  checkSessionRow,
  coordinateFromText,
  coordinateText,
  type LatestPointer,
  refusedRow,
  refuseStale,
  type SaveCheckpointOutcome,
  type SessionCheckpoint,
  type SessionRow,
  type SessionStore,
} from '../session-store.js';
import { inTransaction } from './in-transaction.js';
import { openPostgresPool } from './open-postgres-pool.js';
import {
  POSTGRES_SESSION_SCHEMA,
  POSTGRES_SESSION_SCHEMA_LOCK_KEY,
} from './postgres-session-schema.js';

export interface PostgresSessionStoreOptions {
  /** e.g. postgres://postgres@127.0.0.1:5432/opengrid */
  readonly url: string;
  /**
   * The schema that holds the tables, created if missing: lower-case letters, digits and '_'.
   * Without one the tables go where the server's search_path puts them (public by default).
   */
  readonly schema?: string;
}

/** Lower-case so it needs no quoting to mean itself in search_path and in SQL. */

/** bigint columns come back from pg as strings; the store only writes safe integers. */
interface SessionRecord {
  sid: string;
  epoch: string;
  node: string;
  agent: string;
  class: string;
  client: string;
  state: string;
  reason: string | null;
  checkpoint_digest: string | null;
  checkpoint_seq: string;
  coordinate: string | null;
  created_at_ms: string;
  updated_at_ms: string;
}

const SESSION_COLUMNS =
  'sid, epoch, node, agent, class, client, state, reason, checkpoint_digest, checkpoint_seq, coordinate, created_at_ms, updated_at_ms';

export async function openPostgresSessionStore(
  options: PostgresSessionStoreOptions,
): Promise<PostgresSessionStore> {
  const pool = await openPostgresPool({
    url: options.url,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    lockKey: POSTGRES_SESSION_SCHEMA_LOCK_KEY,
    ddl: POSTGRES_SESSION_SCHEMA,
    what: 'the PostgreSQL session store',
  });
  return new PostgresSessionStore(pool);
}

export class PostgresSessionStore implements SessionStore {
  readonly driver = 'postgres' as const;

  constructor(private readonly pool: pg.Pool) {}

  async saveCheckpoint(candidate: SessionCheckpoint): Promise<SaveCheckpointOutcome> {
    const { checkpoint, bodyText } = checkCheckpoint(candidate);
    return inTransaction(this.pool, async (client) => {
      // Claims the pointer for this checkpoint if the session has none, else locks the one it has
      // (the no-op DO UPDATE takes the row lock and returns the latest committed values). Either
      // way one statement, so two first saves of a session cannot both find it empty.
      const pointer = await client.query<{ digest: string; epoch: string; seq: string }>(
        `INSERT INTO session_latest (sid, digest, epoch, seq) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sid) DO UPDATE SET sid = excluded.sid
         RETURNING digest, epoch, seq`,
        [checkpoint.sid, checkpoint.digest, checkpoint.epoch, checkpoint.seq],
      );
      const row = pointer.rows[0]!;
      const latest: LatestPointer = {
        digest: row.digest,
        epoch: Number(row.epoch),
        seq: Number(row.seq),
      };
      if (latest.digest === checkpoint.digest) {
        // The pointer names this checkpoint: just claimed by this call (its row is new) or by an
        // earlier save of the same checkpoint (its row is already there).
        const inserted = await this.insertCheckpoint(client, checkpoint, bodyText);
        return inserted ? 'saved' : 'duplicate';
      }
      refuseStale(latest, checkpoint);
      await client.query(
        'UPDATE session_latest SET digest = $2, epoch = $3, seq = $4 WHERE sid = $1',
        [checkpoint.sid, checkpoint.digest, checkpoint.epoch, checkpoint.seq],
      );
      await this.insertCheckpoint(client, checkpoint, bodyText);
      // The one before stays: a move may name it while this one was being written.
      await client.query(
        'DELETE FROM session_checkpoints WHERE sid = $1 AND digest <> $2 AND digest <> $3',
        [checkpoint.sid, checkpoint.digest, latest.digest],
      );
      return 'saved';
    });
  }

  /** True when the row is new. */
  private async insertCheckpoint(
    client: pg.PoolClient,
    checkpoint: SessionCheckpoint,
    bodyText: string,
  ): Promise<boolean> {
    const result = await client.query(
      'INSERT INTO session_checkpoints (digest, sid, body) VALUES ($1, $2, $3) ON CONFLICT (digest) DO NOTHING',
      [checkpoint.digest, checkpoint.sid, bodyText],
    );
    return result.rowCount === 1;
  }

  async checkpoint(digest: string): Promise<SessionCheckpoint | undefined> {
    const result = await this.pool.query<{ body: string }>(
      'SELECT body FROM session_checkpoints WHERE digest = $1',
      [digest],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : checkpointFromText(row.body, digest);
  }

  async latestCheckpoint(sid: string): Promise<SessionCheckpoint | undefined> {
    const result = await this.pool.query<{ digest: string; body: string }>(
      `SELECT c.digest, c.body FROM session_latest l
       JOIN session_checkpoints c ON c.digest = l.digest WHERE l.sid = $1`,
      [sid],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : checkpointFromText(row.body, row.digest);
  }

  async saveSession(row: SessionRow): Promise<void> {
    checkSessionRow(row);
    // The WHERE turns an update to an older epoch, or to another node at the same epoch, into no
    // change at all, which rowCount shows;
    // the conflicting row is locked meanwhile, so the comparison and the write are one step.
    const result = await this.pool.query(
      `INSERT INTO sessions AS s (${SESSION_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (sid) DO UPDATE SET
         epoch = excluded.epoch, node = excluded.node, agent = excluded.agent,
         class = excluded.class, client = excluded.client, state = excluded.state,
         reason = excluded.reason, checkpoint_digest = excluded.checkpoint_digest,
         checkpoint_seq = excluded.checkpoint_seq, coordinate = excluded.coordinate,
         created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms
       WHERE s.epoch < excluded.epoch
          OR (s.epoch = excluded.epoch AND (s.node = excluded.node OR s.node = ''))`,
      [
        row.sid,
        row.epoch,
        row.node,
        row.agent,
        row.class,
        row.client,
        row.state,
        row.reason,
        row.checkpointDigest,
        row.checkpointSeq,
        coordinateText(row.coordinate),
        row.createdAtMs,
        row.updatedAtMs,
      ],
    );
    if (result.rowCount === 0) {
      const stored = await this.session(row.sid);
      throw refusedRow(row, stored?.epoch ?? row.epoch);
    }
  }

  async session(sid: string): Promise<SessionRow | undefined> {
    const result = await this.pool.query<SessionRecord>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE sid = $1`,
      [sid],
    );
    const record = result.rows[0];
    return record === undefined ? undefined : sessionFromRecord(record);
  }

  async openSessions(): Promise<SessionRow[]> {
    const result = await this.pool.query<SessionRecord>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE state NOT IN ('closed', 'failed')
       ORDER BY created_at_ms, sid`,
    );
    return result.rows.map(sessionFromRecord);
  }

  /**
   * One statement: the sessions it deletes are exactly the ones whose checkpoints and pointers go
   * with them, even while other connections end or update sessions.
   */
  async pruneEnded(beforeMs: number): Promise<number> {
    checkPruneTime(beforeMs);
    const result = await this.pool.query<{ count: number }>(
      `WITH ended AS (
         DELETE FROM sessions WHERE state IN ('closed', 'failed') AND updated_at_ms < $1
         RETURNING sid
       ), latest AS (
         DELETE FROM session_latest WHERE sid IN (SELECT sid FROM ended)
       ), checkpoints AS (
         DELETE FROM session_checkpoints WHERE sid IN (SELECT sid FROM ended)
       )
       SELECT count(*)::int AS count FROM ended`,
      [beforeMs],
    );
    return result.rows[0]!.count;
  }

  async close(): Promise<void> {
    if (this.pool.ended) return;
    await this.pool.end();
  }
}

function sessionFromRecord(record: SessionRecord): SessionRow {
  return {
    sid: record.sid,
    epoch: Number(record.epoch),
    node: record.node,
    agent: record.agent,
    class: record.class,
    client: record.client,
    state: record.state,
    reason: record.reason,
    checkpointDigest: record.checkpoint_digest,
    checkpointSeq: Number(record.checkpoint_seq),
    coordinate: coordinateFromText(record.coordinate),
    createdAtMs: Number(record.created_at_ms),
    updatedAtMs: Number(record.updated_at_ms),
  };
}
