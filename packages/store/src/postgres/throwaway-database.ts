/**
 * Throwaway PostgreSQL databases: a fresh database on a server, named with a prefix, the process
 * id and random bytes, and dropped with FORCE (a killed process may have left connections open).
 * Tests and benchmarks use them to run the real drivers against a real server without touching
 * each other's data.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { POSTGRES_PROBE_TIMEOUT_MS } from '../limits.js';

/** The server tests and benchmarks use unless told otherwise (MYCEL_PG_URL). */
export const POSTGRES_ADMIN_URL_DEFAULT = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ThrowawayDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates `<prefix>_<pid>_<random>` on the server of `adminUrl`; the prefix is [a-z_]+. */
export async function createThrowawayDatabase(
  adminUrl: string,
  prefix: string,
): Promise<ThrowawayDatabase> {
  if (!/^[a-z_]+$/.test(prefix)) throw new RangeError(`database prefix ${prefix} is not [a-z_]+`);
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/** Why the server at `adminUrl` cannot be used, or undefined when it answers. */
export async function postgresUnavailable(adminUrl: string): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: adminUrl,
    connectionTimeoutMillis: POSTGRES_PROBE_TIMEOUT_MS,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${adminUrl} is unavailable (${String(error)})`;
  } finally {
    await client.end().catch(() => {});
  }
}

async function withAdmin(adminUrl: string, work: (admin: pg.Client) => Promise<unknown>) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}
