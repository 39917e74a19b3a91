import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCapabilityRegistry } from '../../src/registry/open-capability-registry.js';
import { describeRegistryConformance, expectCode } from './registry-conformance.js';
import { advert, NOW_MS, producer, REGISTRY_TABLES } from './registry-fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'mycel-sqlite-registry-'));
let counter = 0;

function countRows(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const counts: Record<string, number> = {};
    for (const table of REGISTRY_TABLES) {
      counts[table] = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    }
    return counts;
  } finally {
    db.close();
  }
}

describeRegistryConformance('sqlite', {
  async fresh() {
    counter += 1;
    const path = join(folder, `registry-${counter}.db`);
    const registry = await openCapabilityRegistry({ sqlitePath: path });
    return { registry, counts: async () => countRows(path) };
  },
  async cleanup() {
    rmSync(folder, { recursive: true, force: true });
  },
});

describe('opening a capability registry', () => {
  it('needs exactly one of a SQLite path and a PostgreSQL URL: store_options_invalid', async () => {
    await expectCode(openCapabilityRegistry({}), 'store_options_invalid');
    await expectCode(
      openCapabilityRegistry({ sqlitePath: ':memory:', postgresUrl: 'postgres://x/y' }),
      'store_options_invalid',
    );
  });

  it('refuses a URL that is not PostgreSQL: store_url_invalid', async () => {
    await expectCode(openCapabilityRegistry({ postgresUrl: 'mysql://x/y' }), 'store_url_invalid');
  });

  it('keeps adverts across reopening the file', async () => {
    const path = join(folder, 'reopened.db');
    const signed = advert(producer(41));
    const first = await openCapabilityRegistry({ sqlitePath: path });
    await first.publish(signed, NOW_MS);
    await first.close();
    const second = await openCapabilityRegistry({ sqlitePath: path });
    expect(second.driver).toBe('sqlite');
    expect(await second.advert(signed.producer, signed.federation)).toEqual(signed);
    await second.close();
  });
});
