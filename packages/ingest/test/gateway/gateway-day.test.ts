/**
 * The gateway end to end over real Modbus TCP on loopback: the simulated microgrid at Chennai,
 * the SunSpec reader, evidence in a SQLite evidence vault, proofs signed by the device's key and
 * assessed by the MIP-ENR verifier. The honest inverter's intervals are accepted with p's lower
 * bound ≥ 0.9; the inflating inverter's are refused with the verifier's reasons; a wrong scale
 * factor and a device that goes away mid-day make no proof and store nothing for that interval.
 */

import { ProofVerifier, TrustStore } from '@mycel/kernel';
import { ENERGY_GENERATION_MODULE, mipCatalog, modulesById } from '@mycel/mips';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  produceDay,
  type SimulatedMicrogridOptions,
  solarDayStartMs,
  startSimulatedMicrogrid,
} from '../../src/index.js';
import {
  CHEAT_DEVICE,
  CHENNAI,
  DATE,
  DEVICE,
  PACK,
  tempVault,
  VERIFIER,
} from './gateway-fixtures.js';

const HOUR_MS = 3_600_000;
const integrity = new ProofVerifier({
  trust: new TrustStore(),
  mips: mipCatalog(modulesById([ENERGY_GENERATION_MODULE])),
});
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function run(
  options: Partial<SimulatedMicrogridOptions>,
  firstInterval: number,
  intervals: number,
) {
  const signer = options.signer ?? DEVICE;
  const grid = await startSimulatedMicrogrid({
    system: CHENNAI,
    startMs: solarDayStartMs(DATE, CHENNAI.lon, HOUR_MS),
    signer,
    accumulatorStartWh: 12_345_678,
    meterStartWh: 11_000_000,
    ...options,
  });
  if (!grid.ok) throw new Error(grid.error.message);
  closers.push(() => grid.value.close());
  const store = await tempVault();
  closers.push(() => store.done());
  const day = await produceDay({
    clock: grid.value.site,
    source: grid.value.reader,
    date: DATE,
    firstInterval,
    intervals,
    device: grid.value.device,
    signer,
    vault: store.vault,
    pack: PACK,
    verifier: VERIFIER,
  });
  const stored = () => {
    const db = new Database(store.path, { readonly: true });
    const count = (db.prepare('SELECT count(*) AS n FROM evidence_items').get() as { n: number }).n;
    db.close();
    return count;
  };
  return { grid: grid.value, store, day, stored };
}

describe('gateway: SunSpec readings to MIP-ENR proofs', () => {
  it("accepts an honest inverter's hours from morning to afternoon, p lower bound ≥ 0.9", async () => {
    const { day, store, stored } = await run({}, 7, 6);
    expect(day.ok).toBe(true);
    if (!day.ok) return;
    expect(day.value.intervals).toHaveLength(6);
    expect(day.value.accepted).toBe(6);
    for (const interval of day.value.intervals) {
      const produced = interval.produced!;
      expect(produced.assessment!.accepted).toBe(true);
      expect(produced.assessment!.result!.interval[0]).toBeGreaterThanOrEqual(0.9);
      const { proof } = produced;
      expect(proof.attestation.issuer).toBe(DEVICE.key.did);
      const signature = proof.signatures[0]!;
      expect(signature.kid.startsWith(DEVICE.key.did)).toBe(true);
      expect(integrity.verifyValue(proof as never, interval.endMs).ok).toBe(true);
      expect(proof.evidence.map((entry) => entry.mediaType)).toEqual([
        'application/vnd.mycel.energy.register+json',
        'application/vnd.mycel.energy.meter+json',
        'application/vnd.mycel.energy.irradiance+json',
      ]);
      for (const entry of proof.evidence) {
        expect(Object.keys(entry).sort()).toEqual(['digest', 'disclosure', 'mediaType', 'vault']);
        expect((await store.vault.describe(entry.digest))?.producer).toBe(DEVICE.key.did);
      }
    }
    expect(stored()).toBe(18);
    expect(day.value.claimedWh).toBeGreaterThan(30_000);
  });

  it("refuses an inflating inverter's intervals (×1.3) with the verifier's reasons", async () => {
    const { day } = await run({ inflate: 1.3, signer: CHEAT_DEVICE }, 8, 4);
    expect(day.ok).toBe(true);
    if (!day.ok) return;
    expect(day.value.accepted).toBe(0);
    expect(day.value.refused).toBe(4);
    for (const interval of day.value.intervals) {
      const assessment = interval.produced!.assessment!;
      expect(assessment.accepted).toBe(false);
      expect(assessment.reason).toMatch(/^verdict fail/);
      const checks = new Map(assessment.result!.checks.map((c) => [c.name, c.logLikelihoodRatio]));
      expect(checks.get('inverter-meter-agreement')!).toBeLessThan(-2);
      expect(checks.get('irradiance-ratio')!).toBeLessThan(-2);
    }
  });

  it('refuses a WH_SF a decade wrong with gateway_energy_implausible and stores nothing', async () => {
    const { day, stored } = await run({ wrongScaleFactor: 1 }, 9, 2);
    expect(day.ok).toBe(true);
    if (!day.ok) return;
    for (const interval of day.value.intervals) {
      expect(interval.outcome).toBe('refused');
      expect(interval.error!.code).toBe('gateway_energy_implausible');
      expect(interval.produced).toBeUndefined();
    }
    expect(stored()).toBe(0);
  });

  it('refuses a WH_SF outside -10..10 at the source: no proof, nothing stored', async () => {
    const { day, stored } = await run({ wrongScaleFactor: 0x8000 }, 9, 1);
    expect(!day.ok && day.error.code).toBe('gateway_source_failed');
    expect(!day.ok && day.error.message).toMatch(/^sunspec_scale_factor_invalid/);
    expect(stored()).toBe(0);
  });

  it('stops with gateway_source_failed when the device goes away mid-interval, keeping the hour before', async () => {
    const grid = await startSimulatedMicrogrid({
      system: CHENNAI,
      startMs: solarDayStartMs(DATE, CHENNAI.lon, HOUR_MS) + 9 * HOUR_MS,
      signer: DEVICE,
      accumulatorStartWh: 1_000_000,
      meterStartWh: 900_000,
    });
    if (!grid.ok) throw new Error(grid.error.message);
    closers.push(() => grid.value.close());
    const store = await tempVault();
    closers.push(() => store.done());
    // One interval is 13 polls of three units; the device leaves during the second interval.
    grid.value.server.stopAfterReads(3 * 13 + 3 * 5 + 1);
    const day = await produceDay({
      clock: grid.value.site,
      source: grid.value.reader,
      date: DATE,
      firstInterval: 9,
      intervals: 2,
      device: grid.value.device,
      signer: DEVICE,
      vault: store.vault,
      pack: PACK,
      verifier: VERIFIER,
    });
    // The first interval stands (signed, stored, returned); the day stops in the second.
    expect(day.ok).toBe(true);
    if (!day.ok) return;
    expect(day.value.intervals.map((interval) => interval.outcome)).toEqual(['proof', 'refused']);
    expect(day.value.stopped?.code).toBe('gateway_source_failed');
    expect(day.value.stopped?.message).toMatch(/^modbus_connection_lost/);
    expect(day.value.intervals[1]!.error).toEqual(day.value.stopped);
    const db = new Database(store.path, { readonly: true });
    const items = (db.prepare('SELECT count(*) AS n FROM evidence_items').get() as { n: number }).n;
    db.close();
    expect(items).toBe(3);
  });
});
