/**
 * A small MIP module for the mechanism tests: `mip-test/reading@1.0.0` claims a mean temperature,
 * backed by one evidence role holding the samples. Its verifier compares the claim with the
 * samples' mean, honest (N(0, 0.2)) against "inflated by 1 to 5 °C".
 */
import { buildProof, ed25519SignerFromSeed, type Proof, type Signer } from '@mycel/kernel';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  evidenceBytes,
  evidenceEntry,
  formBelief,
  type GeneratedCase,
  likelihoodRatio,
  type MipModule,
  normalModel,
  shiftedNormalModel,
} from '../../src/index.js';

export const READING_MIP = 'mip-test/reading@1.0.0';
export const SAMPLES_TYPE = 'application/vnd.mycel.test.samples+json';
export const producer: Signer = ed25519SignerFromSeed(new Uint8Array(32).fill(21));
export const verifierKey: Signer = ed25519SignerFromSeed(new Uint8Array(32).fill(22));

const ClaimSchema = Type.Object({
  subject: Type.String(),
  predicate: Type.Literal('mean-temperature'),
  value: Type.Object({ celsius: Type.Number() }, { additionalProperties: false }),
  unit: Type.Literal('Cel'),
});
const checkClaimSchema = TypeCompiler.Compile(ClaimSchema);

export function readingCase(claimed: number, samples: number[], label = 'honest'): GeneratedCase {
  const bytes = evidenceBytes({ samples });
  const proof: Proof = buildProof({
    mip: READING_MIP,
    federation: 'devnet',
    claim: {
      subject: 'sensor-1',
      predicate: 'mean-temperature',
      value: { celsius: claimed },
      unit: 'Cel',
    },
    attestation: { issuer: producer.key.did, capturedAt: '2026-11-28T08:00:00Z' },
    evidence: [evidenceEntry(SAMPLES_TYPE, bytes, 'vault-1')],
    refs: {},
    issuedAt: '2026-11-28T08:00:00Z',
  });
  return {
    label,
    truth: label === 'honest',
    proof,
    evidence: [{ mediaType: SAMPLES_TYPE, bytes }],
    context: { nowMs: Date.UTC(2026, 10, 28, 9) },
  };
}

export const readingModule: MipModule = {
  id: READING_MIP,
  title: 'Mean temperature (test)',
  standards: [],
  claimSchema: ClaimSchema,
  predicates: ['mean-temperature'],
  evidence: [
    {
      role: 'samples',
      mediaType: SAMPLES_TYPE,
      capture: 'thermometer samples',
      calibration: 'none',
      required: true,
    },
  ],
  prior: { p: 0.8, logOddsSd: 0.2 },
  cheatingModels: ['inflated'],
  checkClaim: (claim) =>
    checkClaimSchema.Check(claim)
      ? undefined
      : (checkClaimSchema.Errors(claim).First()?.message ?? 'bad'),
  verify: ({ proof, evidence }) => {
    const samples = (evidence.get('samples') as { samples: number[] }).samples;
    const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
    const claimed = (proof.claim.value as { celsius: number }).celsius;
    const check = likelihoodRatio({
      name: 'claim-vs-samples',
      value: claimed - mean,
      honest: normalModel(0, 0.2),
      cheat: shiftedNormalModel(0, 0.2, 1, 5),
      against: 'inflated-1-5C',
    });
    return {
      ok: true,
      value: formBelief({
        method: `${READING_MIP}#mean`,
        prior: readingModule.prior,
        checks: [check],
      }),
    };
  },
  generate: (random, count) =>
    Array.from({ length: count }, () => {
      const samples = Array.from({ length: 4 }, () => random.normal(20, 0.4));
      const mean = samples.reduce((sum, x) => sum + x, 0) / 4;
      if (random.chance(0.8)) return readingCase(mean + random.normal(0, 0.2), samples);
      return readingCase(mean + random.uniform(1, 5), samples, 'inflated');
    }),
  vectors: () => [
    { name: 'honest', description: 'claim equals the mean', case: readingCase(20, [19.9, 20.1]) },
  ],
};
