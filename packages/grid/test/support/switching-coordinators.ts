/**
 * What the switching tests share (docs/spec/mmp-switching.md): throwaway PostgreSQL databases
 * that several coordinators use as one session store, cities of the measured WonderNetwork
 * matrix for the emulated network, and a coordinator in a child process that a test can SIGKILL.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { emulationFromMatrix, type LatencyMatrix, parseLatencyMatrix } from '@mycel/mesh';
import type { LatencyEmulation } from '@mycel/wire';
import pg from 'pg';

export const POSTGRES_ADMIN_URL =
  process.env.MYCEL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export async function postgresUnavailable(): Promise<string | undefined> {
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
    if (process.env.MYCEL_REQUIRE_POSTGRES === '1') throw new Error(reason);
    return reason;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh database; drop() removes it (forcing out any connection a killed process left). */
export async function sharedDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mycel_switch_${process.pid}_${randomBytes(4).toString('hex')}`;
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

let matrix: LatencyMatrix | undefined;

/** A process playing `city` of the WonderNetwork 2018 matrix in packages/mesh/data. */
export function cityOfMatrix(city: string): LatencyEmulation {
  if (matrix === undefined) {
    const folder = new URL('../../../mesh/data/wondernetwork-2018/', import.meta.url);
    const parsed = parseLatencyMatrix(
      readFileSync(new URL('rtt_avg_ms.tsv', folder), 'utf8'),
      readFileSync(new URL('cities.csv', folder), 'utf8'),
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    matrix = parsed.value;
  }
  return emulationFromMatrix(matrix, city);
}

/** A free loopback port (for a coordinator that starts later at a URL known now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

export interface CoordinatorChild {
  readonly url: string;
  readonly did: string;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
}

export interface CoordinatorChildOptions {
  readonly dataDir: string;
  readonly postgresUrl: string;
  readonly city?: string;
  readonly port?: number;
  readonly heartbeatMs?: number;
}

/** The real coordinator in a child process (switching-coordinator-process.ts). */
export async function spawnSwitchingCoordinator(
  options: CoordinatorChildOptions,
): Promise<CoordinatorChild> {
  const script = fileURLToPath(new URL('./switching-coordinator-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const line = await new Promise<string>((done, fail) => {
    let text = '';
    child.stdout.on('data', (data: Buffer) => {
      text += data.toString('utf8');
      if (text.includes('\n')) done(text.slice(0, text.indexOf('\n')));
    });
    child.once('exit', (code) => fail(new Error(`the coordinator exited with ${code}`)));
  });
  const started = JSON.parse(line) as { url: string; did: string };
  return {
    url: started.url,
    did: started.did,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
