/**
 * Measured city-to-city RTTs in the WonderNetwork layout (data/wondernetwork-2018/README.md):
 * `rtt_avg_ms.tsv`, an n×n tab-separated matrix of average RTT in ms with no header (row = source,
 * column = destination, `NaN` = not measured), and `cities.csv`, `index,name,lat,lon[,...]` with
 * one row per matrix row, in matrix order. Pure: callers read the files and pass the text.
 */
import { ok } from '@mycel/kernel';
import type { GeoPoint } from './great-circle.js';
import {
  CITY_NAME_CHARS_MAX,
  LATENCY_MATRIX_CITIES_MAX,
  LATENCY_MATRIX_TEXT_CHARS_MAX,
} from './limits.js';
import { type MeshResult, meshFail } from './mesh-error.js';

export interface LatencyCity extends GeoPoint {
  /** Row and column of this city in the matrix. */
  readonly index: number;
  readonly name: string;
}

export interface LatencyMatrix {
  readonly cities: readonly LatencyCity[];
  /**
   * Average RTT measured from city `from` to city `to`, in ms. The matrix is not symmetric (each
   * direction is its own measurement); when `from → to` was not measured, the reverse direction
   * stands in. Undefined when neither was measured or an index is not a city.
   */
  rttMs(from: number, to: number): number | undefined;
  /** The index of the city with this exact name. */
  indexOf(name: string): number | undefined;
}

const RTT_CELL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DEGREES = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const CITY_COLUMNS = ['index', 'name', 'lat', 'lon'] as const;

export function parseLatencyMatrix(
  tsvText: string,
  citiesCsvText: string,
): MeshResult<LatencyMatrix> {
  if (tsvText.length > LATENCY_MATRIX_TEXT_CHARS_MAX) {
    return meshFail('latency_matrix_too_large', `the RTT matrix text is ${tsvText.length} chars`);
  }
  if (citiesCsvText.length > LATENCY_MATRIX_TEXT_CHARS_MAX) {
    return meshFail('latency_matrix_too_large', `the cities text is ${citiesCsvText.length} chars`);
  }
  const cities = parseCities(citiesCsvText);
  if (!cities.ok) return cities;
  const cells = parseRttCells(tsvText);
  if (!cells.ok) return cells;
  const size = cities.value.length;
  if (cells.value.size !== size) {
    return meshFail(
      'latency_matrix_city_count_mismatch',
      `the cities file lists ${size} cities, the RTT matrix has ${cells.value.size} rows`,
    );
  }
  return ok(matrixOf(cities.value, cells.value.rtts));
}

function matrixOf(cities: readonly LatencyCity[], rtts: Float64Array): LatencyMatrix {
  const size = cities.length;
  const indexByName = new Map(cities.map((city) => [city.name, city.index]));
  const isCity = (index: number) => Number.isInteger(index) && index >= 0 && index < size;
  return {
    cities,
    rttMs(from, to) {
      if (!isCity(from) || !isCity(to)) return undefined;
      const forward = rtts[from * size + to]!;
      if (!Number.isNaN(forward)) return forward;
      const reverse = rtts[to * size + from]!;
      return Number.isNaN(reverse) ? undefined : reverse;
    },
    indexOf(name) {
      return indexByName.get(name);
    },
  };
}

/** Lines of a text file: `\n` or `\r\n` endings, and at most one final line ending. */
function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

function parseRttCells(text: string): MeshResult<{ size: number; rtts: Float64Array }> {
  const lines = linesOf(text);
  const size = lines.length;
  if (size > LATENCY_MATRIX_CITIES_MAX) {
    return meshFail(
      'latency_matrix_too_large',
      `the RTT matrix has ${size} rows, more than ${LATENCY_MATRIX_CITIES_MAX}`,
    );
  }
  const rtts = new Float64Array(size * size);
  for (const [row, line] of lines.entries()) {
    const where = `rtt matrix line ${row + 1}`;
    if (line === '') return meshFail('latency_matrix_malformed', `${where} is empty`);
    const cells = line.split('\t');
    if (cells.length !== size) {
      return meshFail(
        'latency_matrix_not_square',
        `${where} has ${cells.length} columns; the matrix has ${size} rows`,
      );
    }
    for (const [column, cell] of cells.entries()) {
      const rtt = cell === 'NaN' ? Number.NaN : RTT_CELL.test(cell) ? Number(cell) : undefined;
      if (rtt === undefined || rtt === Number.POSITIVE_INFINITY) {
        return meshFail(
          'latency_matrix_malformed',
          `${where} column ${column + 1}: ${JSON.stringify(cell.slice(0, 32))} is not a non-negative number or NaN`,
        );
      }
      rtts[row * size + column] = rtt;
    }
  }
  return ok({ size, rtts });
}

function parseCities(text: string): MeshResult<LatencyCity[]> {
  const lines = linesOf(text);
  const header = (lines[0] ?? '').split(',');
  if (CITY_COLUMNS.some((name, column) => header[column] !== name)) {
    return meshFail(
      'latency_matrix_malformed',
      `cities line 1: the header must begin ${CITY_COLUMNS.join(',')}`,
    );
  }
  if (lines.length - 1 > LATENCY_MATRIX_CITIES_MAX) {
    return meshFail(
      'latency_matrix_too_large',
      `the cities file lists ${lines.length - 1} cities, more than ${LATENCY_MATRIX_CITIES_MAX}`,
    );
  }
  const cities: LatencyCity[] = [];
  const names = new Set<string>();
  for (const [position, line] of lines.slice(1).entries()) {
    const city = parseCity(line, position, header.length);
    if (typeof city === 'string') {
      return meshFail('latency_matrix_malformed', `cities line ${position + 2}: ${city}`);
    }
    if (names.has(city.name)) {
      return meshFail(
        'latency_matrix_malformed',
        `cities line ${position + 2}: the name ${JSON.stringify(city.name)} appears twice`,
      );
    }
    names.add(city.name);
    cities.push(city);
  }
  return ok(cities);
}

/** One row of the cities file, or what is wrong with it. */
function parseCity(line: string, index: number, columns: number): LatencyCity | string {
  if (line.includes('"')) return 'quoted fields are not supported';
  const fields = line.split(',');
  if (fields.length !== columns) return `${fields.length} fields; the header has ${columns}`;
  const [indexField, name, latField, lonField] = fields as [string, string, string, string];
  if (indexField !== String(index)) {
    return `index ${JSON.stringify(indexField)} where ${index} was expected (rows in matrix order)`;
  }
  if (name === '' || name.length > CITY_NAME_CHARS_MAX || name.trim() !== name) {
    return `the name must be 1 to ${CITY_NAME_CHARS_MAX} characters without surrounding spaces`;
  }
  const lat = degreesIn(latField, 90);
  const lon = degreesIn(lonField, 180);
  if (lat === undefined) return `latitude ${JSON.stringify(latField)} is not in [-90, 90]`;
  if (lon === undefined) return `longitude ${JSON.stringify(lonField)} is not in [-180, 180]`;
  return { index, name, lat, lon };
}

function degreesIn(field: string, bound: number): number | undefined {
  if (!DEGREES.test(field)) return undefined;
  const degrees = Number(field);
  return Math.abs(degrees) <= bound ? degrees : undefined;
}
