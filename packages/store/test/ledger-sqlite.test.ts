/**
 * The ledger conformance suite on SQLite files, and what only SQLite has: a file shared by two
 * connections, ':memory:', and its options.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LedgerStore, openLedgerStore, openSqliteLedgerStore } from '../src/index.js';
import { expectCode, openTestAccounts, PARTY, settle, testReceipt } from './ledger-fixtures.js';
import { describeLedgerStoreConformance } from './ledger-store-conformance.js';

const folder = mkdtempSync(join(tmpdir(), 'mycel-sqlite-ledger-'));
let files = 0;
function freshPath(): string {
  files += 1;
  return join(folder, `ledger-${files}.db`);
}

describeLedgerStoreConformance('sqlite', {
  async freshLocation() {
    return freshPath();
  },
  async open(location) {
    return openSqliteLedgerStore({ path: location });
  },
  async cleanup() {
    rmSync(folder, { recursive: true, force: true });
  },
});

describe('SQLite ledger', () => {
  const opened: LedgerStore[] = [];
  afterAll(async () => {
    for (const store of opened) await store.close();
  });
  function open(path: string): LedgerStore {
    const store = openSqliteLedgerStore({ path });
    opened.push(store);
    return store;
  }

  it('holds its rules across two connections to one file', async () => {
    const path = freshPath();
    const first = open(path);
    const second = open(path);
    await openTestAccounts(first);
    const receipt = testReceipt('shared-file');
    expect(await first.mint(receipt, settle(receipt), { atMs: 1 })).toBe('minted');
    expect(await second.mint(receipt, settle(receipt), { atMs: 2 })).toBe('duplicate');
    const prepaid = testReceipt('shared-prepaid', { payer: PARTY.prepaid });
    await expectCode(
      second.mint(prepaid, settle(prepaid), { atMs: 3 }),
      'ledger_insufficient_funds',
    );
    expect(await second.balances()).toEqual(await first.balances());
  });

  it("opens ':memory:' as a throwaway ledger", async () => {
    const store = open(':memory:');
    await openTestAccounts(store);
    expect((await store.balances()).size).toBeGreaterThan(0);
    expect((await open(':memory:').balances()).size).toBe(0);
  });

  it('refuses an empty path and one it cannot open; closing twice is harmless', async () => {
    expect(() => openSqliteLedgerStore({ path: '' })).toThrow(
      expect.objectContaining({ code: 'store_options_invalid' }),
    );
    expect(() => openSqliteLedgerStore({ path: join(folder, 'missing', 'ledger.db') })).toThrow(
      expect.objectContaining({ code: 'store_unavailable' }),
    );
    const store = open(freshPath());
    await store.close();
    await store.close();
  });
});

describe('openLedgerStore', () => {
  it('opens SQLite for sqlitePath', async () => {
    const store = await openLedgerStore({ sqlitePath: freshPath() });
    expect(store.driver).toBe('sqlite');
    await store.close();
  });

  it('needs exactly one of sqlitePath and postgresUrl', async () => {
    await expectCode(openLedgerStore({}), 'store_options_invalid');
    await expectCode(
      openLedgerStore({ sqlitePath: freshPath(), postgresUrl: 'postgres://127.0.0.1/x' }),
      'store_options_invalid',
    );
    await expectCode(openLedgerStore({ postgresUrl: 'mysql://127.0.0.1/x' }), 'store_url_invalid');
  });
});
