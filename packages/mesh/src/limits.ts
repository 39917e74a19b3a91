/**
 * Every bound MMP Core enforces, in one place. Units are the last word of each name.
 * Coordinates travel between nodes, so the coordinate bounds are protocol: changing one changes
 * which coordinates a peer accepts.
 */

// --- network coordinates (vivaldi.ts, coordinate-fit.ts) ---

/** Fewest dimensions of a coordinate's Euclidean part. */
export const COORDINATE_DIMENSIONS_MIN = 1;
/** Most dimensions of a coordinate's Euclidean part (Dabek et al. found little gain past 5). */
export const COORDINATE_DIMENSIONS_MAX = 16;
/** Largest absolute value of one Euclidean component: a minute, far beyond any real RTT. */
export const COORDINATE_COMPONENT_MS_MAX = 60_000;
/** Smallest height; heights are kept at or above it so that every distance stays positive. */
export const COORDINATE_HEIGHT_MS_MIN = 0.01;
/** Largest height (the access-link delay of a node), like the component bound. */
export const COORDINATE_HEIGHT_MS_MAX = 60_000;
/** Smallest error estimate; above zero so that the sample weight el / (el + er) is defined. */
export const COORDINATE_ERROR_MIN = 0.001;
/** Largest error estimate, and the error a new coordinate starts with (as in HashiCorp serf). */
export const COORDINATE_ERROR_MAX = 1.5;
/** Euclidean parts closer than this are treated as one point: the direction comes from a seed. */
export const COORDINATE_COINCIDENT_MS = 1e-6;
/** Largest RTT sample accepted; a longer one is a stalled peer, not a distance. */
export const RTT_SAMPLE_MS_MAX = 10_000;

/** Vivaldi's constant cc: the fraction of the way a node moves towards its ideal position. */
export const VIVALDI_MOVE_FRACTION = 0.25;
/** Vivaldi's constant ce: the weight of a new sample in the moving average of the error. */
export const VIVALDI_ERROR_FRACTION = 0.25;

/** Most samples one fit uses (a client probes a few landmarks, not the network). */
export const COORDINATE_FIT_SAMPLES_MAX = 256;
/**
 * Passes over the samples a fit makes unless told otherwise. On an exact 2-D space 200 passes fit
 * every sample to within 1 %; on the WonderNetwork data nothing improves past about 20.
 */
export const COORDINATE_FIT_PASSES_DEFAULT = 200;
/** Most passes a caller may ask one fit to make (with the most samples: 256,000 updates). */
export const COORDINATE_FIT_PASSES_MAX = 1_000;

// --- measured latency matrices (latency-matrix.ts) ---

/** Most cities in one latency matrix (the WonderNetwork 2018 matrix has 242). */
export const LATENCY_MATRIX_CITIES_MAX = 1_024;
/** Longest matrix or cities text parsed, in UTF-16 code units. */
export const LATENCY_MATRIX_TEXT_CHARS_MAX = 32 * 1024 * 1024;
/** Longest city name. */
export const CITY_NAME_CHARS_MAX = 128;

// --- emulated network (latency-emulation.ts) ---

/**
 * Signal speed used to estimate a pair the matrix lacks: about 2/3 of c, light in optical fibre
 * (299,792.458 km/s × 2/3 ≈ 199.86 km/ms).
 */
export const EMULATION_FIBRE_KM_PER_MS = 199.86;
/**
 * One-way delay added to the fibre time of an estimated pair: routing detours, queues and access
 * links. Half the 31.3 ms intercept of the least-squares fit RTT ≈ 31.3 ms + 0.0174 ms/km × distance
 * over the WonderNetwork 2018 matrix (data/wondernetwork-2018/README.md).
 */
export const EMULATION_ONE_WAY_OVERHEAD_MS = 15.65;
