import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  openSessionStore,
  openSqliteLogStore,
  openSqliteSessionStore,
  type SessionStore,
} from '../src/index.js';
import { signTestCheckpoint, TEST_ORIGIN, testEntries } from './log-fixtures.js';
import {
  describeSessionStoreConformance,
  testCheckpoint,
  testSession,
} from './session-store-conformance.js';

const folder = mkdtempSync(join(tmpdir(), 'mycel-sqlite-sessions-'));
let counter = 0;
function freshPath(): string {
  counter += 1;
  return join(folder, `sessions-${counter}.db`);
}

describeSessionStoreConformance('sqlite', {
  async freshLocation() {
    return freshPath();
  },
  async open(location) {
    return openSqliteSessionStore({ path: location });
  },
  async cleanup() {
    rmSync(folder, { recursive: true, force: true });
  },
});

describe('SQLite session store', () => {
  const opened: SessionStore[] = [];
  function open(path: string, synchronous?: 'normal' | 'full'): SessionStore {
    const store = openSqliteSessionStore(synchronous ? { path, synchronous } : { path });
    opened.push(store);
    return store;
  }
  afterAll(async () => {
    for (const store of opened) await store.close();
  });

  it('writes with one instance, and a new instance on the same file reads it back (synchronous full)', async () => {
    const path = freshPath();
    const writer = open(path, 'full');
    const checkpoint = testCheckpoint('file', 2, 3, { notes: ['ünïcode', 1.5] });
    const row = testSession('file', { epoch: 2, checkpointDigest: checkpoint.digest });
    expect(await writer.saveCheckpoint(checkpoint)).toBe('saved');
    await writer.saveSession(row);
    await writer.close();
    await writer.close(); // closing twice is harmless
    const reader = open(path, 'full');
    expect(await reader.latestCheckpoint('file')).toEqual(checkpoint);
    expect(await reader.session('file')).toEqual(row);
  });

  it('keeps a committed checkpoint when the coordinator process is SIGKILLed before closing (synchronous normal)', async () => {
    const path = freshPath();
    const checkpoint = testCheckpoint('killed', 1, 8, { before: 'the crash' });
    // The child saves, says so, and then waits to be killed: it never closes the database.
    const script = `
      import { openSqliteSessionStore } from '@mycel/store';
      const store = openSqliteSessionStore({ path: ${JSON.stringify(path)} });
      const outcome = await store.saveCheckpoint(${JSON.stringify(checkpoint)});
      await store.saveSession(${JSON.stringify(testSession('killed'))});
      process.stdout.write(outcome + '\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const said = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (data: Buffer) => {
        out += data.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
    });
    expect(said).toBe('saved');
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const reopened = open(path);
    expect(await reopened.latestCheckpoint('killed')).toEqual(checkpoint);
    expect(await reopened.session('killed')).toEqual(testSession('killed'));
  });

  it('holds the compare-and-set across two connections to one file', async () => {
    const path = freshPath();
    const first = open(path);
    const second = open(path);
    expect(await first.saveCheckpoint(testCheckpoint('shared', 1, 5))).toBe('saved');
    await expect(
      second.saveCheckpoint(testCheckpoint('shared', 1, 5, 'forked')),
    ).rejects.toMatchObject({ code: 'checkpoint_stale' });
    expect(await second.saveCheckpoint(testCheckpoint('shared', 1, 5))).toBe('duplicate');
    expect(await second.saveCheckpoint(testCheckpoint('shared', 1, 6))).toBe('saved');
    expect(await first.latestCheckpoint('shared')).toEqual(testCheckpoint('shared', 1, 6));
    await first.saveSession(testSession('shared', { epoch: 3 }));
    await expect(second.saveSession(testSession('shared', { epoch: 2 }))).rejects.toMatchObject({
      code: 'session_epoch_regressed',
    });
  });

  it('shares a file with the proof log', async () => {
    const path = freshPath();
    const log = await openSqliteLogStore({ path, origin: TEST_ORIGIN });
    const sessions = open(path);
    await log.append({ entries: testEntries('beside', 3), signCheckpoint: signTestCheckpoint });
    expect(await sessions.saveCheckpoint(testCheckpoint('beside', 1, 1))).toBe('saved');
    expect((await log.head()).size).toBe(3);
    await log.close();
  });

  it("opens ':memory:' as a throwaway store", async () => {
    const store = open(':memory:');
    expect(await store.saveCheckpoint(testCheckpoint('memory', 1, 1))).toBe('saved');
    expect(await open(':memory:').latestCheckpoint('memory')).toBeUndefined();
  });

  it('refuses options out of range, and a path it cannot open', () => {
    expect(() => openSqliteSessionStore({ path: '' })).toThrow(
      expect.objectContaining({ code: 'store_options_invalid' }),
    );
    expect(() =>
      openSqliteSessionStore({ path: freshPath(), synchronous: 'off' as 'full' }),
    ).toThrow(expect.objectContaining({ code: 'store_options_invalid' }));
    expect(() =>
      openSqliteSessionStore({ path: join(folder, 'no-such-folder', 'sessions.db') }),
    ).toThrow(expect.objectContaining({ code: 'store_unavailable' }));
  });
});

describe('openSessionStore', () => {
  it('opens SQLite for sqlitePath', async () => {
    const store = await openSessionStore({ sqlitePath: freshPath() });
    expect(store.driver).toBe('sqlite');
    expect(await store.saveCheckpoint(testCheckpoint('opened', 1, 1))).toBe('saved');
    await store.close();
  });

  it('needs exactly one of sqlitePath and postgresUrl', async () => {
    await expect(openSessionStore({})).rejects.toMatchObject({ code: 'store_options_invalid' });
    await expect(
      openSessionStore({ sqlitePath: freshPath(), postgresUrl: 'postgres://127.0.0.1/x' }),
    ).rejects.toMatchObject({ code: 'store_options_invalid' });
    await expect(openSessionStore({ postgresUrl: 'mysql://127.0.0.1/x' })).rejects.toMatchObject({
      code: 'store_url_invalid',
    });
  });
});
