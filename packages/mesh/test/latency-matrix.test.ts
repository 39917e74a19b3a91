import { describe, expect, it } from 'vitest';
import {
  greatCircleKm,
  LATENCY_MATRIX_CITIES_MAX,
  LATENCY_MATRIX_TEXT_CHARS_MAX,
  type LatencyMatrix,
  parseLatencyMatrix,
} from '../src/index.js';
import { readWonderNetworkText } from './wondernetwork-fixture.js';

const CITIES = [
  'index,name,lat,lon,population',
  '0,Alpha,10.5,-20,100',
  '1,Beta Town,-33.9,151.2,200',
  '2,Gamma,0,0,300',
].join('\n');
const RTTS = ['0\t10.5\tNaN', '11\t0\tNaN', '30\tNaN\t0'].join('\n');

function parsed(tsv: string, csv: string): LatencyMatrix {
  const result = parseLatencyMatrix(tsv, csv);
  if (!result.ok) throw new Error(`expected the matrix to parse: ${result.error.message}`);
  return result.value;
}

function failure(tsv: string, csv: string): { code: string; message: string } {
  const result = parseLatencyMatrix(tsv, csv);
  if (result.ok) throw new Error('expected the matrix to be refused');
  return result.error;
}

describe('parseLatencyMatrix on a small matrix', () => {
  const matrix = parsed(RTTS, CITIES);

  it('reads the cities in matrix order', () => {
    expect(matrix.cities).toEqual([
      { index: 0, name: 'Alpha', lat: 10.5, lon: -20 },
      { index: 1, name: 'Beta Town', lat: -33.9, lon: 151.2 },
      { index: 2, name: 'Gamma', lat: 0, lon: 0 },
    ]);
    expect(matrix.indexOf('Beta Town')).toBe(1);
    expect(matrix.indexOf('beta town')).toBeUndefined();
    expect(matrix.indexOf('Delta')).toBeUndefined();
  });

  it('reads each direction as its own measurement', () => {
    expect(matrix.rttMs(0, 1)).toBe(10.5);
    expect(matrix.rttMs(1, 0)).toBe(11);
    expect(matrix.rttMs(1, 1)).toBe(0);
  });

  it('falls back to the reverse direction for NaN, and to undefined when both are NaN', () => {
    expect(matrix.rttMs(0, 2)).toBe(30);
    expect(matrix.rttMs(1, 2)).toBeUndefined();
    expect(matrix.rttMs(2, 1)).toBeUndefined();
  });

  it('answers undefined for indices that are not cities', () => {
    for (const [from, to] of [
      [-1, 0],
      [0, 3],
      [0.5, 1],
      [Number.NaN, 0],
    ] as const) {
      expect(matrix.rttMs(from, to)).toBeUndefined();
    }
  });

  it('accepts CRLF line endings and a missing final newline alike', () => {
    const crlf = parsed(`${RTTS.replaceAll('\n', '\r\n')}\r\n`, CITIES.replaceAll('\n', '\r\n'));
    expect(crlf.rttMs(1, 0)).toBe(11);
    expect(crlf.cities.map((city) => city.name)).toEqual(['Alpha', 'Beta Town', 'Gamma']);
  });
});

