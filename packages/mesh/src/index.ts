/**
 * @mycel/mesh public surface (MMP Core). Everything a caller may use is named here; package.json
 * `exports` blocks deep imports.
 */

export type { CoordinateSample, FitOptions } from './coordinate-fit.js';
export { fitCoordinate } from './coordinate-fit.js';
export type { GeoPoint } from './great-circle.js';
export { EARTH_RADIUS_KM, greatCircleKm } from './great-circle.js';
export type { EmulatedLatency, LatencySource } from './latency-emulation.js';
export { emulationFromMatrix, estimateOneWayMs } from './latency-emulation.js';
export type { LatencyCity, LatencyMatrix } from './latency-matrix.js';
export { parseLatencyMatrix } from './latency-matrix.js';
export {
  CITY_NAME_CHARS_MAX,
  COORDINATE_COINCIDENT_MS,
  COORDINATE_COMPONENT_MS_MAX,
  COORDINATE_DIMENSIONS_MAX,
  COORDINATE_DIMENSIONS_MIN,
  COORDINATE_ERROR_MAX,
  COORDINATE_ERROR_MIN,
  COORDINATE_FIT_PASSES_DEFAULT,
  COORDINATE_FIT_PASSES_MAX,
  COORDINATE_FIT_SAMPLES_MAX,
  COORDINATE_HEIGHT_MS_MAX,
  COORDINATE_HEIGHT_MS_MIN,
  EMULATION_FIBRE_KM_PER_MS,
  EMULATION_ONE_WAY_OVERHEAD_MS,
  LATENCY_MATRIX_CITIES_MAX,
  LATENCY_MATRIX_TEXT_CHARS_MAX,
  RTT_SAMPLE_MS_MAX,
  VIVALDI_ERROR_FRACTION,
  VIVALDI_MOVE_FRACTION,
} from './limits.js';
export type { MeshError, MeshErrorCode, MeshResult } from './mesh-error.js';
export { MESH_ERROR_CODES } from './mesh-error.js';
export type { UpdateOptions, VivaldiCoordinate } from './vivaldi.js';
export {
  initialCoordinate,
  isCoordinate,
  isRttSample,
  predictRttMs,
  updateCoordinate,
} from './vivaldi.js';
