import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openContractStore } from '../../src/contracts/open-contract-store.js';
import { openSqliteContractStore } from '../../src/contracts/sqlite-contract-store.js';
import { describeContractStoreConformance } from './contract-store-conformance.js';
import { Chain, T0 } from './contract-store-fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'mycel-sqlite-contracts-'));
let counter = 0;
function freshPath(): string {
  counter += 1;
  return join(folder, `contracts-${counter}.sqlite`);
}

describeContractStoreConformance('sqlite', {
  async freshLocation() {
    return freshPath();
  },
  async open(location) {
    return openSqliteContractStore({ path: location });
  },
  async cleanup() {
    rmSync(folder, { recursive: true, force: true });
  },
});

describe('openContractStore', () => {
  it('opens SQLite for sqlitePath', async () => {
    const store = await openContractStore({ sqlitePath: freshPath() });
    expect(store.driver).toBe('sqlite');
    const chain = new Chain();
    expect(await store.appendEvent(chain.propose(), T0)).toMatchObject({ ok: true });
    await store.close();
  });

  it('needs exactly one of sqlitePath and postgresUrl', async () => {
    await expect(openContractStore({})).rejects.toMatchObject({ code: 'store_options_invalid' });
    await expect(
      openContractStore({ sqlitePath: freshPath(), postgresUrl: 'postgres://127.0.0.1/x' }),
    ).rejects.toMatchObject({ code: 'store_options_invalid' });
    await expect(openContractStore({ postgresUrl: 'mysql://127.0.0.1/x' })).rejects.toMatchObject({
      code: 'store_url_invalid',
    });
  });

  it('refuses a path it cannot open (store_unavailable)', () => {
    expect(() =>
      openSqliteContractStore({ path: join(folder, 'no-such-folder', 'c.sqlite') }),
    ).toThrow(expect.objectContaining({ code: 'store_unavailable' }));
  });
});
