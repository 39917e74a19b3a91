/**
 * What the switching tests share (docs/spec/mmp-switching.md): throwaway PostgreSQL databases
 * that several coordinators use as one session store, cities of the measured WonderNetwork
 * matrix for the emulated network, and a coordinator in a child process that a test can SIGKILL.
 */
import { readFileSync } from 'node:fs';
import { emulationFromMatrix, type LatencyMatrix, parseLatencyMatrix } from '@mycel/mesh';
import {
  createThrowawayDatabase,
  POSTGRES_ADMIN_URL_DEFAULT,
  postgresUnavailable,
  type ThrowawayDatabase,
} from '@mycel/store';
import type { LatencyEmulation } from '@mycel/wire';
import { type CoordinatorChild, spawnCoordinatorChild } from './coordinator-child.js';

export type { CoordinatorChild };

export const POSTGRES_ADMIN_URL = process.env.MYCEL_PG_URL ?? POSTGRES_ADMIN_URL_DEFAULT;

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export async function postgresUnavailableHere(): Promise<string | undefined> {
  const reason = await postgresUnavailable(POSTGRES_ADMIN_URL);
  if (reason !== undefined && process.env.MYCEL_REQUIRE_POSTGRES === '1') throw new Error(reason);
  return reason;
}

/** A fresh database; drop() removes it (forcing out any connection a killed process left). */
export function sharedDatabase(): Promise<ThrowawayDatabase> {
  return createThrowawayDatabase(POSTGRES_ADMIN_URL, 'mycel_switch');
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
  return spawnCoordinatorChild('switching-coordinator-process.ts', [JSON.stringify(options)]);
}
