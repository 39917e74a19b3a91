import pg from 'pg';
import { describe } from 'vitest';
import { openCapabilityRegistry } from '../../src/registry/open-capability-registry.js';
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from '../postgres-test-database.js';
import { describeRegistryConformance } from './registry-conformance.js';
import { REGISTRY_TABLES } from './registry-fixtures.js';

const unavailable = await postgresUnavailableReason();
let database: TestDatabase | undefined;
let counter = 0;

async function countRows(url: string, schema: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of REGISTRY_TABLES) {
      const result = await client.query<{ count: string }>(
        `SELECT count(*) AS count FROM ${schema}.${table}`,
      );
      counts[table] = Number(result.rows[0]!.count);
    }
    return counts;
  } finally {
    await client.end();
  }
}

// One throwaway database for the suite, one schema per fresh registry.
describe.skipIf(unavailable !== undefined)('postgres', () => {
  describeRegistryConformance('postgres', {
    async fresh() {
      database ??= await createTestDatabase();
      counter += 1;
      const schema = `registry_${counter}`;
      const url = database.url;
      const registry = await openCapabilityRegistry({ postgresUrl: url, postgresSchema: schema });
      return { registry, counts: () => countRows(url, schema) };
    },
    async cleanup() {
      await database?.drop();
    },
  });
});
