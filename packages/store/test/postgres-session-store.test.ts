import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresSessionStore, openSessionStore, type SessionStore } from '../src/index.js';
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from './postgres-test-database.js';
import {
  describeSessionStoreConformance,
  testCheckpoint,
  testSession,
} from './session-store-conformance.js';

const unavailable = await postgresUnavailableReason();
const databases: TestDatabase[] = [];

describe.skipIf(unavailable !== undefined)('postgres', () => {
  describeSessionStoreConformance('postgres', {
    async freshLocation() {
      const database = await createTestDatabase();
      databases.push(database);
      return database.url;
    },
    async open(location) {
      return openPostgresSessionStore({ url: location });
    },
    async cleanup() {
      for (const database of databases) await database.drop();
    },
  });

  describe('PostgreSQL session store', () => {
    const opened: SessionStore[] = [];
    const own: TestDatabase[] = [];
    async function freshUrl(): Promise<string> {
      const database = await createTestDatabase();
      own.push(database);
      return database.url;
    }
    async function open(url: string, schema?: string): Promise<SessionStore> {
      const store = await openPostgresSessionStore(schema ? { url, schema } : { url });
      opened.push(store);
      return store;
    }
    afterAll(async () => {
      for (const store of opened) await store.close();
      for (const database of own) await database.drop();
    });

    it('keeps stores in different schemas of one database apart', async () => {
      const url = await freshUrl();
      const [east, west, eastAgain] = await Promise.all([
        open(url, 'sessions_east'),
        open(url, 'sessions_west'),
        open(url, 'sessions_east'),
      ]);
      const checkpoint = testCheckpoint('split', 1, 1);
      expect(await east.saveCheckpoint(checkpoint)).toBe('saved');
      await east.saveSession(testSession('split'));
      expect(await west.latestCheckpoint('split')).toBeUndefined();
      expect(await west.session('split')).toBeUndefined();
      expect(await west.saveCheckpoint(checkpoint)).toBe('saved');
      expect(await eastAgain.saveCheckpoint(checkpoint)).toBe('duplicate');
      expect(await eastAgain.session('split')).toEqual(testSession('split'));
      expect(await (await open(url)).latestCheckpoint('split')).toBeUndefined();
    });

    it('holds the compare-and-set across two pools racing on one database', async () => {
      const url = await freshUrl();
      const [first, second] = await Promise.all([open(url), open(url)]);
      for (let round = 0; round < 10; round++) {
        const sid = `pools-${round}`;
        const claims = Array.from({ length: 4 }, (_, n) =>
          (n % 2 === 0 ? first : second).saveCheckpoint(testCheckpoint(sid, 1, 1, { by: n })),
        );
        const settled = await Promise.allSettled(claims);
        const saved = settled.filter((outcome) => outcome.status === 'fulfilled');
        expect(saved).toEqual([{ status: 'fulfilled', value: 'saved' }]);
        for (const outcome of settled) {
          if (outcome.status === 'rejected')
            expect(outcome.reason).toMatchObject({ code: 'checkpoint_stale' });
        }
        const latest = await second.latestCheckpoint(sid);
        expect(await first.latestCheckpoint(sid)).toEqual(latest);
        expect(latest?.seq).toBe(1);
      }
    });

    it('refuses a schema name that is not a plain lower-case identifier', async () => {
      for (const schema of [
        '',
        'Sessions',
        'a-b',
        'x; DROP TABLE sessions',
        '1abc',
        'a'.repeat(64),
      ]) {
        await expect(
          openPostgresSessionStore({ url: 'postgres://127.0.0.1:1/none', schema }),
        ).rejects.toMatchObject({ code: 'store_options_invalid' });
      }
    });

    it('reports a server it cannot reach as store_unavailable', async () => {
      await expect(
        openPostgresSessionStore({ url: 'postgres://postgres@127.0.0.1:1/none' }),
      ).rejects.toMatchObject({ code: 'store_unavailable' });
    });

    it('is what openSessionStore opens for postgresUrl', async () => {
      const store = await openSessionStore({ postgresUrl: await freshUrl() });
      opened.push(store);
      expect(store.driver).toBe('postgres');
      expect(await store.saveCheckpoint(testCheckpoint('opened', 1, 1))).toBe('saved');
    });
  });
});
