/**
 * The ledger property test (ledger-property-sqlite.test.ts) on PostgreSQL, fewer histories: each
 * runs in a fresh schema of one throwaway database, and a "crash" closes the store's pool and
 * opens a new one on the same schema.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { openPostgresLedgerStore } from '../src/index.js';
import { historyArbitrary } from './ledger-property-arbitraries.js';
import { type PropertyTarget, runHistory } from './ledger-property-model.js';
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from './postgres-test-database.js';

const SEQUENCES = 50;
const OPERATIONS_MAX = 12;

const unavailable = await postgresUnavailableReason();
let database: TestDatabase | undefined;

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(unavailable !== undefined)('PostgreSQL ledger properties', () => {
  it(`keeps conservation and mints each receipt once over ${SEQUENCES} random histories`, async () => {
    database = await createTestDatabase();
    const url = database.url;
    let schemas = 0;
    await fc.assert(
      fc.asyncProperty(historyArbitrary(OPERATIONS_MAX), async (history) => {
        schemas += 1;
        const schema = `property_${schemas}`;
        const target: PropertyTarget = {
          store: await openPostgresLedgerStore({ url, schema }),
          async crash() {
            await target.store.close();
            target.store = await openPostgresLedgerStore({ url, schema });
          },
        };
        try {
          await runHistory(target, history);
        } finally {
          await target.store.close();
        }
      }),
      { numRuns: SEQUENCES },
    );
  }, 120_000);
});
