/**
 * The sampling plan and the audit, read from the series: how evenly the subgroups cover the lot's
 * machine cycles (a cherry-picked series leaves gaps where subgroups were dropped), and how many
 * audit re-measurements agree with the producer's values within both uncertainties (En ≤ 1,
 * ISO/IEC 17043 §B.3).
 */
import type { MfgAudit, MfgCertificate, MfgSubgroup } from './lot-evidence-schema.js';

/**
 * The largest gap between sampled subgroups, in machine cycles, over the median gap. The gaps
 * before the first and after the last subgroup count double: a plan sampling every k cycles
 * starts about k/2 cycles into the lot.
 */
export function samplingGapRatio(
  subgroups: readonly MfgSubgroup[],
  startCycle: number,
  endCycle: number,
): number {
  const firstCycles = subgroups.map((subgroup) => subgroup.firstCycle);
  const interior: number[] = [];
  for (let i = 1; i < firstCycles.length; i++) interior.push(firstCycles[i]! - firstCycles[i - 1]!);
  const edges = [2 * (firstCycles[0]! - startCycle), 2 * (endCycle - firstCycles.at(-1)!)];
  const sorted = [...interior].sort((a, b) => a - b);
  const median =
    sorted.length === 0 ? endCycle - startCycle : sorted[Math.floor((sorted.length - 1) / 2)]!;
  return Math.max(...interior, ...edges) / Math.max(1, median);
}

export interface MfgAuditMatch {
  readonly sampled: number;
  readonly agreed: number;
  /** The largest En among the pairs. */
  readonly worstEn: number;
}

/** Pairs each re-measurement with the series value it names; a reason string when it cannot. */
export function matchAudit(
  audit: MfgAudit,
  subgroups: readonly MfgSubgroup[],
  certificates: readonly MfgCertificate[],
): MfgAuditMatch | string {
  const measurements = subgroups.flatMap((subgroup) =>
    subgroup.values.map((value) => ({ value, gauge: subgroup.gauge })),
  );
  const seen = new Set<number>();
  let agreed = 0;
  let worstEn = 0;
  for (const pair of audit.remeasured) {
    const measurement = measurements[pair.index];
    if (measurement === undefined) return `the series holds no measurement ${pair.index}`;
    if (seen.has(pair.index)) return `measurement ${pair.index} is re-measured twice`;
    seen.add(pair.index);
    const gauge = certificates.find((c) => c.gauge === measurement.gauge);
    const producerU = gauge?.expandedUncertainty ?? 0;
    const en =
      Math.abs(measurement.value - pair.value) /
      Math.sqrt(producerU ** 2 + audit.expandedUncertainty ** 2);
    if (en <= 1) agreed++;
    worstEn = Math.max(worstEn, en);
  }
  return { sampled: audit.remeasured.length, agreed, worstEn };
}
