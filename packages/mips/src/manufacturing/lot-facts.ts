/**
 * What the lot-conformance verifier reads out of a claim and its opened evidence: the structural
 * gates (a coded refusal when the input is unusable or the capability is undefined) and the
 * numbers the checks judge. Evidence is attacker-controlled: every piece is parsed by its schema
 * (lot-evidence-schema.ts) and cross-checked against the claim before a number is used.
 */
import { parseTimestamp } from '@mycel/kernel';
import {
  MFG_CALIBRATION_CLOCK_SKEW_MS,
  MFG_SAMPLE_SIZE_MIN,
  MFG_WINDOW_MS_MAX,
} from '../limits.js';
import type { OpenedEvidence } from '../mechanism/mip-module.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import type { MfgLotClaim } from './lot-claim-schema.js';
import {
  type MfgCertificate,
  type MfgCounters,
  type MfgSubgroup,
  parseMfgAudit,
  parseMfgCertificates,
  parseMfgCounters,
  parseMfgSeries,
} from './lot-evidence-schema.js';
import { type MfgAuditMatch, matchAudit, samplingGapRatio } from './lot-sampling.js';
import {
  chartSeries,
  cpkOf,
  cpkStandardError,
  probabilityCpkAtLeast,
  sampleVariance,
  westernElectricSignal,
} from './spc-statistics.js';

export type { MfgAuditMatch } from './lot-sampling.js';

export interface MfgLotFacts {
  readonly cpk: number;
  readonly cpkClaimed: number;
  readonly cpkTarget: number;
  readonly cpkStandardError: number;
  readonly probabilityCpkAtLeastTarget: number;
  readonly uncalibratedMeasurements: number;
  readonly turMin: number;
  readonly partCount: number;
  /** Parts the machine can have made: counted cycles × parts per cycle. */
  readonly capacity: number;
  readonly seriesSize: number;
  readonly sampleSizeClaimed: number;
  readonly gapRatioMax: number;
  /** Sample variance over the mean squared repeatability of the gauges used. */
  readonly varianceRatio: number;
  readonly audit?: MfgAuditMatch;
}

/** A reason the subgroups are out of order, outside the lot or of another size, or undefined. */
function subgroupProblem(
  subgroups: readonly MfgSubgroup[],
  size: number,
  lot: { startMs: number; endMs: number; startCycle: number; endCycle: number },
): string | undefined {
  let previousMs = lot.startMs;
  let nextCycle = lot.startCycle;
  for (let i = 0; i < subgroups.length; i++) {
    const subgroup = subgroups[i]!;
    const atMs = parseTimestamp(subgroup.at)!;
    if (subgroup.values.length !== size) return `subgroup ${i} does not hold ${size} values`;
    if (atMs < previousMs || atMs > lot.endMs)
      return `subgroup ${i} is out of time order or outside the window`;
    if (subgroup.firstCycle < nextCycle || subgroup.firstCycle + size > lot.endCycle) {
      return `subgroup ${i} names cycles out of order or outside the lot's counters`;
    }
    previousMs = atMs;
    nextCycle = subgroup.firstCycle + size;
  }
  return undefined;
}

/** Measurements outside a valid certificate, the least TUR and Σ repeatability² over values. */
function calibrationFacts(
  subgroups: readonly MfgSubgroup[],
  certificates: readonly MfgCertificate[],
  tolerance: number,
) {
  const used = new Set(subgroups.map((subgroup) => subgroup.gauge));
  const turs = certificates
    .filter((c) => used.has(c.gauge))
    .map((c) => tolerance / (2 * c.expandedUncertainty));
  const valid = certificates.map((c) => ({
    gauge: c.gauge,
    fromMs: parseTimestamp(c.validFrom)! - MFG_CALIBRATION_CLOCK_SKEW_MS,
    untilMs: parseTimestamp(c.validUntil)! + MFG_CALIBRATION_CLOCK_SKEW_MS,
  }));
  let uncalibrated = 0;
  let repeatabilitySquares = 0;
  for (const subgroup of subgroups) {
    const atMs = parseTimestamp(subgroup.at)!;
    const covered = valid.some(
      (c) => c.gauge === subgroup.gauge && c.fromMs <= atMs && atMs <= c.untilMs,
    );
    if (!covered) uncalibrated += subgroup.values.length;
    const certificate = certificates.find((c) => c.gauge === subgroup.gauge);
    repeatabilitySquares += (certificate?.repeatability ?? 0) ** 2 * subgroup.values.length;
  }
  return { uncalibrated, turMin: turs.length === 0 ? 0 : Math.min(...turs), repeatabilitySquares };
}

interface OpenedLot {
  readonly subgroups: readonly MfgSubgroup[];
  readonly certificates: readonly MfgCertificate[];
  readonly counters: MfgCounters;
}

