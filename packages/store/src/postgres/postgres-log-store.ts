/**
 * PostgreSQL driver for multi-machine deployments. An append is one transaction that locks the
 * head row (SELECT ... FOR UPDATE), so several writers on several machines serialise cleanly.
 */
import { EMPTY_ROOT, type Hash, type NodeId, nodeKey } from '@mycel/kernel';
import pg from 'pg';
import { packFrontier, unpackFrontier } from '../frontier-bytes.js';
import {
  POSTGRES_CONNECT_TIMEOUT_MS,
  POSTGRES_POOL_CONNECTIONS_MAX,
  READ_ENTRIES_MAX,
} from '../limits.js';
import type { AppendOutcome, AppendRequest, LogHead, LogStore, StoredEntry } from '../log-store.js';
import { planAppend } from '../plan-append.js';
import { StoreError } from '../store-error.js';
import { inTransaction } from './in-transaction.js';
import { POSTGRES_LOG_SCHEMA, POSTGRES_SCHEMA_LOCK_KEY } from './postgres-schema.js';

export interface PostgresLogStoreOptions {
  /** e.g. postgres://postgres@127.0.0.1:5432/mycel */
  readonly url: string;
  readonly origin: string;
}

export async function openPostgresLogStore(
  options: PostgresLogStoreOptions,
): Promise<PostgresLogStore> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: POSTGRES_POOL_CONNECTIONS_MAX,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
  });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead
  try {
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [POSTGRES_SCHEMA_LOCK_KEY]);
      await client.query(POSTGRES_LOG_SCHEMA);
      await client.query(
        'INSERT INTO log_meta (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        ['origin', options.origin],
      );
      await client.query(
        'INSERT INTO log_head (one, size, root, frontier) VALUES (1, 0, $1, $2) ON CONFLICT DO NOTHING',
        [Buffer.from(EMPTY_ROOT), Buffer.alloc(0)],
      );
    });
  } catch (error) {
    await pool.end();
    throw new StoreError('store_unavailable', `cannot open the PostgreSQL log: ${String(error)}`, {
      cause: error,
    });
  }
  const stored = await pool.query<{ value: string }>('SELECT value FROM log_meta WHERE key = $1', [
    'origin',
  ]);
  if (stored.rows[0]?.value !== options.origin) {
    await pool.end();
    throw new StoreError(
      'store_origin_mismatch',
      `the database holds log "${stored.rows[0]?.value}", not "${options.origin}"`,
    );
  }
  return new PostgresLogStore(pool);
}

interface HeadRow {
  size: string;
  root: Buffer;
  frontier: Buffer;
}

export class PostgresLogStore implements LogStore {
  readonly driver = 'postgres' as const;

  constructor(private readonly pool: pg.Pool) {}

  async append(request: AppendRequest): Promise<AppendOutcome> {
    return inTransaction(this.pool, async (client) => {
      const head = await client.query<HeadRow>(
        'SELECT size, root, frontier FROM log_head WHERE one = 1 FOR UPDATE',
      );
      const before = requireHead(head.rows[0]);
      const ids = request.entries.map((entry) => entry.id);
      const found = await client.query<{ idx: string; id: string }>(
        'SELECT idx, id FROM log_entries WHERE id = ANY($1::text[])',
        [ids],
      );
      const existing = new Map(found.rows.map((row) => [row.id, Number(row.idx)]));
      const size = Number(before.size);
      const plan = planAppend(size, unpackFrontier(before.frontier), request.entries, existing);
      if (plan.tree === undefined) {
        const checkpoint = await this.checkpointWith(client, size);
        return {
          indices: plan.indices,
          appended: 0,
          head: { size, root: new Uint8Array(before.root), checkpoint },
          nodes: [],
        };
      }
      await client.query(
        'INSERT INTO log_entries (idx, id, bytes) SELECT * FROM unnest($1::bigint[], $2::text[], $3::bytea[])',
        [
          plan.fresh.map(({ index }) => index),
          plan.fresh.map(({ entry }) => entry.id),
          plan.fresh.map(({ entry }) => Buffer.from(entry.bytes)),
        ],
      );
      await client.query(
        'INSERT INTO log_nodes (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])',
        [
          plan.tree.nodes.map(({ id }) => id.level),
          plan.tree.nodes.map(({ id }) => id.index),
          plan.tree.nodes.map(({ hash }) => Buffer.from(hash)),
        ],
      );
      const checkpoint = request.signCheckpoint(plan.tree.size, plan.tree.root);
      await client.query('UPDATE log_head SET size = $1, root = $2, frontier = $3 WHERE one = 1', [
        plan.tree.size,
        Buffer.from(plan.tree.root),
        Buffer.from(packFrontier(plan.tree.frontier)),
      ]);
      await client.query('INSERT INTO log_checkpoints (size, note) VALUES ($1, $2)', [
        plan.tree.size,
        checkpoint,
      ]);
      return {
        indices: plan.indices,
        appended: plan.fresh.length,
        head: { size: plan.tree.size, root: plan.tree.root, checkpoint },
        nodes: plan.tree.nodes,
      };
    });
  }

