/**
 * Audits the pack drew (`shouldAudit`): the raw evidence of a drawn proof is disclosed to the
 * federation's verifier the only way K3 allows — the dispute authority opens a signed challenge
 * naming the proof's evidence digests and the verifier, the verifier signs one disclosure request
 * per digest, the vault checks both and logs each disclosure — and the verifier assesses the proof
 * again from the disclosed bytes. An audit confirms the proof when that gives the same p.
 */
import {
  buildDisclosureRequest,
  buildEvidenceChallenge,
  type JsonValue,
  type PolicyPack,
  type Signer,
  withSignature,
} from '@mycel/kernel';
import { assessProof, ENERGY_GENERATION_MODULE, modulesById } from '@mycel/mips';
import type { EvidenceVault } from '@mycel/store';
import { PRODUCER_AUDIT_CHALLENGE_TTL_MS, PRODUCER_AUDIT_DELAY_MS } from '../../limits.js';
import type { JudgedProof } from './judge-proofs.js';
import { producerFailure } from './producer-failure.js';

const ENERGY_MODULES = modulesById([ENERGY_GENERATION_MODULE]);

export interface AuditOutcome {
  readonly proofId: string;
  /** The p the verifier got from the disclosed bytes. */
  readonly p: number;
  readonly confirmed: boolean;
  /** Evidence items disclosed (each one entry in the vault's disclosure log). */
  readonly disclosed: number;
}

export async function auditProof(
  judged: JudgedProof,
  context: {
    readonly vault: EvidenceVault;
    readonly pack: PolicyPack;
    readonly authority: Signer;
    readonly verifier: Signer;
    readonly endMs: number;
  },
): Promise<AuditOutcome> {
  const atMs = context.endMs + PRODUCER_AUDIT_DELAY_MS;
  const digests = judged.proof.evidence.map((entry) => entry.digest);
  const challenge = withSignature(
    buildEvidenceChallenge({
      federation: context.pack.federation,
      authority: context.authority.key.did,
      digests,
      verifiers: [context.verifier.key.did],
      openedAt: new Date(atMs).toISOString(),
      expiresAt: new Date(atMs + PRODUCER_AUDIT_CHALLENGE_TTL_MS).toISOString(),
      reason: `audit drawn by policy pack ${context.pack.id}`,
    }),
    'evidence-challenge',
    context.authority,
  );
  await context.vault.openChallenge(challenge as unknown as JsonValue, context.pack, atMs);
  const supplied = new Map<string, Uint8Array>();
  for (const digest of digests) {
    const request = withSignature(
      buildDisclosureRequest({
        digest,
        verifier: context.verifier.key.did,
        challenge: challenge.id,
        requestedAt: new Date(atMs).toISOString(),
      }),
      'disclosure-request',
      context.verifier,
    );
    const outcome = await context.vault.disclose(
      { digest, request: request as unknown as JsonValue, nowMs: atMs },
      context.pack,
    );
    if (!outcome.granted) throw producerFailure('an audit disclosure', outcome);
    supplied.set(digest, outcome.bytes);
  }
  const again = assessProof({
    proof: judged.proof,
    pack: context.pack,
    modules: ENERGY_MODULES,
    supplied,
    verifier: context.verifier,
    nowMs: atMs,
  });
  if (!again.ok) throw producerFailure('an audit', again.error);
  const p = again.value.result?.interval[0] ?? 0;
  return { proofId: judged.proofId, p, confirmed: p === judged.p, disclosed: supplied.size };
}
