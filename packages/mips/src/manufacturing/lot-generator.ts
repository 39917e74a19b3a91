/**
 * Labelled cases of `mip-mfg/lot-conformance@1.0.0` for the calibration benchmark: honest lots
 * (a producer claims only when its own chart is in control and its recomputed Cpk meets the
 * target) and the five cheating models of lot-checks.ts. Cheaters are adaptive: each keeps only
 * series whose chart shows no signal, as an honest producer does, so the control-chart gate
 * catches none of them by luck.
 */

import {
  MFG_AUDIT_SHARE,
  MFG_CPK_INFLATION_LOW,
  MFG_CPK_MAX,
  MFG_INFLATED_DATA_MEETS_TARGET,
  MFG_SAMPLE_SIZE_MAX,
} from '../limits.js';
import { caseLabels } from '../mechanism/case-labels.js';
import type { GeneratedCase } from '../mechanism/mip-module.js';
import type { Random } from '../probability/random.js';
import { buildLotCase } from './lot-case.js';
import { MFG_CHEATING_MODELS } from './lot-checks.js';
import {
  addAudit,
  type LotOptions,
  lotCpk,
  quantise,
  type SimulatedLot,
  simulateLot,
} from './lot-simulation.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const ATTEMPTS_MAX = 400;

const round2 = (x: number) => Math.round(x * 100) / 100;

interface Drawn {
  readonly lot: SimulatedLot;
  readonly cpk: number;
}

/** Simulates until `accept` takes the lot and its chart is in control (the last try otherwise). */
function draw(
  random: Random,
  options: LotOptions,
  target: number,
  change: (lot: SimulatedLot) => void,
  accept: (cpk: number) => boolean,
): Drawn {
  let last: Drawn | undefined;
  for (let attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
    const lot = simulateLot(random, options, target);
    change(lot);
    const cpk = lotCpk(lot);
    if (cpk !== undefined) {
      last = { lot, cpk };
      if (accept(cpk)) return last;
    }
  }
  if (last === undefined) throw new Error('assertion failed: no lot in control was drawn');
  return last;
}

const honestOptions = (target: number): LotOptions => ({
  cpkLow: target - 0.1,
  cpkHigh: target + 0.9,
  turLow: 4.5,
  turHigh: 12,
});
const shortOptions = (target: number, low: number, high: number): LotOptions => ({
  cpkLow: target - low,
  cpkHigh: target - high,
  turLow: 4.5,
  turHigh: 12,
});
const keep = () => {};

function fabricate(random: Random, lot: SimulatedLot): void {
  const smooth = random.chance(0.5);
  const sigma = smooth
    ? random.uniform(0.3, 0.9) * lot.repeatability
    : (lot.usl - lot.lsl) / (6 * random.uniform(lot.target + 0.2, lot.target + 1));
  for (const m of lot.measurements)
    m.value = quantise(lot.nominal + random.normal(0, sigma), lot.resolution);
}

function expireOrWeaken(random: Random, lot: SimulatedLot): void {
  const certificate = lot.certificates[0]!;
  if (random.chance(0.5)) {
    const untilMs = lot.startMs - Math.round(random.uniform(1, 120)) * DAY_MS;
    lot.certificates[0] = {
      ...certificate,
      validFrom: new Date(untilMs - 365 * DAY_MS).toISOString(),
      validUntil: new Date(untilMs).toISOString(),
    };
  } else {
    const tur = random.uniform(1.5, 3.5);
    const expandedUncertainty = Number(((lot.usl - lot.lsl) / (2 * tur)).toPrecision(3));
    lot.certificates = lot.certificates.map((c) => ({ ...c, expandedUncertainty }));
  }
}

/** Drops the 20–40 % of subgroups that lie furthest from nominal and renumbers the rest. */
function cherryPick(random: Random, lot: SimulatedLot): number {
  const full = lot.measurements.length;
  const groups = new Map<number, typeof lot.measurements>();
  for (const m of lot.measurements) groups.set(m.subgroup, [...(groups.get(m.subgroup) ?? []), m]);
  const worst = (members: typeof lot.measurements) =>
    Math.max(...members.map((m) => Math.abs(m.value - lot.nominal)));
  const ranked = [...groups.keys()].sort((a, b) => worst(groups.get(b)!) - worst(groups.get(a)!));
  const dropped = new Set(
    ranked.slice(0, Math.max(1, Math.round(random.uniform(0.2, 0.4) * ranked.length))),
  );
  let next = -1;
  let previous = -1;
  lot.measurements = lot.measurements.filter((m) => !dropped.has(m.subgroup));
  for (const m of lot.measurements) {
    if (m.subgroup !== previous) next++;
    previous = m.subgroup;
    m.subgroup = next;
  }
  return full;
}

/** One case of `label` (honest or a cheating model). */
export function generateLotCase(random: Random, label: string): GeneratedCase {
  const target = random.pick([1.33, 1.67]);
  const atLeast = (cpk: number) => cpk >= target && cpk <= MFG_CPK_MAX;
  let drawn: Drawn;
  let claimed: number | undefined;
  let sampleSize: number | undefined;
  switch (label) {
    case 'fabricated-measurements':
      drawn = draw(
        random,
        shortOptions(target, 0.5, 0.1),
        target,
        (lot) => fabricate(random, lot),
        atLeast,
      );
      break;
    case 'out-of-calibration-gauge':
      drawn = draw(
        random,
        honestOptions(target),
        target,
        (lot) => expireOrWeaken(random, lot),
        atLeast,
      );
      break;
    case 'inflated-cpk': {
      const meets = random.chance(MFG_INFLATED_DATA_MEETS_TARGET);
      drawn = meets
        ? draw(random, honestOptions(target), target, keep, atLeast)
        : draw(random, shortOptions(target, 0.5, 0.05), target, keep, (cpk) => cpk < target);
      claimed = round2(
        Math.max(
          target + random.uniform(0, 0.3),
          drawn.cpk + random.uniform(MFG_CPK_INFLATION_LOW + 0.01, 0.6),
        ),
      );
      break;
    }
    case 'cherry-picked-subset': {
      let full = 0;
      drawn = draw(
        random,
        shortOptions(target, 0.4, 0.05),
        target,
        (lot) => {
          full = cherryPick(random, lot);
        },
        atLeast,
      );
      sampleSize = random.chance(0.5)
        ? Math.min(full, MFG_SAMPLE_SIZE_MAX)
        : drawn.lot.measurements.length;
      break;
    }
    default:
      drawn = draw(random, honestOptions(target), target, keep, atLeast);
  }
  const { lot } = drawn;
  if (label === 'inflated-part-count') {
    lot.partCount = Math.round((lot.endCycle - lot.startCycle) * random.uniform(1.05, 1.3));
  }
  if (random.chance(MFG_AUDIT_SHARE)) addAudit(random, lot);
  return buildLotCase(random, lot, {
    label,
    truth: label === 'honest',
    cpkClaimed: claimed ?? round2(drawn.cpk),
    sampleSize: sampleSize ?? lot.measurements.length,
  });
}

/** `count` cases: a share prior of honest ones, the rest split evenly among the cheating models. */
export function generateLotCases(
  random: Random,
  count: number,
  honestShare: number,
): GeneratedCase[] {
  return caseLabels(count, honestShare, MFG_CHEATING_MODELS).map((label) =>
    generateLotCase(random, label),
  );
}