describe('parseLatencyMatrix refuses malformed input', () => {
  it.each([
    ['a word in a cell', '0\t10.5\tNaN\n11\tfast\tNaN\n30\tNaN\t0', 'rtt matrix line 2 column 2'],
    ['a negative RTT', '0\t-10.5\tNaN\n11\t0\tNaN\n30\tNaN\t0', 'rtt matrix line 1 column 2'],
    ['an infinite RTT', '0\t1e999\tNaN\n11\t0\tNaN\n30\tNaN\t0', 'rtt matrix line 1 column 2'],
    ['an empty cell', '0\t\tNaN\n11\t0\tNaN\n30\tNaN\t0', 'rtt matrix line 1 column 2'],
    ['a blank line', '0\t10.5\tNaN\n\n30\tNaN\t0', 'rtt matrix line 2'],
    ['spaces, not tabs', '0 10.5 NaN\n11 0 NaN\n30 NaN 0', 'rtt matrix line 1'],
  ])('%s: latency_matrix_malformed or not_square, with the line', (_, tsv, where) => {
    const error = failure(tsv, CITIES);
    expect(['latency_matrix_malformed', 'latency_matrix_not_square']).toContain(error.code);
    expect(error.message).toContain(where);
  });

  it('a short or long row: latency_matrix_not_square, with the line', () => {
    const short = failure('0\t10.5\tNaN\n11\t0\n30\tNaN\t0', CITIES);
    expect(short.code).toBe('latency_matrix_not_square');
    expect(short.message).toContain('line 2');
    const long = failure('0\t1\t2\t3\n1\t0\t2\t3\n1\t2\t0\t3', CITIES);
    expect(long.code).toBe('latency_matrix_not_square');
  });

  it('a matrix that is square but of another size than the cities: city_count_mismatch', () => {
    expect(failure('0\t1\n1\t0', CITIES).code).toBe('latency_matrix_city_count_mismatch');
    expect(failure(RTTS, CITIES.split('\n').slice(0, 3).join('\n')).code).toBe(
      'latency_matrix_city_count_mismatch',
    );
  });

  it.each([
    ['an empty file', '', 'cities line 1'],
    ['another header', 'id,name,lat,lon\n0,Alpha,1,1', 'cities line 1'],
    ['an index out of order', 'index,name,lat,lon\n1,Alpha,1,1', 'cities line 2'],
    ['a missing field', 'index,name,lat,lon\n0,Alpha,1', 'cities line 2'],
    ['a quoted field', 'index,name,lat,lon\n0,"Alpha, North",1,1', 'cities line 2'],
    ['an empty name', 'index,name,lat,lon\n0,,1,1', 'cities line 2'],
    ['a repeated name', 'index,name,lat,lon\n0,Alpha,1,1\n1,Alpha,2,2', 'cities line 3'],
    ['a latitude past the pole', 'index,name,lat,lon\n0,Alpha,90.5,1', 'cities line 2'],
    ['a longitude out of range', 'index,name,lat,lon\n0,Alpha,1,-181', 'cities line 2'],
    ['a latitude that is not a number', 'index,name,lat,lon\n0,Alpha,north,1', 'cities line 2'],
  ])('cities with %s: latency_matrix_malformed, with the line', (_, csv, where) => {
    const error = failure('0', csv);
    expect(error.code).toBe('latency_matrix_malformed');
    expect(error.message).toContain(where);
  });

  it('an empty matrix: latency_matrix_malformed', () => {
    expect(failure('', CITIES).code).toBe('latency_matrix_malformed');
  });

  it(`more than LATENCY_MATRIX_CITIES_MAX (${LATENCY_MATRIX_CITIES_MAX}) rows or too long a text: latency_matrix_too_large`, () => {
    const rows = `${'0\n'.repeat(LATENCY_MATRIX_CITIES_MAX + 1)}`;
    expect(failure(rows, CITIES).code).toBe('latency_matrix_too_large');
    const header = 'index,name,lat,lon';
    const cities = Array.from(
      { length: LATENCY_MATRIX_CITIES_MAX + 1 },
      (_, index) => `${index},City ${index},0,0`,
    );
    expect(failure('0', [header, ...cities].join('\n')).code).toBe('latency_matrix_too_large');
    expect(failure(' '.repeat(LATENCY_MATRIX_TEXT_CHARS_MAX + 1), CITIES).code).toBe(
      'latency_matrix_too_large',
    );
  });
});

describe('parseLatencyMatrix on the WonderNetwork 2018 files', () => {
  const { tsv, csv } = readWonderNetworkText();
  const matrix = parsed(tsv, csv);

  it('reads 242 cities and the figures its README states', () => {
    expect(matrix.cities).toHaveLength(242);
    const size = matrix.cities.length;
    const cells = tsv.split('\n').map((line) => line.split('\t'));
    let measured = 0;
    let unmeasuredBothWays = 0;
    for (let from = 0; from < size; from++) {
      for (let to = 0; to < size; to++) {
        if (from === to) continue;
        if (cells[from]![to] !== 'NaN') measured++;
        if (matrix.rttMs(from, to) === undefined) unmeasuredBothWays++;
      }
    }
    // README: 515 of 58,322 off-diagonal cells are NaN.
    expect(size * (size - 1)).toBe(58_322);
    expect(measured).toBe(58_322 - 515);
    // Measured in one direction only, most pairs still have an RTT: 18 pairs have none.
    expect(unmeasuredBothWays).toBe(2 * 18);
  });

  it('knows its cities by name, with their coordinates', () => {
    const amsterdam = matrix.indexOf('Amsterdam')!;
    const tokyo = matrix.indexOf('Tokyo')!;
    expect(matrix.cities[amsterdam]).toMatchObject({ name: 'Amsterdam', lat: expect.any(Number) });
    const rttMs = matrix.rttMs(amsterdam, tokyo)!;
    expect(rttMs).toBeGreaterThan(
      2 * (greatCircleKm(matrix.cities[amsterdam]!, matrix.cities[tokyo]!) / 299.792458),
    );
    expect(rttMs).toBeLessThan(400);
  });
});

describe('greatCircleKm', () => {
  it('matches known distances', () => {
    const quarter = greatCircleKm({ lat: 0, lon: 0 }, { lat: 0, lon: 90 });
    expect(quarter).toBeCloseTo((Math.PI / 2) * 6371.0088, 6);
    expect(greatCircleKm({ lat: 90, lon: 0 }, { lat: -90, lon: 45 })).toBeCloseTo(
      Math.PI * 6371.0088,
      6,
    );
    // London to Paris is about 344 km.
    const londonParis = greatCircleKm(
      { lat: 51.5074, lon: -0.1278 },
      { lat: 48.8566, lon: 2.3522 },
    );
    expect(londonParis).toBeGreaterThan(340);
    expect(londonParis).toBeLessThan(348);
  });

  it('is symmetric, zero for one place, and never more than half the circumference', () => {
    const a = { lat: -33.9, lon: 151.2 };
    const b = { lat: 40.7, lon: -74 };
    expect(greatCircleKm(a, b)).toBeCloseTo(greatCircleKm(b, a), 9);
    expect(greatCircleKm(a, a)).toBe(0);
    expect(greatCircleKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeLessThanOrEqual(
      Math.PI * 6371.0088 + 1e-9,
    );
  });
});
