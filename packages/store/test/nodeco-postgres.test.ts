import { afterAll, describe, expect, it } from 'vitest';
import type { NodeCoStore } from '../src/nodeco/nodeco-store.js';
import { openNodeCoStore } from '../src/nodeco/open-nodeco-store.js';
import { openPostgresNodeCoStore } from '../src/postgres/postgres-nodeco-store.js';
import { openPostgresSessionStore } from '../src/postgres/postgres-session-store.js';
import { describeNodeCoStoreConformance } from './nodeco-store-conformance.js';
import { recordInput, transferIdOf, transferInput } from './nodeco-store-fixtures.js';
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from './postgres-test-database.js';
import { testCheckpoint } from './session-store-fixtures.js';

const unavailable = await postgresUnavailableReason();
const databases: TestDatabase[] = [];

describe.skipIf(unavailable !== undefined)('postgres', () => {
  describeNodeCoStoreConformance('postgres', {
    async freshLocation() {
      const database = await createTestDatabase();
      databases.push(database);
      return database.url;
    },
    async open(location) {
      return openPostgresNodeCoStore({ url: location });
    },
    async cleanup() {
      for (const database of databases) await database.drop();
    },
  });

  describe('PostgreSQL NodeCo store', () => {
    const opened: { close(): Promise<void> }[] = [];
    const own: TestDatabase[] = [];
    async function freshUrl(): Promise<string> {
      const database = await createTestDatabase();
      own.push(database);
      return database.url;
    }
    async function open(url: string): Promise<NodeCoStore> {
      const store = await openPostgresNodeCoStore({ url });
      opened.push(store);
      return store;
    }
    afterAll(async () => {
      for (const store of opened) await store.close();
      for (const database of own) await database.drop();
    });

    it('holds the compare-and-set when many appends from four pools race along one history', async () => {
      const url = await freshUrl();
      const stores = await Promise.all([open(url), open(url), open(url), open(url)]);
      const node = 'did:key:z6MkContended';
      await stores[0]!.saveRecord(recordInput(node));
      // Each writer keeps appending its own transfers, re-reading the count after each conflict,
      // as a coordinator would after re-validating against the fresh history.
      const perWriter = 5;
      const winners = await Promise.all(
        stores.map(async (store, writer) => {
          const mine: string[] = [];
          while (mine.length < perWriter) {
            const label = `W${writer}N${mine.length}`;
            const count = (await store.documents(node))!.transfers.length;
            try {
              await store.appendTransfer(transferInput(node, label, count));
              mine.push(transferIdOf(node, label));
            } catch (error) {
              expect(error).toMatchObject({ code: 'nodeco_transfer_conflict' });
            }
          }
          return mine;
        }),
      );
      const history = (await stores[3]!.documents(node))!.transfers.map((entry) => entry.id);
      expect(history).toHaveLength(stores.length * perWriter);
      expect([...history].sort()).toEqual(winners.flat().sort());
      // Each writer's own transfers are in its order: no append landed on a stale count.
      for (const mine of winners) {
        expect(history.filter((id) => mine.includes(id))).toEqual(mine);
      }
    });

    it('shares a database with the session store', async () => {
      const url = await freshUrl();
      const sessions = await openPostgresSessionStore({ url });
      opened.push(sessions);
      const nodecos = await open(url);
      expect(await sessions.saveCheckpoint(testCheckpoint('beside', 1, 1))).toBe('saved');
      expect(await nodecos.saveRecord(recordInput('did:key:z6MkBeside'))).toBe('saved');
      expect(await nodecos.nodes()).toEqual(['did:key:z6MkBeside']);
    });

    it('reports a server it cannot reach as store_unavailable', async () => {
      await expect(
        openPostgresNodeCoStore({ url: 'postgres://postgres@127.0.0.1:1/none' }),
      ).rejects.toMatchObject({ code: 'store_unavailable' });
    });

    it('is what openNodeCoStore opens for postgresUrl', async () => {
      const store = await openNodeCoStore({ postgresUrl: await freshUrl() });
      opened.push(store);
      expect(store.driver).toBe('postgres');
      expect(await store.saveRecord(recordInput('did:key:z6MkOpened'))).toBe('saved');
    });
  });
});
