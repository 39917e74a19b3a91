/** The gateway's public surface (readings → signed MIP-ENR proofs), re-exported by the index. */
export * as gatewayLimits from '../limits/gateway.js';
export {
  GATEWAY_ERROR_CODES,
  type GatewayError,
  type GatewayErrorCode,
  type GatewayResult,
} from './gateway-error-codes.js';
export {
  buildIntervalEvidence,
  checkIntervalSpec,
  type EvidencePiece,
  type EvidenceRoleName,
  type GatewayDevice,
  type GatewayMetrics,
  type IntervalEvidence,
  type IntervalSpec,
  SUNSPEC_METRICS,
} from './interval-evidence.js';
export { buildIntervalProof, type IntervalProofInput } from './interval-proof.js';
export {
  collectReadings,
  type DayInterval,
  type GatewayClock,
  type ProduceDayInput,
  type ProducedDay,
  produceDay,
  type ReadingSource,
  solarDayStartMs,
} from './produce-day.js';
export {
  type ProducedInterval,
  type ProduceIntervalInput,
  produceInterval,
} from './produce-interval.js';
export {
  type SimulatedMicrogrid,
  type SimulatedMicrogridOptions,
  startSimulatedMicrogrid,
} from './simulated-microgrid.js';
