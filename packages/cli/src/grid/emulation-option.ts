/**
 * `--city NAME [--matrix DIR]`: the devnet's emulated network. A process given a city delays
 * every message it receives by the measured one-way delay from the sender's city (docs/devnet.md).
 * DIR holds `rtt_avg_ms.tsv` and `cities.csv` in the WonderNetwork layout; the default is the
 * copy in packages/mesh/data/wondernetwork-2018.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emulationFromMatrix, type LatencyMatrix, parseLatencyMatrix } from '@mycel/mesh';
import type { LatencyEmulation } from '@mycel/wire';
import { CliError } from '../cli-error.js';

export const DEFAULT_MATRIX_FOLDER = new URL(
  '../../../mesh/data/wondernetwork-2018/',
  import.meta.url,
).pathname;

export function loadLatencyMatrix(folder = DEFAULT_MATRIX_FOLDER): LatencyMatrix {
  let tsv: string;
  let cities: string;
  try {
    tsv = readFileSync(join(folder, 'rtt_avg_ms.tsv'), 'utf8');
    cities = readFileSync(join(folder, 'cities.csv'), 'utf8');
  } catch (error) {
    throw new CliError(
      'file_unreadable',
      `cannot read the latency matrix in ${folder}: ${String(error)}`,
    );
  }
  const matrix = parseLatencyMatrix(tsv, cities);
  if (!matrix.ok) throw new CliError('argument_invalid', `${folder}: ${matrix.error.message}`);
  return matrix.value;
}

export function emulationFor(
  city: string | undefined,
  matrixFolder: string | undefined,
): LatencyEmulation | undefined {
  if (city === undefined) return undefined;
  const matrix = loadLatencyMatrix(matrixFolder);
  if (matrix.indexOf(city) === undefined) {
    throw new CliError('argument_invalid', `--city ${city} is not a city of the latency matrix`);
  }
  return emulationFromMatrix(matrix, city);
}
