/** Producers, adverts and outcomes the registry conformance suite uses. */
import {
  buildCapabilityAdvert,
  CAPABILITY_KIND,
  type CapabilityAdvert,
  type CapabilityAdvertFields,
  contentId,
  ed25519SignerFromSeed,
  type Signer,
  withSignature,
} from '@mycel/kernel';
import type {
  CapabilityRegistry,
  RegistryOutcome,
} from '../../src/registry/capability-registry.js';

export interface FreshRegistry {
  readonly registry: CapabilityRegistry;
  /** Row counts of every registry table, read past the registry (to see nothing was lost). */
  counts(): Promise<Record<string, number>>;
}

export interface RegistryHarness {
  /** A registry on fresh, empty tables. */
  fresh(): Promise<FreshRegistry>;
  cleanup(): Promise<void>;
}

export const REGISTRY_TABLES = [
  'registry_adverts',
  'registry_advert_mips',
  'registry_outcomes',
  'registry_track_records',
] as const;

export const ENERGY = 'mip-energy/generation-interval@1.0.0';
export const MFG = 'mip-manufacturing/lot-conformance@1.0.0';
export const NOW_MS = Date.parse('2026-06-15T12:00:00Z');

export const BENGALURU = { lat: 12.9716, lon: 77.5946, label: 'Bengaluru' };
export const MYSURU = { lat: 12.2958, lon: 76.6394, label: 'Mysuru' };
export const BERLIN = { lat: 52.52, lon: 13.405, label: 'Berlin' };

export function producer(seed: number): Signer {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(seed));
}

export function advert(
  signer: Signer,
  change: Partial<CapabilityAdvertFields> = {},
): CapabilityAdvert {
  const fields: CapabilityAdvertFields = {
    federation: 'in.karnataka',
    producer: signer.key.did,
    profile: 'microgrid',
    mips: [ENERGY],
    interfaces: ['modbus-tcp-sunspec'],
    locality: BENGALURU,
    price: { minor: '850', currency: 'INR', unit: 'kWh' },
    issuedAt: '2026-06-01T00:00:00Z',
    expiresAt: '2026-07-01T00:00:00Z',
    ...change,
  };
  return withSignature(buildCapabilityAdvert(fields), CAPABILITY_KIND, signer);
}

let proofCounter = 0;

/** An outcome of a new proof (a fresh proofId each call). */
export function outcome(signer: Signer, change: Partial<RegistryOutcome> = {}): RegistryOutcome {
  proofCounter += 1;
  return {
    proofId: contentId({ proof: proofCounter, at: process.pid }),
    producer: signer.key.did,
    mip: ENERGY,
    accepted: true,
    p: 0.97,
    at: '2026-06-10T10:00:00Z',
    ...change,
  };
}

/** Records `count` accepted proofs of confidence `p`. */
export async function history(
  registry: CapabilityRegistry,
  signer: Signer,
  count: number,
  p = 0.97,
): Promise<void> {
  for (let i = 0; i < count; i++) await registry.recordOutcome(outcome(signer, { p }));
}
