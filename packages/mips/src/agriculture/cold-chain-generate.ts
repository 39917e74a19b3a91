/**
 * Synthetic labelled shipments for `mip-agr/cold-chain-custody@1.0.0`. Honest: the product's
 * temperature follows an AR(1) walk around a set point well inside the range (never closer than
 * 0.3 °C to a bound), read by a logger with noise of sd accuracy/2 on a 15 or 30 min grid; 15 %
 * of loggers miss one run of 1–2 readings; each receiver probes the product at the dock (the core
 * temperature at the nearest reading, sd 0.3 °C). Cheating models (truth false), each as the
 * checks model it: excursion-gap (5–12 consecutive readings deleted to hide an excursion),
 * replayed-readings (another shipment's readings: 40 % another logger id, 40 % times off the
 * window, 20 % re-stamped cleanly), broken-custody (an unrecorded, renamed or overlapping
 * hand-off) and offset-down (an excursion's readings shifted down by a constant until the highs
 * fit; the dock probes still read the product).
 */
import { formatTimestamp, type JsonValue } from '@mycel/kernel';
import { caseLabels } from '../mechanism/case-labels.js';
import type { GeneratedCase, VectorCase } from '../mechanism/mip-module.js';
import { type Random, seededRandom } from '../probability/random.js';
import { AGRICULTURE_PARTIES, packCase } from './agriculture-parts.js';
import { COLD_CHAIN_CHEATS, COLD_CHAIN_PRIOR } from './cold-chain-checks.js';
import {
  COLD_CHAIN_EVENTS_MEDIA,
  COLD_CHAIN_LOGGER_MEDIA,
  COLD_CHAIN_MIP,
  COLD_CHAIN_PREDICATE,
  COLD_CHAIN_PROBE_METADATA,
  COLD_CHAIN_UNIT,
} from './cold-chain-schema.js';

const HOUR = 3_600_000;
const RANGES: ReadonlyArray<readonly [number, number]> = [
  [2, 8],
  [2, 8],
  [15, 25],
];

interface Plan {
  lowC: number;
  highC: number;
  intervalMs: number;
  accuracyC: number;
  startMs: number;
  endMs: number;
  /** Shipping and receiving times, alternating, first = start, last = end. */
  stamps: number[];
}

function plan(random: Random, legs: number): Plan {
  const [lowC, highC] = random.pick(RANGES);
  const intervalMs = random.pick([900, 1800]) * 1000;
  const startMs = Date.UTC(2026, 6, 1) + random.integer(0, 120 * 24 * 3600) * 1000;
  const parts = Array.from({ length: 2 * legs - 1 }, (_, i) =>
    i % 2 === 0 ? random.uniform(8, 14) : random.uniform(0.5, 3),
  );
  const stamps = [startMs];
  for (const hours of parts) stamps.push(stamps.at(-1)! + Math.round(hours * 3600) * 1000);
  return {
    lowC,
    highC,
    intervalMs,
    accuracyC: random.pick([0.2, 0.3, 0.5]),
    startMs,
    endMs: stamps.at(-1)!,
    stamps,
  };
}

/** Grid times from just after the start to the end, one per logging interval. */
function gridTimes(random: Random, p: Plan): number[] {
  const times: number[] = [];
  for (
    let t = p.startMs + random.integer(1, p.intervalMs / 1000) * 1000;
    t <= p.endMs;
    t += p.intervalMs
  ) {
    times.push(t);
  }
  return times;
}

/** AR(1) product temperatures around `meanC`, clipped to [clipLow, clipHigh]. */
function walk(random: Random, n: number, meanC: number, clip: readonly [number, number]): number[] {
  const sd = random.uniform(0.3, 0.8);
  const rho = 0.95;
  const out: number[] = [];
  let x = meanC + random.normal(0, sd);
  for (let i = 0; i < n; i++) {
    x = meanC + rho * (x - meanC) + random.normal(0, sd * Math.sqrt(1 - rho * rho));
    out.push(Math.min(clip[1], Math.max(clip[0], x)));
  }
  return out;
}

function honestTemps(random: Random, p: Plan, n: number): number[] {
  const mean = random.uniform(p.lowC + 1.5, p.highC - 1.5);
  return walk(random, n, mean, [p.lowC + 0.3, p.highC - 0.3]);
}

