/**
 * @mycel/mesh public surface (MMP Core). Everything a caller may use is named here; package.json
 * `exports` blocks deep imports.
 */

// --- canopy + federation ---
export type { CanopyTrust, SummaryFields } from './canopy/canopy-summary.js';
export { buildSummary, checkSummary, identityOf } from './canopy/canopy-summary.js';
export type { FederationPacks } from './canopy/colony-owner.js';
export { checkColonyOwner } from './canopy/colony-owner.js';
export type { OverflowCandidate, OverflowRequest } from './canopy/overflow-choice.js';
export { chooseOverflow, rankOverflow } from './canopy/overflow-choice.js';
export { PublishSchedule } from './canopy/publish-schedule.js';
export type { SummaryBookOptions } from './canopy/summary-book.js';
export { SummaryBook } from './canopy/summary-book.js';
export type { CanopySummary, ClassSlots, PriceBand } from './canopy/summary-shape.js';
export { checkSummaryShape } from './canopy/summary-shape.js';
// --- coordinate client: median filter, gravity (issue 6, H1) ---
export type { CoordinateClientOptions } from './coordinate-client.js';
export { CoordinateClient } from './coordinate-client.js';
export type { CoordinateSample, FitOptions } from './coordinate-fit.js';
export { fitCoordinate } from './coordinate-fit.js';
export type { FederationPackSet } from './federation/federation-packs.js';
export { readFederationPacks } from './federation/federation-packs.js';
export type { FederationCode, FederationResult } from './federation/federation-result.js';
export type { TreatyTrust } from './federation/treaty-book.js';
export { pairKey, TreatyBook } from './federation/treaty-book.js';
export type { SessionCrossing } from './federation/treaty-gate.js';
export { checkSessionCrossing } from './federation/treaty-gate.js';
export type { GeoPoint } from './great-circle.js';
export { EARTH_RADIUS_KM, greatCircleKm } from './great-circle.js';
export type { EmulatedLatency, LatencySource } from './latency-emulation.js';
export { emulationFromMatrix, estimateOneWayMs } from './latency-emulation.js';
export type { LatencyWindow } from './latency-filter.js';
export { EMPTY_LATENCY_WINDOW, latencyMedian, pushLatency } from './latency-filter.js';
export type { LatencyCity, LatencyMatrix } from './latency-matrix.js';
export { parseLatencyMatrix } from './latency-matrix.js';
// --- switching: choosing a coordinator, seed lists (issue 6, H4) ---
// --- membership (swim/) ---
export {
  CANOPY_BOOK_ENTRIES_MAX,
  CANOPY_CLOCK_SKEW_MS,
  CANOPY_KID_CHARS_MAX,
  CANOPY_SIGNATURE_CHARS_MAX,
  CANOPY_SUMMARY_INTERVAL_MS,
  CANOPY_SUMMARY_MAX_AGE_MS,
  CANOPY_SUMMARY_MIN_GAP_MS,
  CANOPY_WARM_AGENTS_MAX,
  CANOPY_WARM_BONUS_MS,
  CITY_NAME_CHARS_MAX,
  COORDINATE_CLIENT_PEERS_MAX,
  COORDINATE_COINCIDENT_MS,
  COORDINATE_COMPONENT_MS_MAX,
  COORDINATE_DIMENSIONS_MAX,
  COORDINATE_DIMENSIONS_MIN,
  COORDINATE_ERROR_MAX,
  COORDINATE_ERROR_MIN,
  COORDINATE_FILTER_SAMPLES,
  COORDINATE_FILTER_SAMPLES_MAX,
  COORDINATE_FIT_PASSES_DEFAULT,
  COORDINATE_FIT_PASSES_MAX,
  COORDINATE_FIT_SAMPLES_MAX,
  COORDINATE_GRAVITY_RHO_MS,
  COORDINATE_GRAVITY_RHO_MS_MIN,
  COORDINATE_HEIGHT_MS_MAX,
  COORDINATE_HEIGHT_MS_MIN,
  COORDINATE_PEER_ID_CHARS_MAX,
  EMULATION_FIBRE_KM_PER_MS,
  EMULATION_ONE_WAY_OVERHEAD_MS,
  LATENCY_MATRIX_CITIES_MAX,
  LATENCY_MATRIX_TEXT_CHARS_MAX,
  RTT_SAMPLE_MS_MAX,
  SEED_CACHE_EXPIRY_MS,
  SEED_URL_CHARS_MAX,
  SWIM_ADDRESS_CHARS_MAX,
  SWIM_BROADCAST_QUEUE_MAX,
  SWIM_COUNTER_MAX,
  SWIM_DEAD_RETAIN_MS_DEFAULT,
  SWIM_ID_CHARS_MAX,
  SWIM_INDIRECT_PROBES_DEFAULT,
  SWIM_INDIRECT_PROBES_MAX,
  SWIM_LOCAL_HEALTH_MAX,
  SWIM_MEMBERS_MAX,
  SWIM_MESSAGE_BYTES_MAX,
  SWIM_NACK_TIMEOUT_FRACTION,
  SWIM_PIGGYBACK_UPDATES_MAX,
  SWIM_PROBE_INTERVAL_MS_DEFAULT,
  SWIM_PROBE_TIMEOUT_MS_DEFAULT,
  SWIM_RELAYS_PENDING_MAX,
  SWIM_RETRANSMIT_MULTIPLIER_DEFAULT,
  SWIM_SUSPICION_MAX_MULTIPLIER_DEFAULT,
  SWIM_SUSPICION_MULTIPLIER_DEFAULT,
  SWIM_SYNC_INTERVAL_MS_DEFAULT,
  SWIM_SYNC_MEMBERS_MAX,
  SWIM_TIMER_MS_MAX,
  SWIM_TIMER_MS_MIN,
  SWITCH_CONSECUTIVE_ROUNDS,
  SWITCH_COORDINATORS_MAX,
  SWITCH_HOLD_DOWN_MS,
  SWITCH_HOLD_DOWN_MS_MAX,
  SWITCH_HOLD_DOWN_MS_MIN,
  SWITCH_RTT_RATIO,
  SWITCH_SAMPLES_KEPT,
  SWITCH_SAMPLES_MIN,
  TREATY_BOOK_PAIRS_MAX,
  TREATY_SUPERSEDED_KEPT,
  VIVALDI_ERROR_FRACTION,
  VIVALDI_MOVE_FRACTION,
} from './limits.js';
export type { MeshError, MeshErrorCode, MeshResult } from './mesh-error.js';
export { MESH_ERROR_CODES } from './mesh-error.js';
export type { SwimConfig, SwimSettings } from './swim/swim-config.js';
export { checkSwimConfig } from './swim/swim-config.js';
export type {
  SwimEffect,
  SwimEvent,
  SwimMember,
  SwimMemberView,
  SwimStats,
} from './swim/swim-member.js';
export { createSwimMember } from './swim/swim-member.js';
export type {
  SwimAck,
  SwimMessage,
  SwimNack,
  SwimPing,
  SwimPingRequest,
  SwimState,
  SwimSync,
  SwimUpdate,
} from './swim/swim-messages.js';
export { parseSwimMessage } from './swim/swim-messages.js';
export type { SuspicionParameters } from './swim/swim-suspicion.js';
export {
  expectedConfirmations,
  suspicionMinimumMs,
  suspicionTimeoutMs,
} from './swim/swim-suspicion.js';
export type { SeedEntry, SeedRanking } from './switching/seed-ranking.js';
export { checkSeedList, rankSeeds, readSeedCache, recordProbe } from './switching/seed-ranking.js';
export type {
  StayReason,
  SwitchConfig,
  SwitchDecision,
  SwitchState,
} from './switching/switch-chooser.js';
export {
  attachedTo,
  closeRound,
  DEFAULT_SWITCH_CONFIG,
  forgetCoordinator,
  initialSwitchState,
  medianRttMs,
  recordSample,
  switchConfig,
} from './switching/switch-chooser.js';
export type { UpdateOptions, VivaldiCoordinate } from './vivaldi.js';
export {
  applyGravity,
  initialCoordinate,
  isCoordinate,
  isRttSample,
  predictRttMs,
  updateCoordinate,
} from './vivaldi.js';
