/**
 * What the protocol-source tests share: the Chennai site of the gateway tests on a simulated
 * clock that starts at the first interval a test runs, the gateway device that describes it,
 * a SQLite evidence vault in a temp folder with a count of what it holds, and the integrity
 * plane a proof must pass.
 */
import { ProofVerifier, TrustStore } from '@mycel/kernel';
import { ENERGY_GENERATION_MODULE, mipCatalog, modulesById } from '@mycel/mips';
import type { EvidenceVault } from '@mycel/store';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import {
  type GatewayDevice,
  type GatewayError,
  type GatewayResult,
  type ProducedDay,
  SimulatedSite,
  solarDayStartMs,
} from '../../src/index.js';
import { CHENNAI, DATE, DEVICE, tempVault } from '../gateway/gateway-fixtures.js';

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
/** Solar midnight of DATE at Chennai, on the hour grid. */
export const DAY_START_MS = solarDayStartMs(DATE, CHENNAI.lon, HOUR_MS);

export const integrity = new ProofVerifier({
  trust: new TrustStore(),
  mips: mipCatalog(modulesById([ENERGY_GENERATION_MODULE])),
});

/** The site at `firstHour` after solar midnight, with lifetime counters already running. */
export function chennaiSite(firstHour: number): SimulatedSite {
  const site = SimulatedSite.create({
    system: CHENNAI,
    startMs: DAY_START_MS + firstHour * HOUR_MS,
    serial: 'INV-CHENNAI-0001',
    meterSerial: 'MTR-CHENNAI-0001',
    accumulatorStartWh: 12_345_678,
    meterStartWh: 11_000_000,
  });
  if (!site.ok) throw new Error(site.error.message);
  return site.value;
}

export const CHENNAI_DEVICE: GatewayDevice = {
  did: DEVICE.key.did,
  subject: 'device:pv-chennai',
  ratedAcPowerW: CHENNAI.ratedAcPowerW,
  nameplateDcW: CHENNAI.nameplateDcW,
  location: { lat: CHENNAI.lat, lon: CHENNAI.lon },
  commissioned: '2024-04-01',
  meterSerial: 'MTR-CHENNAI-0001',
};

/** A fresh vault and the number of evidence items it holds, read from its SQLite file. */
export async function countedVault() {
  const store = await tempVault();
  const stored = () => {
    const db = new Database(store.path, { readonly: true });
    const row = db.prepare('SELECT count(*) AS n FROM evidence_items').get() as { n: number };
    db.close();
    return row.n;
  };
  return { ...store, stored };
}

/** Every interval of `day` made a proof signed by the device, accepted by the MIP verifier, with
 * its register, meter and irradiance evidence in the vault under the device's name. */
export async function expectAcceptedDay(day: ProducedDay, vault: EvidenceVault): Promise<void> {
  expect(day.accepted).toBe(day.intervals.length);
  for (const interval of day.intervals) {
    expect(interval.outcome).toBe('proof');
    const produced = interval.produced!;
    expect(produced.assessment!.accepted).toBe(true);
    expect(produced.assessment!.result!.interval[0]).toBeGreaterThanOrEqual(0.9);
    expect(produced.proof.attestation.issuer).toBe(DEVICE.key.did);
    expect(integrity.verifyValue(produced.proof as never, interval.endMs).ok).toBe(true);
    expect(produced.proof.evidence.map((entry) => entry.mediaType)).toEqual([
      'application/vnd.mycel.energy.register+json',
      'application/vnd.mycel.energy.meter+json',
      'application/vnd.mycel.energy.irradiance+json',
    ]);
    for (const entry of produced.proof.evidence) {
      expect((await vault.describe(entry.digest))?.producer).toBe(DEVICE.key.did);
    }
  }
}

/** What a day stopped with: its own error, or the mid-day stop it returned with its intervals. */
export function stoppedBy(day: GatewayResult<ProducedDay>): GatewayError | undefined {
  return day.ok ? day.value.stopped : day.error;
}