/** Deletes `count` consecutive entries at an interior position (keeps two at each end). */
function dropRun<T>(random: Random, items: T[], count: number): T[] {
  const at = random.integer(2, Math.max(2, items.length - count - 2));
  return [...items.slice(0, at), ...items.slice(at + count)];
}

interface Built {
  readonly loggerId: string;
  readonly custodians: string[];
  readonly eventCustodians: string[];
  readonly stamps: number[];
  readonly readings: Array<{ t: number; c: number; device: string }>;
  /** The receiving custodian's dock probe reading at each receiving event, by stamp index. */
  readonly probes: Map<number, number>;
}

function build(random: Random, label: string, p: Plan, legs: number): Built {
  const loggerId = `logger-${random.integer(100000, 999999)}`;
  const custodians = [...AGRICULTURE_PARTIES].sort(() => random.next() - 0.5).slice(0, legs + 1);
  const eventCustodians = p.stamps.map((_, i) => custodians[Math.ceil(i / 2)]!);
  const times = gridTimes(random, p);
  let temps: number[];
  let shift = 0;
  if (label === 'offset-down') {
    const raw = walk(random, times.length, random.uniform(p.highC - 1, p.highC + 1), [-99, 99]);
    const top = Math.max(...raw, p.highC + 0.3);
    shift = top - p.highC + random.uniform(0.3, 2.5);
    temps = raw.map((c) => c - shift);
  } else {
    temps = honestTemps(random, p, times.length);
  }
  let readings = times.map((t, i) => ({
    t,
    core: temps[i]! + (label === 'offset-down' ? shift : 0),
    c: Math.round((temps[i]! + random.normal(0, p.accuracyC / 2)) * 100) / 100,
    device: loggerId,
  }));
  if (label === 'excursion-gap') {
    readings = dropRun(random, readings, random.integer(5, 12));
  } else if (random.chance(0.15)) {
    readings = dropRun(random, readings, random.integer(1, 2));
  }
  const stamps = [...p.stamps];
  if (label === 'replayed-readings') {
    const variant = random.next();
    if (variant < 0.4) {
      const other = `logger-${random.integer(100000, 999999)}`;
      readings = readings.map((r) => ({ ...r, device: other }));
    } else if (variant < 0.8) {
      const shift = random.pick([-1, 1]) * Math.round(random.uniform(1, 6) * 3600) * 1000;
      readings = readings.map((r) => ({ ...r, t: r.t + shift }));
    }
  }
  const claimed = [...custodians];
  if (label === 'broken-custody') {
    const variant = legs >= 2 ? random.integer(0, 2) : random.integer(0, 1);
    const stranger = AGRICULTURE_PARTIES.find((d) => !custodians.includes(d))!;
    if (variant === 0) {
      eventCustodians[2 * random.integer(0, legs - 1) + 1] = stranger;
    } else if (variant === 1) {
      claimed[random.integer(1, legs)] = stranger;
    } else {
      const leg = random.integer(1, legs - 1);
      stamps[2 * leg] = stamps[2 * leg - 1]! - Math.round(random.uniform(0.2, 2) * HOUR);
    }
  }
  // Each receiver probes the product: the core temperature of the reading nearest in time.
  const probes = new Map<number, number>();
  for (let i = 1; i < stamps.length; i += 2) {
    const near = readings.reduce((a, r) =>
      Math.abs(r.t - stamps[i]!) < Math.abs(a.t - stamps[i]!) ? r : a,
    );
    probes.set(i, Math.round((near.core + random.normal(0, 0.3)) * 100) / 100);
  }
  return { loggerId, custodians: claimed, eventCustodians, stamps, readings, probes };
}

function probeElement(valueC: number | undefined, t: number, i: number): JsonValue[] {
  if (valueC === undefined) return [];
  return [
    {
      sensorMetadata: { deviceID: `probe-${i}`, deviceMetadata: COLD_CHAIN_PROBE_METADATA },
      sensorReport: [
        { type: 'gs1:Temperature', value: valueC, uom: COLD_CHAIN_UNIT, time: formatTimestamp(t) },
      ],
    },
  ];
}

