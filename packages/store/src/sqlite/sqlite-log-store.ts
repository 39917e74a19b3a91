/**
 * The embedded default: better-sqlite3 in WAL mode with synchronous=FULL, so a committed append
 * survives a crash of the process or the machine, and a batch is one transaction: all or nothing.
 */
import { appendLeaves, EMPTY_ROOT, type Hash, hashLeaf, type NodeId, nodeKey } from '@mycel/kernel';
import Database from 'better-sqlite3';
import { packFrontier, unpackFrontier } from '../frontier-bytes.js';
import { READ_ENTRIES_MAX, SQLITE_BUSY_TIMEOUT_MS } from '../limits.js';
import type { AppendOutcome, AppendRequest, LogHead, LogStore, StoredEntry } from '../log-store.js';
import { StoreError } from '../store-error.js';
import { SQLITE_LOG_SCHEMA } from './sqlite-schema.js';

interface HeadRow {
  size: number;
  root: Buffer;
  frontier: Buffer;
}

export interface SqliteLogStoreOptions {
  /** File path, or ':memory:' for a throwaway log. */
  readonly path: string;
  /** The log's origin line; a database made for another origin is refused. */
  readonly origin: string;
}

export function openSqliteLogStore(options: SqliteLogStoreOptions): SqliteLogStore {
  let db: Database.Database;
  try {
    db = new Database(options.path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new StoreError('store_unavailable', `cannot open ${options.path}: ${String(error)}`, {
      cause: error,
    });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SQLITE_LOG_SCHEMA);
  claimOrigin(db, options.origin);
  return new SqliteLogStore(db);
}

function claimOrigin(db: Database.Database, origin: string): void {
  db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO log_meta (key, value) VALUES (?, ?)').run('origin', origin);
    db.prepare(
      'INSERT OR IGNORE INTO log_head (one, size, root, frontier) VALUES (1, 0, ?, ?)',
    ).run(Buffer.from(EMPTY_ROOT), Buffer.alloc(0));
  }).immediate();
  const stored = db.prepare('SELECT value FROM log_meta WHERE key = ?').pluck().get('origin');
  if (stored !== origin) {
    db.close();
    throw new StoreError(
      'store_origin_mismatch',
      `the database holds log "${stored}", not "${origin}"`,
    );
  }
}

export class SqliteLogStore implements LogStore {
  readonly driver = 'sqlite' as const;
  private readonly statements;
  private readonly appendTransaction;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      head: db.prepare('SELECT size, root, frontier FROM log_head WHERE one = 1'),
      findIndex: db.prepare('SELECT idx FROM log_entries WHERE id = ?').pluck(),
      insertEntry: db.prepare(
        'INSERT OR IGNORE INTO log_entries (idx, id, bytes, leaf) VALUES (?, ?, ?, ?)',
      ),
      insertNode: db.prepare('INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)'),
      updateHead: db.prepare('UPDATE log_head SET size = ?, root = ?, frontier = ? WHERE one = 1'),
      insertCheckpoint: db.prepare('INSERT INTO log_checkpoints (size, note) VALUES (?, ?)'),
      checkpoint: db.prepare('SELECT note FROM log_checkpoints WHERE size = ?').pluck(),
      covering: db.prepare(
        'SELECT size, note FROM log_checkpoints WHERE size > ? ORDER BY size LIMIT 1',
      ),
      node: db.prepare('SELECT hash FROM log_nodes WHERE level = ? AND idx = ?').pluck(),
      leaf: db.prepare('SELECT leaf FROM log_entries WHERE idx = ?').pluck(),
      entries: db.prepare(
        'SELECT idx, id, bytes FROM log_entries WHERE idx >= ? AND idx < ? ORDER BY idx',
      ),
    };
    this.appendTransaction = db.transaction((request: AppendRequest) =>
      this.appendInTransaction(request),
    );
  }

  async append(request: AppendRequest): Promise<AppendOutcome> {
    return this.appendTransaction.immediate(request);
  }

  /**
   * Each entry is inserted at the next index unless its id is already there (INSERT OR IGNORE on
   * the unique id): one statement per new entry finds duplicates, in the log or earlier in the
   * batch, and writes the entry. The same index assignment as planAppend, which PostgreSQL uses.
   */
  private appendInTransaction(request: AppendRequest): AppendOutcome {
    const before = this.readHeadRow();
    const indices: number[] = [];
    const leaves: Hash[] = [];
    for (const entry of request.entries) {
      const index = before.size + leaves.length;
      const leaf = hashLeaf(entry.bytes);
      if (this.statements.insertEntry.run(index, entry.id, entry.bytes, leaf).changes === 1) {
        leaves.push(leaf);
        indices.push(index);
        continue;
      }
      const existing = this.statements.findIndex.get(entry.id) as number | undefined;
      if (existing === undefined)
        throw new StoreError('store_corrupt', `entry ${index} is taken by another id`);
      indices.push(existing);
    }
    if (leaves.length === 0) return { indices, appended: 0, head: this.toHead(before), nodes: [] };
    const tree = appendLeaves(before.size, unpackFrontier(before.frontier), leaves);
    for (const { id, hash } of tree.nodes) {
      if (id.level > 0) this.statements.insertNode.run(id.level, id.index, hash);
    }
    const checkpoint = request.signCheckpoint(tree.size, tree.root);
    this.statements.updateHead.run(tree.size, tree.root, packFrontier(tree.frontier));
    this.statements.insertCheckpoint.run(tree.size, checkpoint);
    return {
      indices,
      appended: leaves.length,
      head: { size: tree.size, root: tree.root, checkpoint },
      nodes: tree.nodes,
    };
  }

  private readHeadRow(): HeadRow {
    const row = this.statements.head.get() as HeadRow | undefined;
    if (row === undefined) throw new StoreError('store_corrupt', 'the log head row is missing');
    return row;
  }

  private toHead(row: HeadRow): LogHead {
    const checkpoint = this.statements.checkpoint.get(row.size) as string | undefined;
    return { size: row.size, root: new Uint8Array(row.root), checkpoint };
  }

  async head(): Promise<LogHead> {
    return this.db.transaction(() => this.toHead(this.readHeadRow()))();
  }

  async readNodes(ids: readonly NodeId[]): Promise<Map<string, Hash>> {
    const out = new Map<string, Hash>();
    for (const id of ids) {
      const hash = (
        id.level === 0
          ? this.statements.leaf.get(id.index)
          : this.statements.node.get(id.level, id.index)
      ) as Buffer | undefined;
      if (hash === undefined)
        throw new StoreError('store_corrupt', `Merkle node ${nodeKey(id)} is missing`);
      out.set(nodeKey(id), new Uint8Array(hash));
    }
    return out;
  }

  async readEntries(start: number, end: number): Promise<StoredEntry[]> {
    const rows = this.statements.entries.all(start, Math.min(end, start + READ_ENTRIES_MAX)) as {
      idx: number;
      id: string;
      bytes: Buffer;
    }[];
    return rows.map((row) => ({ index: row.idx, id: row.id, bytes: new Uint8Array(row.bytes) }));
  }

  async findIndex(id: string): Promise<number | undefined> {
    return this.statements.findIndex.get(id) as number | undefined;
  }

  async checkpointAt(size: number): Promise<string | undefined> {
    return this.statements.checkpoint.get(size) as string | undefined;
  }

  async checkpointCovering(index: number): Promise<{ size: number; note: string } | undefined> {
    return this.statements.covering.get(index) as { size: number; note: string } | undefined;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
