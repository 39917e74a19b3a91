/**
 * coordinates: how well network coordinates predict measured Internet RTTs. Every host of a
 * measured matrix runs the CoordinateClient that nodes run (Vivaldi with height, adaptive
 * error-weighted timestep, per-peer median filter, gravity), and each round every host probes
 * `--probes` peers picked at random (seeded), as heartbeats and probes would: no all-pairs
 * pinging. After the rounds: the median and p90 relative error |predicted − measured| / measured
 * over every measured ordered pair (a 0 ms cell counts as not measured).
 *
 *   npm run bench -- coordinates [--matrix PATH]... [--dimensions 2,8] [--rounds 2000]
 *                                [--probes 1] [--joiners 15] [--seed 1]
 *                                [--filter SAMPLES] [--gravity RHO_MS|off]   (ablations)
 *
 * Default: every `*_ms.tsv` matrix in ../shared/data/latency/<set>/. A `cities.csv` beside the
 * matrix (WonderNetwork layout) gives the baseline in the same run: the least-squares fit
 * RTT = a + b · great-circle distance over the same pairs; a matrix without locations (Seattle)
 * reports it as null. Where the raw time slices lie beside the matrix (Seattle's
 * SeattleData_all688.tar.xz), a second run probes the time series instead (probe k of n reads
 * the slice at k / n of the series; replies the client refuses count as lost probes) and is
 * scored against the same median matrix, once with the median filter and once without
 * (`unfilteredMedianRelErr`): this is where the filter shows, since a matrix repeats one value.
 *
 * probesToSteady: a host's steady error is the median relative error over its own pairs at the
 * end of the run. It then rejoins from scratch (origin, largest error, empty filters) while the
 * others keep their converged coordinates, probing one random peer per probe; probesToSteady is
 * the first probe count at which its error is within 10 % of its steady error (≤ 1.1 × steady).
 * Reported: the median over `--joiners` hosts spread evenly over the matrix.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CoordinateClient,
  greatCircleKm,
  type LatencyMatrix,
  parseLatencyMatrix,
  predictRttMs,
  type VivaldiCoordinate,
} from '@mycel/mesh';
import { percentile as percentileOfSorted, prng } from './support/stats.js';

const { values: options } = parseArgs({
  options: {
    matrix: { type: 'string', multiple: true },
    dimensions: { type: 'string', default: '2,8' },
    rounds: { type: 'string', default: '2000' },
    probes: { type: 'string', default: '1' },
    joiners: { type: 'string', default: '15' },
    seed: { type: 'string', default: '1' },
    filter: { type: 'string' },
    gravity: { type: 'string' },
  },
});
const DIMENSIONS = options.dimensions.split(',').map(Number);
const ROUNDS = Number(options.rounds);
const PROBES_PER_ROUND = Number(options.probes);
const JOINERS = Number(options.joiners);
const SEED = Number(options.seed);
/** Ablation: `--filter 1` turns the median filter off, `--gravity off` turns gravity off. */
const CLIENT_OPTIONS = {
  ...(options.filter === undefined ? {} : { filterSamples: Number(options.filter) }),
  ...(options.gravity === undefined
    ? {}
    : { gravityRhoMs: options.gravity === 'off' ? null : Number(options.gravity) }),
};
/** Probes a rejoining host makes; its error must stay within 10 % of steady until the last. */
const JOIN_HORIZON_PROBES = 400;
/** "Within 10 % of its steady error". */
const STEADY_FACTOR = 1.1;

const DATA_ROOT = fileURLToPath(new URL('../../shared/data/latency/', import.meta.url));

interface Dataset {
  readonly name: string;
  readonly path: string;
  readonly matrix: LatencyMatrix;
  readonly located: boolean;
}

function defaultMatrices(): string[] {
  return readdirSync(DATA_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const folder = join(DATA_ROOT, entry.name);
      const matrix = readdirSync(folder)
        .filter((file) => file.endsWith('_ms.tsv'))
        .sort()[0];
      return matrix === undefined ? [] : [join(folder, matrix)];
    });
}

/**
 * The matrix at `path`, parsed by mesh's parseLatencyMatrix. Without a cities.csv beside it the
 * hosts get placeholder names at (0, 0), and the dataset is marked as having no locations.
 */
