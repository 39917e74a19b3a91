/**
 * The checks of `mip-agr/cold-chain-custody@1.0.0`, each measuring one feature of the evidence:
 * the custody chain, whether the readings belong to this logger and window, the longest
 * unobserved gap, the extreme readings against the range (allowing for logger uncertainty), the
 * receivers' dock probes against the logger, and the mean kinetic temperature (USP <1079>). The
 * features are weighed against the mixture of cheating models (probability/cheat-mixture.ts); the model
 * probabilities are stated here and in docs/spec/mip-agriculture.md, and they are the case
 * generator's (cold-chain-generate.ts).
 */
import type { Static } from '@sinclair/typebox';
import {
  COLD_CHAIN_EDGE_INTERVALS_MAX,
  COLD_CHAIN_GAS_CONSTANT_J_PER_MOL_K,
  COLD_CHAIN_MKT_ACTIVATION_J_PER_MOL,
} from '../limits.js';
import {
  logProbability as logP,
  type MixtureFeature,
  sequentialMixtureChecks,
} from '../probability/cheat-mixture.js';
import {
  type EvidenceCheck,
  hardBound,
  normalModel,
  shiftedNormalModel,
} from '../probability/evidence-check.js';
import { msOf } from './agriculture-parts.js';
import type { EpcisObjectEventSchema } from './cold-chain-schema.js';

type ObjectEvent = Static<typeof EpcisObjectEventSchema>;

/** Share of shipments whose claim is true, before any check (a cold-chain producer's base rate). */
export const COLD_CHAIN_PRIOR = { p: 0.8, logOddsSd: 0.3 } as const;

export const COLD_CHAIN_CHEATS = [
  'excursion-gap',
  'replayed-readings',
  'broken-custody',
  'offset-down',
] as const;

/** P(broken custody | honest): a mis-keyed hand-off by an honest operator. */
const CUSTODY_BROKEN_HONEST = 1e-3;
/** P(readings off the logger or window | honest), and | replayed readings (4 in 5 replays). */
const COVERAGE_BAD_HONEST = 1e-3;
const COVERAGE_BAD_REPLAY = 0.8;
/** Honest loggers: no gap with P 0.85, else one gap of 1–2 missed readings, evenly. */
const GAP_NONE_HONEST = 0.85;
const GAP_SHORT_MAX = 2;
/** A hidden excursion deletes 5–12 consecutive readings, evenly. */
const GAP_HIDDEN_MIN = 5;
const GAP_HIDDEN_MAX = 12;
const GAP_TAIL = 1e-4;
/** P(an extreme reading beyond the range by > 3.09 sd | honest), and | offset-down. */
const BOUND_VIOLATED_HONEST = 1e-3;
/** Share of offset-down cases whose shifted lows leave the range: 0 of 1000 (seeds 99 000–99 999). */
export const COLD_CHAIN_OFFSET_DETECTED = 0.01;

/** A dock probe's sd against the product core (±0.5 °C probe, core vs pallet air), °C. */
const PROBE_SD_C = 0.3;
/** offset-down shifts the logger down by U(0.5, 5) °C: what hiding a 0.3–3 °C excursion takes. */
const OFFSET_LOW_C = 0.5;
const OFFSET_HIGH_C = 5;

export interface Reading {
  readonly deviceId: string;
  readonly timeMs: number;
  readonly valueC: number;
}

export interface ColdChainFacts {
  readonly lowC: number;
  readonly highC: number;
  readonly custodians: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
  readonly events: readonly ObjectEvent[];
  readonly readings: readonly Reading[];
  /** Receiving custodians' probe readings of the product at the dock. */
  readonly probes: readonly Reading[];
  readonly loggerId: string;
  readonly accuracyC: number;
  readonly intervalMs: number;
}

