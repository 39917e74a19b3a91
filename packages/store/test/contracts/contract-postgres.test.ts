import { afterAll, describe, expect, it } from 'vitest';
import { openContractStore } from '../../src/contracts/open-contract-store.js';
import { openPostgresContractStore } from '../../src/contracts/postgres-contract-store.js';
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from '../postgres-test-database.js';
import { describeContractStoreConformance } from './contract-store-conformance.js';
import { Chain, T0 } from './contract-store-fixtures.js';

const unavailable = await postgresUnavailableReason();
const databases: TestDatabase[] = [];

describe.skipIf(unavailable !== undefined)('postgres', () => {
  describeContractStoreConformance('postgres', {
    async freshLocation() {
      const database = await createTestDatabase();
      databases.push(database);
      return database.url;
    },
    async open(location) {
      return openPostgresContractStore({ url: location });
    },
    async cleanup() {
      for (const database of databases) await database.drop();
    },
  });

  describe('PostgreSQL contract store', () => {
    const own: TestDatabase[] = [];
    afterAll(async () => {
      for (const database of own) await database.drop();
    });

    it('stores one proposal sent by two writers at once', async () => {
      const database = await createTestDatabase();
      own.push(database);
      const stores = await Promise.all([
        openPostgresContractStore({ url: database.url }),
        openPostgresContractStore({ url: database.url }),
      ]);
      const chain = new Chain();
      const proposal = chain.propose();
      const results = await Promise.all(stores.map((store) => store.appendEvent(proposal, T0)));
      const outcomes = results.map((r) => (r.ok ? r.value.outcome : r.error.code)).sort();
      expect(outcomes).toEqual(['appended', 'duplicate']);
      expect(await stores[0]!.events(chain.contract)).toHaveLength(1);
      for (const store of stores) await store.close();
    });

    it('reports a server it cannot reach as store_unavailable', async () => {
      await expect(
        openPostgresContractStore({ url: 'postgres://postgres@127.0.0.1:1/none' }),
      ).rejects.toMatchObject({ code: 'store_unavailable' });
    });

    it('is what openContractStore opens for postgresUrl', async () => {
      const database = await createTestDatabase();
      own.push(database);
      const store = await openContractStore({ postgresUrl: database.url });
      expect(store.driver).toBe('postgres');
      await store.close();
    });
  });
});
