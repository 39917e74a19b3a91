/**
 * A certifiable example of a profile's output, made by the MIPs' own scenario builders: for the
 * microgrid, one simulated device's daylight hours as signed generation-interval proofs (each
 * with register, meter and irradiance evidence) and its signed capability advert. `mycel profile
 * example` writes it to files, so the certify examples in the docs run as pasted; the tests use
 * it as their honest producer. The accumulators carry on from hour to hour, as a real
 * inverter's do.
 */
import {
  buildCapabilityAdvert,
  buildProof,
  CAPABILITY_KIND,
  type CapabilityAdvert,
  formatTimestamp,
  type Proof,
  type Signer,
  signProof,
  withSignature,
} from '@mycel/kernel';
import { caseFromScenario, honestScenario } from '../energy/energy-scenario.js';
import { type SimDevice, sampleDevice, simulateSeries } from '../energy/energy-simulation.js';
import { ENERGY_SAMPLE_CADENCE_MS } from '../limits/energy.js';
import { PROFILE_CADENCE_PERIOD_MS } from '../limits/profiles.js';
import { seededRandom } from '../probability/random.js';
import type { ProductionProfile } from './profile-schema.js';

const HOUR_MS = PROFILE_CADENCE_PERIOD_MS.hour;
/** Daylight hours the example covers, either side of solar noon. */
const EXAMPLE_HOURS_FROM_NOON = [-4, -3, -2, -1, 0, 1, 2, 3] as const;
/** How long after its last interval the example is certified: the last proof has arrived. */
const EXAMPLE_SETTLE_MS = 10 * 60_000;
/** How long the example's advert is valid. */
const EXAMPLE_ADVERT_VALIDITY_MS = 30 * PROFILE_CADENCE_PERIOD_MS.day;

export interface ExampleEvidence {
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

export interface ProfileExample {
  readonly proofs: readonly Proof[];
  /** Raw evidence of each proof, in the order of `proofs`. */
  readonly evidence: readonly (readonly ExampleEvidence[])[];
  readonly advert: CapabilityAdvert;
  /** Ten minutes after the last interval ends: certify as of this time. */
  readonly nowMs: number;
}

export interface ExampleOptions {
  /** Seed of the simulated device and weather (default 1). */
  readonly seed?: number;
  /** Midnight UTC of the day to simulate (default 2026-06-21). */
  readonly dayMs?: number;
  readonly federation?: string;
}

function reissued(proof: Proof, signer: Signer, federation: string): Proof {
  const { v: _v, id: _id, signatures: _s, verifications: _r, ...body } = proof;
  const issuer = signer.kid.slice(0, signer.kid.indexOf('#'));
  const built = buildProof({ ...body, federation, attestation: { ...body.attestation, issuer } });
  const signed = signProof(built, signer);
  if (!signed.ok) throw new Error(`assertion failed: ${signed.error.message}`);
  return signed.value;
}

/** The energy the device exports over `minutes` of `powerW` from `fromMinute`, in Wh. */
function energyWh(powerW: readonly number[], fromMinute: number, minutes: number): number {
  let sum = 0;
  for (let minute = fromMinute; minute < fromMinute + minutes; minute++) sum += powerW[minute] ?? 0;
  return sum / 60;
}

/** The microgrid example: `signer` is the producer. */
export function microgridExample(
  profile: ProductionProfile,
  signer: Signer,
  options: ExampleOptions = {},
): ProfileExample {
  const random = seededRandom(options.seed ?? 1);
  const federation = options.federation ?? 'devnet';
  const dayMs = options.dayMs ?? Date.UTC(2026, 5, 21);
  let device: SimDevice = sampleDevice(random, 0);
  const noonMs = dayMs + Math.round((12 - device.site.lon / 15) * 4) * (HOUR_MS / 4);
  const proofs: Proof[] = [];
  const evidence: ExampleEvidence[][] = [];
  const leadMinutes = ENERGY_SAMPLE_CADENCE_MS / 60_000;
  for (const offset of EXAMPLE_HOURS_FROM_NOON) {
    const startMs = noonMs + offset * HOUR_MS;
    const endMs = startMs + HOUR_MS;
    const series = simulateSeries(random, device, startMs - ENERGY_SAMPLE_CADENCE_MS, 65, 'clear');
    const scenario = honestScenario(random, device, series, startMs, endMs, {
      meter: true,
      sameLogger: false,
      irradiance: true,
    });
    const generated = caseFromScenario(scenario, 'honest');
    proofs.push(reissued(generated.proof, signer, federation));
    evidence.push(generated.evidence.map((piece) => ({ ...piece })));
    const exported = energyWh(series.powerW, leadMinutes, 60);
    device = {
      ...device,
      accumulatorStartWh: device.accumulatorStartWh + exported * (1 + device.inverterBias),
      meterStartWh:
        device.meterStartWh + exported * (1 - device.meterLoss) * (1 + device.meterBias),
    };
  }
  const issuedMs = dayMs;
  const producer = signer.kid.slice(0, signer.kid.indexOf('#'));
  const site = device.site;
  const advert = buildCapabilityAdvert({
    federation,
    producer,
    profile: profile.id,
    mips: profile.mips.map((entry) => entry.mip),
    interfaces: [...profile.interfaces],
    locality: {
      lat: site.lat,
      lon: site.lon,
      label: site.name[0]!.toUpperCase() + site.name.slice(1),
    },
    price: { minor: '12', currency: 'EUR', unit: profile.advert.priceUnit },
    capacity: { amount: Math.round(device.ratedAcPowerW / 1000), unit: 'kWh', per: 'hour' },
    issuedAt: formatTimestamp(issuedMs),
    expiresAt: formatTimestamp(issuedMs + EXAMPLE_ADVERT_VALIDITY_MS),
  });
  return {
    proofs,
    evidence,
    advert: withSignature(advert, CAPABILITY_KIND, signer),
    nowMs: noonMs + (EXAMPLE_HOURS_FROM_NOON.at(-1)! + 1) * HOUR_MS + EXAMPLE_SETTLE_MS,
  };
}
