/**
 * The producer federation's policy pack (K8), signed by the federation and checked the way any
 * verifier in it would check it: it pins MIP-ENR generation-interval at p ≥ 0.9 with one anchored
 * verifier, keeps raw evidence 90 days and discloses it only under a challenge, splits a
 * community microgrid's receipts 70/20/10, audits newcomers and large stakes more, and states
 * three CEL rules the gateway's proofs must also meet.
 */
import {
  buildPolicyPack,
  type CompiledPolicy,
  checkSignedPolicyPack,
  compilePolicy,
  type JsonValue,
  type PolicyPack,
  TrustStore,
  withSignature,
} from '@mycel/kernel';
import { ENERGY_GENERATION_MIP } from '@mycel/mips';
import { PRODUCER_CHALLENGE_TTL_MS, PRODUCER_EVIDENCE_RETENTION_DAYS } from '../../limits.js';
import { producerFailure } from './producer-failure.js';
import type { ProducerParties } from './producer-parties.js';

export const PRODUCER_FEDERATION = 'solar-coop.devnet';

export interface ProducerPolicy {
  readonly pack: PolicyPack;
  readonly compiled: CompiledPolicy;
}

export function producerPolicy(parties: ProducerParties, issuedAtMs: number): ProducerPolicy {
  const unsigned = buildPolicyPack({
    federation: PRODUCER_FEDERATION,
    version: 1,
    issuedAt: new Date(issuedAtMs).toISOString(),
    mips: [{ mip: ENERGY_GENERATION_MIP, settleable: true, pMin: 0.9 }],
    trustAnchors: [
      { did: parties.verifier.key.did, roles: ['verifier'] },
      { did: parties.disputeAuthority.key.did, roles: ['dispute-authority'] },
    ],
    rules: [
      { name: 'energy-positive', expression: 'proof.value > 0.0 && proof.unit == "Wh"' },
      {
        name: 'no-anchor-fails',
        expression: '!verifications.exists(v, v.anchored && v.verdict == "fail")',
      },
      { name: 'newcomer-cap', expression: 'producer.reputation >= 0.2 || stake.minor <= 100000' },
    ],
    splitDefaults: [
      { role: 'owner', bps: 7000 },
      { role: 'operator', bps: 2000 },
      { role: 'protocol', bps: 1000 },
    ],
    evidence: {
      retentionDays: PRODUCER_EVIDENCE_RETENTION_DAYS,
      onRequestTo: 'challenge-verifiers',
      challengeTtlMsMax: PRODUCER_CHALLENGE_TTL_MS,
    },
    acceptance: { verifiersK: 1, pMin: 0.9 },
    audit: {
      baseRate: 0.02,
      byReputation: [{ below: 0.5, rate: 0.2 }],
      byStake: [{ currency: 'INR', atLeastMinor: '100000', rate: 0.1 }],
    },
  });
  const signed = withSignature(unsigned, 'policy-pack', parties.federation);
  // What every verifier of the federation does before deciding by a pack.
  const identities = new Map([[PRODUCER_FEDERATION, parties.federation.key.did]]);
  const checked = checkSignedPolicyPack(
    signed as unknown as JsonValue,
    new TrustStore(),
    identities,
    issuedAtMs,
  );
  if (!checked.ok) throw producerFailure('policy pack', checked.error);
  const compiled = compilePolicy(checked.value);
  if (!compiled.ok) throw producerFailure('policy rules', compiled.error);
  return { pack: checked.value, compiled: compiled.value };
}