/** The claim's own gates, then each required piece parsed and cross-checked against the claim. */
function openLot(claim: MfgLotClaim, evidence: OpenedEvidence): MipsResult<OpenedLot> {
  const value = claim.value;
  const { lsl, usl, nominal, name, unit } = value.characteristic;
  if (!(lsl < nominal && nominal < usl) || !(value.cpkTarget > 0)) {
    const message = 'need LSL < nominal < USL and a positive target';
    return mipsFail('manufacturing_limits_invalid', message, '/claim/value');
  }
  const startMs = parseTimestamp(claim.window.start)!;
  const endMs = parseTimestamp(claim.window.end)!;
  if (!(startMs < endMs) || endMs - startMs > MFG_WINDOW_MS_MAX) {
    const message = `the window must be 0 < length ≤ ${MFG_WINDOW_MS_MAX} ms`;
    return mipsFail('manufacturing_window_invalid', message, '/claim/window');
  }
  const series = parseMfgSeries(evidence.get('measurement-series'));
  if (!series.ok) return series;
  const certificates = parseMfgCertificates(evidence.get('calibration-certificates'));
  if (!certificates.ok) return certificates;
  const counters = parseMfgCounters(evidence.get('machine-counters'));
  if (!counters.ok) return counters;
  const sameUnit = series.value.unit === unit && certificates.value.unit === unit;
  if (series.value.characteristic !== name || !sameUnit) {
    return mipsFail('manufacturing_unit_mismatch', `the evidence is not of ${name} in ${unit}`);
  }
  const certs = certificates.value.certificates;
  if (certs.some((c) => parseTimestamp(c.validFrom)! >= parseTimestamp(c.validUntil)!)) {
    return mipsFail('manufacturing_certificates_invalid', 'a certificate ends before it starts');
  }
  const { start, end, machine } = counters.value;
  if (machine !== value.machine || end.cycle <= start.cycle) {
    const message = 'the counters run backwards or are of another machine';
    return mipsFail('manufacturing_counters_invalid', message);
  }
  const subgroups = series.value.subgroups;
  const size = subgroups.reduce((sum, subgroup) => sum + subgroup.values.length, 0);
  if (size < MFG_SAMPLE_SIZE_MIN) {
    const message = `${size} < ${MFG_SAMPLE_SIZE_MIN} measurements`;
    return mipsFail('manufacturing_sample_too_small', message);
  }
  const lot = { startMs, endMs, startCycle: start.cycle, endCycle: end.cycle };
  const problem = subgroupProblem(subgroups, value.subgroupSize, lot);
  if (problem !== undefined) return mipsFail('manufacturing_series_invalid', problem, '/subgroups');
  return { ok: true, value: { subgroups, certificates: certs, counters: counters.value } };
}

export function lotFacts(claim: MfgLotClaim, evidence: OpenedEvidence): MipsResult<MfgLotFacts> {
  const opened = openLot(claim, evidence);
  if (!opened.ok) return opened;
  const { subgroups, certificates, counters } = opened.value;
  const value = claim.value;
  const { lsl, usl } = value.characteristic;
  const chart = chartSeries(subgroups.map((subgroup) => subgroup.values));
  if (!(chart.sigmaWithin > 0)) {
    return mipsFail('manufacturing_variation_zero', 'every subgroup range is zero');
  }
  const signal = westernElectricSignal(chart);
  if (signal !== undefined) {
    const message = `Western Electric rule ${signal.rule} signals at point ${signal.point}`;
    return mipsFail('manufacturing_process_out_of_control', message);
  }
  let auditMatch: MfgAuditMatch | undefined;
  if (evidence.has('audit-remeasurement')) {
    const parsed = parseMfgAudit(evidence.get('audit-remeasurement'));
    if (!parsed.ok) return parsed;
    const matched = matchAudit(parsed.value, subgroups, certificates);
    if (typeof matched === 'string') return mipsFail('manufacturing_audit_invalid', matched);
    auditMatch = matched;
  }
  const calibration = calibrationFacts(subgroups, certificates, usl - lsl);
  const values = subgroups.flatMap((subgroup) => subgroup.values);
  const cpk = cpkOf(chart.center, chart.sigmaWithin, lsl, usl);
  const standardError = cpkStandardError(cpk, values.length);
  const meanRepeatabilitySquare = calibration.repeatabilitySquares / values.length;
  return {
    ok: true,
    value: {
      cpk,
      cpkClaimed: value.cpkClaimed,
      cpkTarget: value.cpkTarget,
      cpkStandardError: standardError,
      probabilityCpkAtLeastTarget: probabilityCpkAtLeast(cpk, standardError, value.cpkTarget),
      uncalibratedMeasurements: calibration.uncalibrated,
      turMin: calibration.turMin,
      partCount: value.partCount,
      capacity: (counters.end.cycle - counters.start.cycle) * counters.partsPerCycle,
      seriesSize: values.length,
      sampleSizeClaimed: value.sampleSize,
      gapRatioMax: samplingGapRatio(subgroups, counters.start.cycle, counters.end.cycle),
      varianceRatio:
        meanRepeatabilitySquare > 0 ? sampleVariance(values) / meanRepeatabilitySquare : 0,
      ...(auditMatch !== undefined ? { audit: auditMatch } : {}),
    },
  };
}