/** The first break in the custody chain, or undefined when it is unbroken. */
export function custodyBreak(facts: ColdChainFacts): string | undefined {
  const events = [...facts.events].sort((a, b) => msOf(a.eventTime) - msOf(b.eventTime));
  const legs = facts.custodians.length - 1;
  if (events.length !== 2 * legs) return `${events.length} events for ${legs} legs`;
  for (let leg = 0; leg < legs; leg++) {
    const ship = events[2 * leg]!;
    const receive = events[2 * leg + 1]!;
    if (ship.bizStep !== 'shipping' || receive.bizStep !== 'receiving') {
      return `leg ${leg}: events out of order (overlapping hand-offs)`;
    }
    if (ship['mycel:custodian'] !== facts.custodians[leg]) {
      return `leg ${leg}: shipped by a custodian the claim does not name there`;
    }
    if (receive['mycel:custodian'] !== facts.custodians[leg + 1]) {
      return `leg ${leg}: received by a custodian other than the next shipper`;
    }
    if (msOf(receive.eventTime) <= msOf(ship.eventTime))
      return `leg ${leg}: received before shipped`;
  }
  return undefined;
}

/** Why the readings do not belong to this logger and window, or undefined. */
export function coverageFault(facts: ColdChainFacts): string | undefined {
  const edge = COLD_CHAIN_EDGE_INTERVALS_MAX * facts.intervalMs;
  const foreign = facts.readings.find((r) => r.deviceId !== facts.loggerId);
  if (foreign !== undefined) return `a reading from device ${foreign.deviceId}`;
  const times = facts.readings.map((r) => r.timeMs);
  const first = Math.min(...times);
  const last = Math.max(...times);
  if (first < facts.startMs || last > facts.endMs) return 'readings outside the window';
  if (first - facts.startMs > edge || facts.endMs - last > edge) {
    return 'readings start late or end early';
  }
  return undefined;
}

/** Most consecutive logging slots with no reading between two readings. */
export function longestGap(facts: ColdChainFacts): number {
  const times = facts.readings.map((r) => r.timeMs).sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < times.length; i++) {
    const missed = Math.round((times[i]! - times[i - 1]!) / facts.intervalMs) - 1;
    longest = Math.max(longest, missed);
  }
  return longest;
}

/** Mean kinetic temperature, °C, of equally spaced readings (USP <1079>, ΔH/R = 10 000 K). */
export function meanKineticTemperature(valuesC: readonly number[]): number {
  const ratio = COLD_CHAIN_MKT_ACTIVATION_J_PER_MOL / COLD_CHAIN_GAS_CONSTANT_J_PER_MOL_K;
  let sum = 0;
  for (const c of valuesC) sum += Math.exp(-ratio / (c + 273.15));
  return ratio / -Math.log(sum / valuesC.length) - 273.15;
}

function gapLogLikelihood(missed: number, hidden: boolean): number {
  if (hidden) {
    return missed >= GAP_HIDDEN_MIN && missed <= GAP_HIDDEN_MAX
      ? logP(1 / (GAP_HIDDEN_MAX - GAP_HIDDEN_MIN + 1))
      : logP(GAP_TAIL);
  }
  if (missed === 0) return logP(GAP_NONE_HONEST);
  if (missed <= GAP_SHORT_MAX) return logP((1 - GAP_NONE_HONEST) / GAP_SHORT_MAX);
  return logP(GAP_TAIL);
}

/** Mean of probe − nearest logger reading (within the edge allowance), and how many pairs. */
export function probeDifference(facts: ColdChainFacts): { meanC: number; pairs: number } {
  let sum = 0;
  let pairs = 0;
  for (const probe of facts.probes) {
    let nearest: Reading | undefined;
    for (const r of facts.readings) {
      if (
        nearest === undefined ||
        Math.abs(r.timeMs - probe.timeMs) < Math.abs(nearest.timeMs - probe.timeMs)
      )
        nearest = r;
    }
    if (nearest === undefined) continue;
    if (Math.abs(nearest.timeMs - probe.timeMs) > COLD_CHAIN_EDGE_INTERVALS_MAX * facts.intervalMs)
      continue;
    sum += probe.valueC - nearest.valueC;
    pairs++;
  }
  return { meanC: pairs === 0 ? 0 : sum / pairs, pairs };
}

function feature(
  name: string,
  value: number,
  honest: number,
  special: Partial<Record<(typeof COLD_CHAIN_CHEATS)[number], number>>,
  measured: MixtureFeature['measured'],
): MixtureFeature {
  return { name, value, honest, cheats: special, ...(measured ? { measured } : {}) };
}