function loadDataset(path: string): Dataset {
  const tsv = readFileSync(path, 'utf8');
  const citiesPath = join(dirname(path), 'cities.csv');
  const located = existsSync(citiesPath);
  const rows = tsv.split(/\r?\n/).filter((line) => line !== '').length;
  const csv = located
    ? readFileSync(citiesPath, 'utf8')
    : ['index,name,lat,lon', ...Array.from({ length: rows }, (_, i) => `${i},host-${i},0,0`)].join(
        '\n',
      );
  const parsed = parseLatencyMatrix(tsv, csv);
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error.code}: ${parsed.error.message}`);
  return { name: basename(dirname(path)), path, matrix: parsed.value, located };
}

interface Series {
  readonly size: number;
  /** One RTT matrix per time slice, row-major, in ms; 0 is a missing measurement. */
  readonly slices: readonly Float32Array[];
}

/** Name of the archive of raw time slices beside a matrix (the Seattle layout), in seconds. */
const SERIES_ARCHIVE = 'SeattleData_all688.tar.xz';

/**
 * The raw time slices beside the matrix, when there are any: unpacked with `tar` into a
 * temporary folder, read, converted from seconds to ms, and the folder removed.
 */
function loadSeries(dataset: Dataset): Series | undefined {
  const archive = join(dirname(dataset.path), SERIES_ARCHIVE);
  if (!existsSync(archive)) return undefined;
  const folder = mkdtempSync(join(tmpdir(), 'bench-coordinates-'));
  try {
    execFileSync('tar', ['-xJf', archive, '-C', folder]);
    const size = dataset.matrix.cities.length;
    const files = readdirSync(join(folder, 'Seattle'))
      .map((file) => ({ file, slice: Number(file.replace(/^SeattleData_/, '')) }))
      .filter(({ slice }) => Number.isInteger(slice))
      .sort((a, b) => a.slice - b.slice);
    const slices = files.map(({ file }) => {
      const rows = readFileSync(join(folder, 'Seattle', file), 'utf8')
        .split(/\r?\n/)
        .filter((line) => line !== '');
      if (rows.length !== size) throw new Error(`${file}: ${rows.length} rows, expected ${size}`);
      const slice = new Float32Array(size * size);
      rows.forEach((row, from) => {
        row.split('\t').forEach((cell, to) => {
          const seconds = Number(cell);
          slice[from * size + to] = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
        });
      });
      return slice;
    });
    return { size, slices };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** For each host, the hosts it has a measured RTT above zero to (a 0 ms cell is a missing one). */
function measuredPeers(matrix: LatencyMatrix): number[][] {
  const count = matrix.cities.length;
  return Array.from({ length: count }, (_, from) =>
    Array.from({ length: count }, (_, to) => to).filter(
      (to) => to !== from && (matrix.rttMs(from, to) ?? 0) > 0,
    ),
  );
}

/** percentile of values in any order. */
function percentile(values: readonly number[], fraction: number): number {
  return percentileOfSorted(
    [...values].sort((a, b) => a - b),
    fraction,
  );
}

function relativeErrorsOf(
  matrix: LatencyMatrix,
  peers: readonly number[][],
  from: number,
  coordinates: readonly VivaldiCoordinate[],
  at: VivaldiCoordinate = coordinates[from]!,
): number[] {
  return peers[from]!.map((to) => {
    const rttMs = matrix.rttMs(from, to)!;
    return Math.abs(predictRttMs(at, coordinates[to]!) - rttMs) / rttMs;
  });
}

function allRelativeErrors(
  matrix: LatencyMatrix,
  peers: readonly number[][],
  coordinates: readonly VivaldiCoordinate[],
): number[] {
  return peers.flatMap((_, from) => relativeErrorsOf(matrix, peers, from, coordinates));
}

/** Median relative error of the least-squares fit RTT = a + b · great-circle km, or null. */
function geographicBaseline(dataset: Dataset, peers: readonly number[][]): number | null {
  if (!dataset.located) return null;
  const { matrix } = dataset;
  const pairs = peers.flatMap((tos, from) =>
    tos.map((to) => ({
      km: greatCircleKm(matrix.cities[from]!, matrix.cities[to]!),
      rttMs: matrix.rttMs(from, to)!,
    })),
  );
  const meanKm = pairs.reduce((sum, pair) => sum + pair.km, 0) / pairs.length;
  const meanRtt = pairs.reduce((sum, pair) => sum + pair.rttMs, 0) / pairs.length;
  let covariance = 0;
  let variance = 0;
  for (const { km, rttMs } of pairs) {
    covariance += (km - meanKm) * (rttMs - meanRtt);
    variance += (km - meanKm) ** 2;
  }
  const slope = covariance / variance;
  const intercept = meanRtt - slope * meanKm;
  return percentile(
    pairs.map(({ km, rttMs }) => Math.abs(intercept + slope * km - rttMs) / rttMs),
    0.5,
  );
}

/**
 * The RTT host `from` measures to host `to` at probe number `step` of a run (of `steps`), or
 * undefined when that probe was lost.
 */
type SampleSource = (from: number, to: number, step: number, steps: number) => number | undefined;

/** Every probe of a pair measures the matrix value. */
const matrixSamples =
  (matrix: LatencyMatrix): SampleSource =>
  (from, to) =>
    matrix.rttMs(from, to);

/**
 * Probes walk through the time series once, in order: probe `step` of `steps` reads the slice
 * at the same fraction of the series. A 0 in a slice is a lost probe.
 */
const seriesSamples =
  (series: Series): SampleSource =>
  (from, to, step, steps) => {
    const slice = series.slices[Math.floor((step * series.slices.length) / steps)]!;
    const rttMs = slice[from * series.size + to]!;
    return rttMs > 0 ? rttMs : undefined;
  };

/** Samples the clients refused with `coordinate_sample_invalid`, over the whole run. */
let refusedSamples = 0;

/** One probe: `client` (host `from`) measures host `to`, whose coordinate is `coordinates[to]`. */
function probe(
  client: CoordinateClient,
  rttMs: number | undefined,
  to: number,
  coordinates: readonly VivaldiCoordinate[],
  random: () => number,
): VivaldiCoordinate {
  const tieBreak = random();
  if (rttMs === undefined) return client.coordinate;
  const result = client.observe(`host-${to}`, coordinates[to]!, rttMs, { tieBreak });
  if (result.ok) return result.value;
  // A sample the client refuses (the series holds replies of up to 90 s, past RTT_SAMPLE_MS_MAX)
  // is what a node's prober would drop: a lost probe. Anything else is a bug here.
  if (result.error.code !== 'coordinate_sample_invalid') throw new Error(result.error.message);
  refusedSamples += 1;
  return client.coordinate;
}

function converge(
  dataset: Dataset,
  peers: readonly number[][],
  dimensions: number,
  samples: SampleSource,
  filterSamples?: number,
) {
  const random = prng(SEED);
  const filter = filterSamples === undefined ? {} : { filterSamples };
  const clients = peers.map(
    () => new CoordinateClient({ dimensions, ...CLIENT_OPTIONS, ...filter }),
  );
  const coordinates = clients.map((client) => client.coordinate);
  let halfwayMedian = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [from, client] of clients.entries()) {
      const candidates = peers[from]!;
      for (let n = 0; n < PROBES_PER_ROUND && candidates.length > 0; n++) {
        const to = candidates[Math.floor(random() * candidates.length)]!;
        const rttMs = samples(from, to, round, ROUNDS);
        coordinates[from] = probe(client, rttMs, to, coordinates, random);
      }
    }
    if (round === Math.floor(ROUNDS / 2)) {
      halfwayMedian = percentile(allRelativeErrors(dataset.matrix, peers, coordinates), 0.5);
    }
  }
  return { coordinates, halfwayMedian };
}

/**
 * Probes host `joiner` needs, rejoining from scratch, until its median error first comes within
 * 10 % of its steady error; null when it does not within JOIN_HORIZON_PROBES. (Its error then
 * keeps moving by a few per cent around the steady error, probe by probe, as every host's does.)
 */
function joinProbes(
  dataset: Dataset,
  peers: readonly number[][],
  coordinates: readonly VivaldiCoordinate[],
  joiner: number,
  dimensions: number,
  samples: SampleSource,
): number | null {
  const steady = percentile(relativeErrorsOf(dataset.matrix, peers, joiner, coordinates), 0.5);
  const random = prng(SEED * 7919 + joiner);
  const client = new CoordinateClient({ dimensions, ...CLIENT_OPTIONS });
  const candidates = peers[joiner]!;
  for (let probes = 1; probes <= JOIN_HORIZON_PROBES; probes++) {
    const to = candidates[Math.floor(random() * candidates.length)]!;
    const rttMs = samples(joiner, to, probes - 1, JOIN_HORIZON_PROBES);
    const at = probe(client, rttMs, to, coordinates, random);
    const error = percentile(relativeErrorsOf(dataset.matrix, peers, joiner, coordinates, at), 0.5);
    if (error <= STEADY_FACTOR * steady) return probes;
  }
  return null;
}

/** The median of the numbers among `values`, or null when there are none. */
function medianOrNull(values: ReadonlyArray<number | null>): number | null {
  const numbers = values.filter((value): value is number => value !== null);
  return numbers.length === 0 ? null : percentile(numbers, 0.5);
}

const round3 = (value: number) => Number(value.toFixed(3));

const paths = options.matrix ?? defaultMatrices();
process.stdout.write(
  `reproduce: npm run bench -- coordinates ${paths.map((path) => `--matrix ${path}`).join(' ')} --dimensions ${DIMENSIONS.join(',')} --rounds ${ROUNDS} --probes ${PROBES_PER_ROUND} --joiners ${JOINERS} --seed ${SEED}\n`,
);

/** One run over one data set and one dimension count: errors against the dataset's matrix. */
function measure(
  dataset: Dataset,
  peers: readonly number[][],
  dimensions: number,
  samples: SampleSource,
) {
  const { coordinates, halfwayMedian } = converge(dataset, peers, dimensions, samples);
  const errors = allRelativeErrors(dataset.matrix, peers, coordinates);
  const hosts = peers.length;
  const count = Math.min(JOINERS, hosts);
  const joiners = Array.from({ length: count }, (_, n) => Math.floor((n * hosts) / count)).filter(
    (host) => peers[host]!.length > 0,
  );
  const joins = joiners.map((joiner) =>
    joinProbes(dataset, peers, coordinates, joiner, dimensions, samples),
  );
  return {
    medianRelErr: round3(percentile(errors, 0.5)),
    p90RelErr: round3(percentile(errors, 0.9)),
    probesToSteady: medianOrNull(joins),
    joinersSteady: `${joins.filter((join) => join !== null).length}/${joins.length}`,
    medianRelErrHalfway: round3(halfwayMedian),
  };
}

const results = [];
for (const path of paths) {
  const dataset = loadDataset(path);
  const peers = measuredPeers(dataset.matrix);
  const baseline = geographicBaseline(dataset, peers);
  const common = {
    hosts: peers.length,
    pairs: peers.reduce((sum, tos) => sum + tos.length, 0),
    rounds: ROUNDS,
    probesPerHostPerRound: PROBES_PER_ROUND,
  };
  const series = loadSeries(dataset);
  for (const dimensions of DIMENSIONS) {
    const started = performance.now();
    const result = {
      dataset: dataset.name,
      dims: dimensions,
      samples: 'matrix',
      ...measure(dataset, peers, dimensions, matrixSamples(dataset.matrix)),
      baselineMedianRelErr: baseline === null ? null : round3(baseline),
      ...common,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    results.push(result);
    if (series === undefined) continue;
    // The same hosts probing the measured time series; the truth is still the matrix.
    const seriesStarted = performance.now();
    const source = seriesSamples(series);
    const unfiltered = converge(dataset, peers, dimensions, source, 1).coordinates;
    const seriesResult = {
      dataset: `${dataset.name}/series`,
      dims: dimensions,
      samples: `${series.slices.length} time slices`,
      ...measure(dataset, peers, dimensions, source),
      unfilteredMedianRelErr: round3(
        percentile(allRelativeErrors(dataset.matrix, peers, unfiltered), 0.5),
      ),
      baselineMedianRelErr: baseline === null ? null : round3(baseline),
      ...common,
      seconds: Number(((performance.now() - seriesStarted) / 1000).toFixed(1)),
    };
    process.stdout.write(`${JSON.stringify(seriesResult)}\n`);
    results.push(seriesResult);
  }
}
process.stdout.write(
  `${JSON.stringify({ bench: 'coordinates', seed: SEED, refusedSamples, results })}\n`,
);
