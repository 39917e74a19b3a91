import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteLogStore, openSqliteSessionStore } from '../src/index.js';
import type { NodeCoStore } from '../src/nodeco/nodeco-store.js';
import { openNodeCoStore } from '../src/nodeco/open-nodeco-store.js';
import { openSqliteNodeCoStore } from '../src/sqlite/sqlite-nodeco-store.js';
import { signTestCheckpoint, TEST_ORIGIN, testEntries } from './log-fixtures.js';
import { describeNodeCoStoreConformance } from './nodeco-store-conformance.js';
import { recordInput, transferInput } from './nodeco-store-fixtures.js';
import { testCheckpoint } from './session-store-fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'mycel-sqlite-nodeco-'));
const packageFolder = dirname(dirname(fileURLToPath(import.meta.url)));
const LOCK_HELD_MS = 400;
let counter = 0;
function freshPath(): string {
  counter += 1;
  return join(folder, `ledger-${counter}.sqlite`);
}

describeNodeCoStoreConformance('sqlite', {
  async freshLocation() {
    return freshPath();
  },
  async open(location) {
    return openSqliteNodeCoStore({ path: location });
  },
  async cleanup() {
    rmSync(folder, { recursive: true, force: true });
  },
});

describe('SQLite NodeCo store', () => {
  const opened: { close(): Promise<void> }[] = [];
  function open(path: string): NodeCoStore {
    const store = openSqliteNodeCoStore({ path });
    opened.push(store);
    return store;
  }
  afterAll(async () => {
    for (const store of opened) await store.close();
  });

  it('shares a file with the proof log and the session store, in WAL mode, in tables of its own', async () => {
    const path = freshPath();
    const log = await openSqliteLogStore({ path, origin: TEST_ORIGIN });
    const sessions = openSqliteSessionStore({ path });
    opened.push(log, sessions);
    const nodecos = open(path);
    await log.append({ entries: testEntries('beside', 2), signCheckpoint: signTestCheckpoint });
    expect(await sessions.saveCheckpoint(testCheckpoint('beside', 1, 1))).toBe('saved');
    expect(await nodecos.saveRecord(recordInput('did:key:z6MkBeside'))).toBe('saved');
    expect(await nodecos.appendTransfer(transferInput('did:key:z6MkBeside', 'B', 0))).toBe(
      'appended',
    );
    expect((await log.head()).size).toBe(2);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'nodeco%'")
        .pluck()
        .all();
      expect([...(tables as string[])].sort()).toEqual(['nodeco_records', 'nodeco_transfers']);
    } finally {
      raw.close();
    }
  });

  it('waits for another process’s write lock instead of failing at once (busy_timeout)', async () => {
    const path = freshPath();
    const store = open(path);
    await store.saveRecord(recordInput('did:key:z6MkBusy'));
    // Another process takes the write lock, says so, and holds it for a while before committing.
    const script = `
      import Database from 'better-sqlite3';
      const db = new Database(${JSON.stringify(path)});
      db.exec('BEGIN IMMEDIATE');
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${LOCK_HELD_MS});
    `;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageFolder,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (data: Buffer) => {
        if (data.toString().includes('locked')) resolve();
      });
      holder.on('exit', (code) => reject(new Error(`the lock holder exited early (${code})`)));
    });
    const startedMs = Date.now();
    expect(await store.appendTransfer(transferInput('did:key:z6MkBusy', 'B', 0))).toBe('appended');
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(LOCK_HELD_MS / 2);
    expect((await store.documents('did:key:z6MkBusy'))!.transfers).toHaveLength(1);
  });

  it("opens ':memory:' as a throwaway store", async () => {
    const store = open(':memory:');
    expect(await store.saveRecord(recordInput('did:key:z6MkMemory'))).toBe('saved');
    expect(await open(':memory:').documents('did:key:z6MkMemory')).toBeUndefined();
  });

  it('refuses an empty path, and a path it cannot open', () => {
    expect(() => openSqliteNodeCoStore({ path: '' })).toThrow(
      expect.objectContaining({ code: 'store_options_invalid' }),
    );
    expect(() =>
      openSqliteNodeCoStore({ path: join(folder, 'no-such-folder', 'ledger.sqlite') }),
    ).toThrow(expect.objectContaining({ code: 'store_unavailable' }));
  });
});

describe('openNodeCoStore', () => {
  it('opens SQLite for sqlitePath', async () => {
    const store = await openNodeCoStore({ sqlitePath: freshPath() });
    expect(store.driver).toBe('sqlite');
    expect(await store.saveRecord(recordInput('did:key:z6MkOpened'))).toBe('saved');
    await store.close();
  });

  it('needs exactly one of sqlitePath and postgresUrl', async () => {
    await expect(openNodeCoStore({})).rejects.toMatchObject({ code: 'store_options_invalid' });
    await expect(
      openNodeCoStore({ sqlitePath: freshPath(), postgresUrl: 'postgres://127.0.0.1/x' }),
    ).rejects.toMatchObject({ code: 'store_options_invalid' });
    await expect(openNodeCoStore({ postgresUrl: 'mysql://127.0.0.1/x' })).rejects.toMatchObject({
      code: 'store_url_invalid',
    });
  });
});
