/**
 * Throwaway PostgreSQL databases for tests, on the server at 127.0.0.1:5432 (MYCEL_PG_URL to
 * change it). Without a server the PostgreSQL tests skip with a printed reason, unless
 * MYCEL_REQUIRE_POSTGRES=1 (set by .ci/run), where a missing server fails the run instead.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_ADMIN_URL =
  process.env.MYCEL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresUnavailableReason(): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const reason = `PostgreSQL at ${POSTGRES_ADMIN_URL} is unavailable (${String(error)})`;
    if (process.env.MYCEL_REQUIRE_POSTGRES === '1')
      throw new Error(`${reason}; MYCEL_REQUIRE_POSTGRES=1`);
    console.warn(`skipping PostgreSQL tests: ${reason}`);
    return reason;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `mycel_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
