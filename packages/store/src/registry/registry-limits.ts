/** Every bound the capability registry enforces (docs/spec/registry.md). Units are the last word. */

/** Results one search returns when the query names no limit. */
export const REGISTRY_SEARCH_LIMIT_DEFAULT = 20;
/** Most results one search returns; a larger limit is registry_query_invalid. */
export const REGISTRY_SEARCH_LIMIT_MAX = 100;
/** Widest search radius: half the Earth's circumference, so any point is reachable. */
export const REGISTRY_RADIUS_KM_MAX = 20_016;
/** The mean Earth radius (IUGG), for the haversine distance. */
export const EARTH_RADIUS_KM = 6371.0088;
/**
 * Confidence is summed in integer parts per million, so every driver sums a track record's
 * confidence exactly and in any order to the same number.
 */
export const CONFIDENCE_PARTS = 1_000_000;