function caseOf(random: Random, label: string): GeneratedCase {
  const legs = random.integer(1, 3);
  const p = plan(random, legs);
  const b = build(random, label, p, legs);
  const prefix = String(random.integer(1000000, 9999999));
  const subject = `urn:epc:id:sscc:${prefix}.${String(random.integer(0, 999_999_999)).padStart(10, '0')}`;
  const events: JsonValue[] = b.stamps.map((t, i) => {
    const shipping = i % 2 === 0;
    // A receiving event carries the readings since the previous receiving (the last, all after).
    const from = i === 1 ? Number.NEGATIVE_INFINITY : b.stamps[i - 2]!;
    const to = i === b.stamps.length - 1 ? Number.POSITIVE_INFINITY : t;
    const mine = shipping ? [] : b.readings.filter((r) => r.t > from && r.t <= to);
    return {
      type: 'ObjectEvent',
      eventTime: formatTimestamp(t),
      epcList: [subject],
      action: 'OBSERVE',
      bizStep: shipping ? 'shipping' : 'receiving',
      readPoint: { id: `urn:epc:id:sgln:${prefix}.${String(i).padStart(5, '0')}.0` },
      bizLocation: { id: `urn:epc:id:sgln:${prefix}.${String(i).padStart(5, '0')}.1` },
      'mycel:custodian': b.eventCustodians[i]!,
      ...(shipping
        ? {}
        : {
            sensorElementList: [
              ...[...new Set(mine.map((r) => r.device))].map(
                (device): JsonValue => ({
                  sensorMetadata: { deviceID: device },
                  sensorReport: mine
                    .filter((r) => r.device === device)
                    .map((r) => ({
                      type: 'gs1:Temperature',
                      value: r.c,
                      uom: COLD_CHAIN_UNIT,
                      time: formatTimestamp(r.t),
                    })),
                }),
              ),
              ...probeElement(b.probes.get(i), t, i),
            ],
          }),
    };
  });
  const logger = {
    loggerId: b.loggerId,
    accuracyC: p.accuracyC,
    loggingIntervalS: p.intervalMs / 1000,
    calibrationValidUntil: formatTimestamp(p.endMs + random.integer(30, 300) * 24 * HOUR),
  };
  return packCase({
    mip: COLD_CHAIN_MIP,
    label,
    truth: label === 'honest',
    claim: {
      subject,
      predicate: COLD_CHAIN_PREDICATE,
      value: { lowC: p.lowC, highC: p.highC, custodians: b.custodians },
      unit: COLD_CHAIN_UNIT,
      window: { start: formatTimestamp(p.startMs), end: formatTimestamp(p.endMs) },
    },
    issuer: b.custodians.at(-1)!,
    capturedAtMs: p.endMs,
    nowMs: p.endMs + 24 * HOUR,
    documents: [
      [
        COLD_CHAIN_EVENTS_MEDIA,
        { type: 'EPCISDocument', schemaVersion: '2.0', epcisBody: { eventList: events } },
      ],
      [COLD_CHAIN_LOGGER_MEDIA, logger],
    ],
  });
}

/** `count` cases: 80 % honest (the prior), the rest evenly over the cheating models. */
export function coldChainCases(random: Random, count: number): GeneratedCase[] {
  return caseLabels(count, COLD_CHAIN_PRIOR.p, COLD_CHAIN_CHEATS).map((label) =>
    caseOf(random, label),
  );
}

/** One case of `label` from a fixed seed. */
export function coldChainCase(label: string, seed: number): GeneratedCase {
  return caseOf(seededRandom(seed), label);
}

export function coldChainVectors(): VectorCase[] {
  return [
    {
      name: 'cold-chain-honest',
      description: 'an honest 2–8 °C shipment',
      case: coldChainCase('honest', 11),
    },
    {
      name: 'cold-chain-excursion-gap',
      description: 'readings deleted to hide an excursion',
      case: coldChainCase('excursion-gap', 12),
    },
    {
      name: 'cold-chain-replayed',
      description: "another shipment's readings",
      case: coldChainCase('replayed-readings', 13),
    },
    {
      name: 'cold-chain-broken-custody',
      description: 'an unrecorded hand-off',
      case: coldChainCase('broken-custody', 14),
    },
    {
      name: 'cold-chain-offset-down',
      description: 'edge: an excursion shifted down by a constant',
      case: coldChainCase('offset-down', 15),
    },
  ];
}