  private async checkpointWith(
    client: pg.PoolClient | pg.Pool,
    size: number,
  ): Promise<string | undefined> {
    const result = await client.query<{ note: string }>(
      'SELECT note FROM log_checkpoints WHERE size = $1',
      [size],
    );
    return result.rows[0]?.note;
  }

  async head(): Promise<LogHead> {
    return inTransaction(this.pool, async (client) => {
      const head = await client.query<HeadRow>(
        'SELECT size, root, frontier FROM log_head WHERE one = 1',
      );
      const row = requireHead(head.rows[0]);
      const size = Number(row.size);
      return {
        size,
        root: new Uint8Array(row.root),
        checkpoint: await this.checkpointWith(client, size),
      };
    });
  }

  async readNodes(ids: readonly NodeId[]): Promise<Map<string, Hash>> {
    const out = new Map<string, Hash>();
    if (ids.length === 0) return out;
    const result = await this.pool.query<{ level: number; idx: string; hash: Buffer }>(
      'SELECT n.level, n.idx, n.hash FROM log_nodes n JOIN unnest($1::smallint[], $2::bigint[]) AS want(level, idx) ON n.level = want.level AND n.idx = want.idx',
      [ids.map((id) => id.level), ids.map((id) => id.index)],
    );
    for (const row of result.rows)
      out.set(nodeKey({ level: row.level, index: Number(row.idx) }), new Uint8Array(row.hash));
    const missing = ids.find((id) => !out.has(nodeKey(id)));
    if (missing !== undefined)
      throw new StoreError('store_corrupt', `Merkle node ${nodeKey(missing)} is missing`);
    return out;
  }

  async readEntries(start: number, end: number): Promise<StoredEntry[]> {
    const result = await this.pool.query<{ idx: string; id: string; bytes: Buffer }>(
      'SELECT idx, id, bytes FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx',
      [start, Math.min(end, start + READ_ENTRIES_MAX)],
    );
    return result.rows.map((row) => ({
      index: Number(row.idx),
      id: row.id,
      bytes: new Uint8Array(row.bytes),
    }));
  }

  async findIndex(id: string): Promise<number | undefined> {
    const result = await this.pool.query<{ idx: string }>(
      'SELECT idx FROM log_entries WHERE id = $1',
      [id],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : Number(row.idx);
  }

  async checkpointAt(size: number): Promise<string | undefined> {
    return this.checkpointWith(this.pool, size);
  }

  async checkpointCovering(index: number): Promise<{ size: number; note: string } | undefined> {
    const result = await this.pool.query<{ size: string; note: string }>(
      'SELECT size, note FROM log_checkpoints WHERE size > $1 ORDER BY size LIMIT 1',
      [index],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : { size: Number(row.size), note: row.note };
  }

  async close(): Promise<void> {
    if (this.pool.ended) return;
    await this.pool.end();
  }
}

function requireHead(row: HeadRow | undefined): HeadRow {
  if (row === undefined) throw new StoreError('store_corrupt', 'the log head row is missing');
  return row;
}
