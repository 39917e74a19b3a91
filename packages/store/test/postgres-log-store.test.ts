import { describe } from 'vitest';
import { openPostgresLogStore } from '../src/index.js';
import { describeLogStoreConformance } from './log-store-conformance.js';
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from './postgres-test-database.js';

const unavailable = await postgresUnavailableReason();
const databases: TestDatabase[] = [];

describe.skipIf(unavailable !== undefined)('postgres', () => {
  describeLogStoreConformance('postgres', {
    async freshLocation() {
      const database = await createTestDatabase();
      databases.push(database);
      return database.url;
    },
    async open(location, origin) {
      return openPostgresLogStore({ url: location, origin });
    },
    async cleanup() {
      for (const database of databases) await database.drop();
    },
  });
});
