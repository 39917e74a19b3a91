/**
 * A coordinate for a client that is not part of the Vivaldi system: it probed a few landmarks
 * whose coordinates are known and fixed (coordinators, say), and replays those samples through
 * Vivaldi updates until its own point settles. A coordinator can then predict the client's RTT to
 * any node from coordinates alone, without the client probing that node.
 *
 * Deterministic: the samples are replayed in the order given, pass after pass, and each update's
 * tie-break is its position in that replay.
 */
import { assert, ok } from '@mycel/kernel';
import {
  COORDINATE_DIMENSIONS_MAX,
  COORDINATE_DIMENSIONS_MIN,
  COORDINATE_FIT_PASSES_DEFAULT,
  COORDINATE_FIT_PASSES_MAX,
  COORDINATE_FIT_SAMPLES_MAX,
} from './limits.js';
import { type MeshResult, meshFail } from './mesh-error.js';
import {
  initialCoordinate,
  isCoordinate,
  isDimensionCount,
  isRttSample,
  updateCoordinate,
  type VivaldiCoordinate,
} from './vivaldi.js';

/** One probe: the landmark's coordinate and the RTT the client measured to it. */
export interface CoordinateSample {
  readonly remote: VivaldiCoordinate;
  readonly rttMs: number;
}

export interface FitOptions {
  /** Dimensions of the Euclidean part; the landmarks' coordinates must have as many. */
  readonly dimensions: number;
  /** Passes over the samples (default COORDINATE_FIT_PASSES_DEFAULT). */
  readonly passes?: number;
  /** Where to start (default initialCoordinate(dimensions)), e.g. the client's last fit. */
  readonly start?: VivaldiCoordinate;
}

/**
 * The client's coordinate fitted to its samples. Fails with `coordinate_fit_invalid` for no
 * samples, more than COORDINATE_FIT_SAMPLES_MAX, or a pass or dimension count out of range, and
 * with the code updateCoordinate gives (naming the sample) for an invalid sample.
 */
export function fitCoordinate(
  samples: readonly CoordinateSample[],
  options: FitOptions,
): MeshResult<VivaldiCoordinate> {
  const checked = checkFit(samples, options);
  if (!checked.ok) return checked;
  let local = options.start ?? initialCoordinate(options.dimensions);
  const passes = options.passes ?? COORDINATE_FIT_PASSES_DEFAULT;
  for (let pass = 0; pass < passes; pass++) {
    for (const [index, sample] of samples.entries()) {
      const tieBreak = pass * samples.length + index;
      const updated = updateCoordinate(local, sample.remote, sample.rttMs, { tieBreak });
      assert(updated.ok, 'updateCoordinate rejected a sample checkFit accepted');
      local = updated.value;
    }
  }
  return ok(local);
}

function checkFit(samples: readonly CoordinateSample[], options: FitOptions): MeshResult<true> {
  if (samples.length < 1 || samples.length > COORDINATE_FIT_SAMPLES_MAX) {
    return meshFail(
      'coordinate_fit_invalid',
      `a fit needs 1 to ${COORDINATE_FIT_SAMPLES_MAX} samples, not ${samples.length}`,
    );
  }
  if (!isDimensionCount(options.dimensions)) {
    return meshFail(
      'coordinate_fit_invalid',
      `dimensions must be an integer in [${COORDINATE_DIMENSIONS_MIN}, ${COORDINATE_DIMENSIONS_MAX}], not ${options.dimensions}`,
    );
  }
  const passes = options.passes ?? COORDINATE_FIT_PASSES_DEFAULT;
  if (!Number.isInteger(passes) || passes < 1 || passes > COORDINATE_FIT_PASSES_MAX) {
    return meshFail(
      'coordinate_fit_invalid',
      `passes must be an integer in [1, ${COORDINATE_FIT_PASSES_MAX}], not ${passes}`,
    );
  }
  if (options.start !== undefined && !isCoordinate(options.start, options.dimensions)) {
    return meshFail('coordinate_fit_invalid', `the start coordinate is not a coordinate`);
  }
  for (const [index, sample] of samples.entries()) {
    if (!isRttSample(sample.rttMs)) {
      return meshFail(
        'coordinate_sample_invalid',
        `sample ${index}: RTT ${String(sample.rttMs)} ms is not a valid sample`,
      );
    }
    if (!isCoordinate(sample.remote)) {
      return meshFail(
        'coordinate_sample_invalid',
        `sample ${index}: the remote is not well formed`,
      );
    }
    if (sample.remote.vector.length !== options.dimensions) {
      return meshFail(
        'coordinate_dimensions_mismatch',
        `sample ${index}: the remote has ${sample.remote.vector.length} dimensions, not ${options.dimensions}`,
      );
    }
  }
  return ok(true);
}