/** Every check of one shipment's evidence, in the order they move p. */
export function coldChainChecks(facts: ColdChainFacts): EvidenceCheck[] {
  const readingSd = facts.accuracyC / 2;
  const values = facts.readings.map((r) => r.valueC);
  const maxC = Math.max(...values);
  const minC = Math.min(...values);
  const upper = hardBound({
    name: 'max-reading-within-high',
    value: maxC,
    bound: facts.highC,
    boundSd: readingSd,
    direction: 'at-most',
    measured: { readings: values.length, aboveHigh: values.filter((v) => v > facts.highC).length },
  });
  const lower = hardBound({
    name: 'min-reading-within-low',
    value: minC,
    bound: facts.lowC,
    boundSd: readingSd,
    direction: 'at-least',
    measured: { readings: values.length, belowLow: values.filter((v) => v < facts.lowC).length },
  });
  const mkt = meanKineticTemperature(values);
  const nearHigh = facts.highC - mkt <= mkt - facts.lowC;
  const mktCheck = hardBound({
    name: 'mean-kinetic-temperature-in-range',
    value: mkt,
    bound: nearHigh ? facts.highC : facts.lowC,
    boundSd: readingSd,
    direction: nearHigh ? 'at-most' : 'at-least',
    measured: { mktC: mkt, activationJPerMol: COLD_CHAIN_MKT_ACTIVATION_J_PER_MOL },
  });
  const broken = custodyBreak(facts);
  const fault = coverageFault(facts);
  const missed = longestGap(facts);
  const violated = upper.violated === true || lower.violated === true;
  const features: MixtureFeature[] = [
    feature(
      'custody-chain-unbroken',
      broken === undefined ? 1 : 0,
      logP(broken === undefined ? 1 - CUSTODY_BROKEN_HONEST : CUSTODY_BROKEN_HONEST),
      { 'broken-custody': logP(broken === undefined ? 0 : 1) },
      { legs: facts.custodians.length - 1, break: broken ?? null },
    ),
    feature(
      'readings-match-logger-and-window',
      fault === undefined ? 1 : 0,
      logP(fault === undefined ? 1 - COVERAGE_BAD_HONEST : COVERAGE_BAD_HONEST),
      {
        'replayed-readings': logP(
          fault === undefined ? 1 - COVERAGE_BAD_REPLAY : COVERAGE_BAD_REPLAY,
        ),
      },
      { loggerId: facts.loggerId, fault: fault ?? null },
    ),
    feature(
      'longest-unobserved-gap',
      missed,
      gapLogLikelihood(missed, false),
      { 'excursion-gap': gapLogLikelihood(missed, true) },
      { missedReadings: missed, intervalS: facts.intervalMs / 1000 },
    ),
    feature(
      'extreme-readings-in-range',
      violated ? 0 : 1,
      logP(violated ? BOUND_VIOLATED_HONEST : 1 - BOUND_VIOLATED_HONEST),
      {
        'offset-down': logP(violated ? COLD_CHAIN_OFFSET_DETECTED : 1 - COLD_CHAIN_OFFSET_DETECTED),
      },
      { maxC, minC },
    ),
  ];
  const probe = probeDifference(facts);
  if (probe.pairs > 0) {
    const sd = Math.hypot(PROBE_SD_C, readingSd) / Math.sqrt(probe.pairs);
    features.push(
      feature(
        'dock-probe-corroborates-logger',
        probe.meanC,
        normalModel(0, sd)(probe.meanC),
        { 'offset-down': shiftedNormalModel(0, sd, OFFSET_LOW_C, OFFSET_HIGH_C)(probe.meanC) },
        { probeMinusLoggerC: probe.meanC, pairs: probe.pairs, sdC: sd },
      ),
    );
  }
  const weights = Object.fromEntries(COLD_CHAIN_CHEATS.map((c) => [c, 1]));
  // The bound checks report the readings' margins; their violation already entered the mixture
  // as `extreme-readings-in-range`, so they join p only when the bound is broken.
  const margins = [upper, lower, mktCheck].map((c) =>
    c.violated === true
      ? c
      : {
          ...c,
          logLikelihoodRatio: 0,
          note: 'within its bound allowing for the logger: p unchanged',
        },
  );
  return [...sequentialMixtureChecks(features, weights), ...margins];
}
