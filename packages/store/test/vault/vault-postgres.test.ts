import { describe } from 'vitest';
import { openEvidenceVault } from '../../src/vault/open-evidence-vault.js';
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from '../postgres-test-database.js';
import { describeEvidenceVaultConformance } from './vault-conformance.js';

const unavailable = await postgresUnavailableReason();
let database: TestDatabase | undefined;
let counter = 0;

// One throwaway database for the suite, one schema per fresh vault: creating a schema takes
// milliseconds where creating and dropping a database takes a second.
describe.skipIf(unavailable !== undefined)('postgres', () => {
  describeEvidenceVaultConformance('postgres', {
    async freshLocation() {
      database ??= await createTestDatabase();
      counter += 1;
      return `vault_${counter} ${database.url}`;
    },
    async open(location, name) {
      const [postgresSchema, postgresUrl] = location.split(' ');
      return openEvidenceVault({
        name,
        postgresUrl: postgresUrl!,
        postgresSchema: postgresSchema!,
      });
    },
    async cleanup() {
      await database?.drop();
    },
  });
});
