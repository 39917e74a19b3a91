/**
 * The embedded default session store: better-sqlite3 in WAL mode. Each save is one IMMEDIATE
 * transaction, which takes the write lock before it reads, so the compare-and-set of a session's
 * latest checkpoint holds against other connections too, not only against this one's callers
 * (whose calls better-sqlite3 runs one at a time anyway).
 *
 * Durability: synchronous=NORMAL (the default here) makes a committed save survive a crash of the
 * coordinator process, but not of the operating system or the machine, where the last commits
 * before the crash may be lost. synchronous=FULL survives those too, at an fsync per save. The
 * proof log always runs FULL; sessions default to NORMAL because a lost checkpoint costs at most
 * a re-sent turn, while an fsync per turn costs every turn of every session.
 */
import type Database from 'better-sqlite3';
import {
  type CheckedCheckpoint,
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
import { StoreError } from '../store-error.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { SQLITE_SESSION_SCHEMA } from './sqlite-session-schema.js';

export interface SqliteSessionStoreOptions {
  /** File path, or ':memory:' for a throwaway store. */
  readonly path: string;
  /** 'normal' (default) survives a process crash; 'full' an OS crash or power loss too. */
  readonly synchronous?: 'normal' | 'full';
}

interface SessionRecord {
  sid: string;
  epoch: number;
  node: string;
  agent: string;
  class: string;
  client: string;
  state: string;
  reason: string | null;
  checkpoint_digest: string | null;
  checkpoint_seq: number;
  coordinate: string | null;
  created_at_ms: number;
  updated_at_ms: number;
}

const SESSION_COLUMNS =
  'sid, epoch, node, agent, class, client, state, reason, checkpoint_digest, checkpoint_seq, coordinate, created_at_ms, updated_at_ms';

export function openSqliteSessionStore(options: SqliteSessionStoreOptions): SqliteSessionStore {
  const synchronous = options.synchronous ?? 'normal';
  if (synchronous !== 'normal' && synchronous !== 'full') {
    throw new StoreError(
      'store_options_invalid',
      `synchronous is 'normal' or 'full', not ${JSON.stringify(synchronous)}`,
    );
  }
  const db = openSqliteDatabase({
    path: options.path,
    synchronous: synchronous === 'full' ? 'FULL' : 'NORMAL',
    ddl: SQLITE_SESSION_SCHEMA,
    what: 'the SQLite session store',
  });
  return new SqliteSessionStore(db);
}

export class SqliteSessionStore implements SessionStore {
  readonly driver = 'sqlite' as const;
  private readonly statements;
  private readonly saveCheckpointTransaction;
  private readonly pruneTransaction;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      latest: db.prepare('SELECT digest, epoch, seq FROM session_latest WHERE sid = ?'),
      setLatest: db.prepare(
        `INSERT INTO session_latest (sid, digest, epoch, seq) VALUES (?, ?, ?, ?)
         ON CONFLICT (sid) DO UPDATE SET digest = excluded.digest, epoch = excluded.epoch, seq = excluded.seq`,
      ),
      insertCheckpoint: db.prepare(
        'INSERT INTO session_checkpoints (digest, sid, body) VALUES (?, ?, ?)',
      ),
      deleteSuperseded: db.prepare(
        'DELETE FROM session_checkpoints WHERE sid = ? AND digest <> ? AND digest <> ?',
      ),
      checkpoint: db.prepare('SELECT body FROM session_checkpoints WHERE digest = ?').pluck(),
      latestCheckpoint: db.prepare(
        `SELECT c.digest, c.body FROM session_latest l
         JOIN session_checkpoints c ON c.digest = l.digest WHERE l.sid = ?`,
      ),
      // The WHERE turns an update to an older epoch, or to another node at the same epoch (a
      // second coordinator placing the same move), into no change at all, which `changes` shows.
      saveSession: db.prepare(
        `INSERT INTO sessions (${SESSION_COLUMNS})
         VALUES (@sid, @epoch, @node, @agent, @class, @client, @state, @reason, @checkpoint_digest,
                 @checkpoint_seq, @coordinate, @created_at_ms, @updated_at_ms)
         ON CONFLICT (sid) DO UPDATE SET
           epoch = excluded.epoch, node = excluded.node, agent = excluded.agent,
           class = excluded.class, client = excluded.client, state = excluded.state,
           reason = excluded.reason, checkpoint_digest = excluded.checkpoint_digest,
           checkpoint_seq = excluded.checkpoint_seq, coordinate = excluded.coordinate,
           created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms
         WHERE sessions.epoch < excluded.epoch
           OR (sessions.epoch = excluded.epoch
               AND (sessions.node = excluded.node OR sessions.node = ''))`,
      ),
      session: db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE sid = ?`),
      openSessions: db.prepare(
        `SELECT ${SESSION_COLUMNS} FROM sessions WHERE state NOT IN ('closed', 'failed')
         ORDER BY created_at_ms, sid`,
      ),
      pruneCheckpoints: db.prepare(
        `DELETE FROM session_checkpoints WHERE sid IN (SELECT sid FROM sessions
           WHERE state IN ('closed', 'failed') AND updated_at_ms < ?)`,
      ),
      pruneLatest: db.prepare(
        `DELETE FROM session_latest WHERE sid IN (SELECT sid FROM sessions
           WHERE state IN ('closed', 'failed') AND updated_at_ms < ?)`,
      ),
      pruneSessions: db.prepare(
        `DELETE FROM sessions WHERE state IN ('closed', 'failed') AND updated_at_ms < ?`,
      ),
    };
    this.saveCheckpointTransaction = db.transaction((checked: CheckedCheckpoint) =>
      this.saveCheckpointInTransaction(checked),
    );
    this.pruneTransaction = db.transaction((beforeMs: number) => {
      this.statements.pruneCheckpoints.run(beforeMs);
      this.statements.pruneLatest.run(beforeMs);
      return this.statements.pruneSessions.run(beforeMs).changes;
    });
  }

  async saveCheckpoint(checkpoint: SessionCheckpoint): Promise<SaveCheckpointOutcome> {
    const checked = checkCheckpoint(checkpoint);
    return this.saveCheckpointTransaction.immediate(checked);
  }

  private saveCheckpointInTransaction({
    checkpoint,
    bodyText,
  }: CheckedCheckpoint): SaveCheckpointOutcome {
    const latest = this.statements.latest.get(checkpoint.sid) as LatestPointer | undefined;
    if (latest !== undefined) {
      if (latest.digest === checkpoint.digest) return 'duplicate';
      refuseStale(latest, checkpoint);
    }
    this.statements.insertCheckpoint.run(checkpoint.digest, checkpoint.sid, bodyText);
    this.statements.setLatest.run(
      checkpoint.sid,
      checkpoint.digest,
      checkpoint.epoch,
      checkpoint.seq,
    );
    // The one before stays: a move may name it while this one was being written (session-store.ts).
    const previous = latest?.digest ?? checkpoint.digest;
    this.statements.deleteSuperseded.run(checkpoint.sid, checkpoint.digest, previous);
    return 'saved';
  }

  async checkpoint(digest: string): Promise<SessionCheckpoint | undefined> {
    const body = this.statements.checkpoint.get(digest) as string | undefined;
    return body === undefined ? undefined : checkpointFromText(body, digest);
  }

  async latestCheckpoint(sid: string): Promise<SessionCheckpoint | undefined> {
    const row = this.statements.latestCheckpoint.get(sid) as
      | { digest: string; body: string }
      | undefined;
    return row === undefined ? undefined : checkpointFromText(row.body, row.digest);
  }

  async saveSession(row: SessionRow): Promise<void> {
    checkSessionRow(row);
    const changes = this.statements.saveSession.run({
      sid: row.sid,
      epoch: row.epoch,
      node: row.node,
      agent: row.agent,
      class: row.class,
      client: row.client,
      state: row.state,
      reason: row.reason,
      checkpoint_digest: row.checkpointDigest,
      checkpoint_seq: row.checkpointSeq,
      coordinate: coordinateText(row.coordinate),
      created_at_ms: row.createdAtMs,
      updated_at_ms: row.updatedAtMs,
    }).changes;
    if (changes === 0) {
      const stored = this.statements.session.get(row.sid) as SessionRecord | undefined;
      throw refusedRow(row, stored === undefined ? row.epoch : Number(stored.epoch));
    }
  }

  async session(sid: string): Promise<SessionRow | undefined> {
    const record = this.statements.session.get(sid) as SessionRecord | undefined;
    return record === undefined ? undefined : sessionFromRecord(record);
  }

  async openSessions(): Promise<SessionRow[]> {
    return (this.statements.openSessions.all() as SessionRecord[]).map(sessionFromRecord);
  }

  async pruneEnded(beforeMs: number): Promise<number> {
    checkPruneTime(beforeMs);
    return this.pruneTransaction.immediate(beforeMs);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function sessionFromRecord(record: SessionRecord): SessionRow {
  return {
    sid: record.sid,
    epoch: record.epoch,
    node: record.node,
    agent: record.agent,
    class: record.class,
    client: record.client,
    state: record.state,
    reason: record.reason,
    checkpointDigest: record.checkpoint_digest,
    checkpointSeq: record.checkpoint_seq,
    coordinate: coordinateFromText(record.coordinate),
    createdAtMs: record.created_at_ms,
    updatedAtMs: record.updated_at_ms,
  };
}
