/**
 * The scale simulation at small N (200 nodes in two colonies of about 100) on the WonderNetwork
 * matrix: SWIM's real members declare a crashed node dead across its colony within a bound, a
 * joiner and a leaver become known, summaries reach every coordinator, the coordinator tables
 * are measured, and one seed gives one run.
 */
import { readFileSync } from 'node:fs';
import { parseLatencyMatrix } from '@mycel/mesh';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CHURN_AT_MS,
  CityWorld,
  Prng,
  runColony,
  runScale,
  type ScaleOptions,
  type ScaleResult,
} from '../src/index.js';

const DATA = new URL('../../mesh/data/wondernetwork-2018/', import.meta.url);
const parsed = parseLatencyMatrix(
  readFileSync(new URL('rtt_avg_ms.tsv', DATA), 'utf8'),
  readFileSync(new URL('cities.csv', DATA), 'utf8'),
);
if (!parsed.ok) throw new Error(parsed.error.message);
const matrix = parsed.value;

const SMALL: ScaleOptions = {
  matrix,
  nodes: 200,
  seed: 7,
  colonySize: 100,
  swimColonies: 2,
  durationMs: 30_000,
  publications: 3,
  fanout: 3,
  placements: 100,
};

/** SWIM with Lifeguard at these sizes: a probe period, the suspicion timeout, dissemination. */
const CRASH_BOUND_S = 25;

describe('scale simulation', () => {
  let first: ScaleResult;
  beforeAll(() => {
    first = runScale(SMALL);
  });

  it('a crashed node is known dead by every live member of its colony within the bound', () => {
    expect(first.swimColonies).toBe(2);
    expect(first.swimMembers).toBeGreaterThan(150);
    expect(first.convergenceS).toBeGreaterThan(0);
    expect(first.crashMaxS).toBeLessThan(CRASH_BOUND_S);
    expect(first.falseDead).toBe(0);
  });

  it('a joiner and a leaver become known to the colony; a summary reaches every coordinator', () => {
    expect(first.joinS).toBeGreaterThan(0);
    expect(first.joinS).toBeLessThan(30 - CHURN_AT_MS.join / 1000);
    expect(first.leaveS).toBeLessThan(30 - CHURN_AT_MS.leave / 1000);
    expect(first.unconverged).toBe(0);
    expect(first.colonies).toBe(2);
    expect(first.canopyConvergenceS).toBeLessThan(5);
  });

  it('counts messages and measures the coordinator tables', () => {
    // A ping and its ack per member per probe period, and a little more (indirect probes, syncs).
    expect(first.swimMsgsPerNodePerSec).toBeGreaterThan(1.5);
    expect(first.swimMsgsPerNodePerSec).toBeLessThan(4);
    expect(first.bytesPerNode).toBeGreaterThan(100);
    expect(first.placeUs).toBeGreaterThan(0);
    expect(first.placeUsFlat).toBeGreaterThan(0);
  });

  it('one seed gives one run; another seed another', () => {
    const again = runScale({ ...SMALL, placements: 10 });
    const deterministic = (result: ScaleResult) => ({
      convergenceS: result.convergenceS,
      joinS: result.joinS,
      leaveS: result.leaveS,
      canopyConvergenceS: result.canopyConvergenceS,
      swimMsgsPerNodePerSec: result.swimMsgsPerNodePerSec,
      canopyMsgsPerNodePerSec: result.canopyMsgsPerNodePerSec,
    });
    expect(deterministic(again)).toEqual(deterministic(first));
    const other = runScale({ ...SMALL, seed: 8, skipTables: true });
    expect(other.convergenceS).not.toBe(first.convergenceS);
  });

  it('a crash in a colony of 20 on one city is known everywhere within the bound', () => {
    const world = new CityWorld(matrix);
    const random = new Prng(3);
    const city = matrix.indexOf('Chennai') ?? 0;
    const members = Array.from({ length: 20 }, (_, n) => ({
      id: `m${n}`,
      place: { city, accessMs: 1 + n / 4 },
    }));
    const run = runColony({
      world,
      random,
      members,
      durationMs: 20_000,
      churn: [{ kind: 'crash', atMs: 2_000, member: members[5]! }],
    });
    expect(run.outcomes).toHaveLength(1);
    expect(run.outcomes[0]!.missing).toBe(0);
    expect(run.outcomes[0]!.convergedMs! / 1000).toBeLessThan(CRASH_BOUND_S);
  });
});
