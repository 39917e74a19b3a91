/**
 * Canopy test fixtures: coordinators with seeded keys, a federation pack naming them, and a
 * summary builder with sensible defaults.
 */
import {
  buildPolicyPack,
  ed25519SignerFromSeed,
  type PolicyPack,
  type Signer,
  TrustStore,
} from '@mycel/kernel';
import {
  buildSummary,
  type CanopySummary,
  type CanopyTrust,
  identityOf,
  type SummaryFields,
} from '@mycel/mesh';

export const NOW = 1_800_000_000_000;

export function signerOf(seed: number): Signer {
  return ed25519SignerFromSeed(new Uint8Array(32).fill(seed));
}

export const MUMBAI = signerOf(41);
export const CHENNAI = signerOf(42);
export const OUTSIDER = signerOf(43);

export const PACK: PolicyPack = buildPolicyPack({
  federation: 'in.south',
  version: 1,
  issuedAt: '2026-11-01T00:00:00Z',
  mips: [],
  trustAnchors: [],
  coordinators: [
    { did: identityOf(MUMBAI), colony: 'mumbai' },
    { did: identityOf(CHENNAI), colony: 'chennai' },
  ],
});

export function trust(packs?: readonly PolicyPack[]): CanopyTrust {
  return {
    store: new TrustStore(),
    ...(packs === undefined
      ? {}
      : { packs: new Map(packs.map((pack) => [pack.federation, pack])) }),
  };
}

export function fields(overrides: Partial<SummaryFields> = {}): SummaryFields {
  return {
    url: 'http://127.0.0.1:7401',
    federation: 'in.south',
    colony: 'chennai',
    seq: 1,
    issuedAtMs: NOW,
    capacity: { interactive: { free: 3, total: 8 }, batch: { free: 0, total: 4 } },
    warmAgents: ['tutor'],
    prices: [{ currency: 'INR', minMinor: '1', maxMinor: '4' }],
    coordinate: { vector: [10, 0], height: 1, error: 0.2 },
    ...overrides,
  };
}

export function summary(
  overrides: Partial<SummaryFields> = {},
  signer: Signer = CHENNAI,
): CanopySummary {
  const all = fields(overrides);
  // `coordinate: undefined` in the overrides means a summary without one.
  if (Object.hasOwn(overrides, 'coordinate') && overrides.coordinate === undefined) {
    const { coordinate: _none, ...rest } = all;
    return buildSummary(rest, signer);
  }
  return buildSummary(all, signer);
}
