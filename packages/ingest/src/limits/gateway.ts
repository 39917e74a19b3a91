/**
 * Every bound the gateway enforces while it turns readings into MIP-ENR proofs
 * (docs/spec/ingest-modbus-sunspec.md). Units are the last word of each name.
 */
import { mipsLimits } from '@mycel/mips';

/** Longest interval one proof covers: the energy MIP's one hour (EnergyTag hourly certificates). */
export const GATEWAY_INTERVAL_MS_MAX = mipsLimits.ENERGY_WINDOW_MS_MAX;
/** Shortest interval: one read cadence, so a proof has a start and an end read. */
export const GATEWAY_INTERVAL_MS_MIN = mipsLimits.ENERGY_SAMPLE_CADENCE_MS;
/** Cadence the gateway reads accumulator, power and irradiance at, ms (the MIP's 5 minutes). */
export const GATEWAY_READ_CADENCE_MS = mipsLimits.ENERGY_SAMPLE_CADENCE_MS;
/** The edge reads must lie this close to the window's edges, ms (the MIP's read-timing bound). */
export const GATEWAY_EDGE_READ_MS_MAX = mipsLimits.ENERGY_EDGE_READ_MS_MAX;
/** Most readings one interval may carry (the evidence schema's array bound). */
export const GATEWAY_READINGS_PER_INTERVAL_MAX = mipsLimits.ENERGY_READINGS_MAX;
/**
 * Relative headroom over rated power × duration before the gateway refuses to sign an interval:
 * twice what the inverter can make is a fault (a scale factor off by a decade or more), not
 * production to sell. Subtler excess is the MIP verifier's to judge, with its reasons.
 */
export const GATEWAY_RATED_HEADROOM = 1;
/** Most intervals one produceDay call makes: a day of the shortest intervals. */
export const GATEWAY_INTERVALS_PER_DAY_MAX = (24 * 60 * 60 * 1000) / GATEWAY_INTERVAL_MS_MIN;
/** Disclosure of the evidence the gateway stores: only to the verifiers a challenge names (K3). */
export const GATEWAY_EVIDENCE_DISCLOSURE = 'on-request' as const;
