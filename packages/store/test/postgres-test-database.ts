/**
 * Throwaway PostgreSQL databases for tests, on the server at 127.0.0.1:5432 (MYCEL_PG_URL to
 * change it). Without a server the PostgreSQL tests skip with a printed reason, unless
 * MYCEL_REQUIRE_POSTGRES=1 (set by .ci/run), where a missing server fails the run instead.
 */
import {
  createThrowawayDatabase,
  POSTGRES_ADMIN_URL_DEFAULT,
  postgresUnavailable,
  type ThrowawayDatabase,
} from '@mycel/store';

export const POSTGRES_ADMIN_URL = process.env.MYCEL_PG_URL ?? POSTGRES_ADMIN_URL_DEFAULT;

export async function postgresUnavailableReason(): Promise<string | undefined> {
  const reason = await postgresUnavailable(POSTGRES_ADMIN_URL);
  if (reason === undefined) return undefined;
  if (process.env.MYCEL_REQUIRE_POSTGRES === '1') {
    throw new Error(`${reason}; MYCEL_REQUIRE_POSTGRES=1`);
  }
  console.warn(`skipping PostgreSQL tests: ${reason}`);
  return reason;
}

export type TestDatabase = ThrowawayDatabase;

export function createTestDatabase(): Promise<TestDatabase> {
  return createThrowawayDatabase(POSTGRES_ADMIN_URL, 'mycel_test');
}
