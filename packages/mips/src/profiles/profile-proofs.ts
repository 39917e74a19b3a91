/**
 * One proof against a profile: does it pass the kernel's integrity plane, is it the producer's,
 * is it a MIP (and exactly the version) the profile requires, does it carry every evidence role
 * the profile requires, and is its capturing identity attested well enough. A proof that passes
 * all of these is usable and counts towards its MIP's cadence.
 */
import {
  type AttestationLevel,
  type JsonValue,
  type Proof,
  type ProofVerifier,
  parseTimestamp,
  type TrustStore,
} from '@mycel/kernel';
import type { FindingList } from './profile-findings.js';
import type { ProductionProfile, ProfileMip } from './profile-schema.js';

/** Hardware roots (a TPM, a secure enclave) satisfy each other; both exceed a software key. */
const ATTESTATION_RANK: Readonly<Record<AttestationLevel, number>> = {
  software: 0,
  tpm: 1,
  'secure-enclave': 1,
};

/** What one proof amounts to for the profile. */
export type ProofStanding =
  | { readonly kind: 'usable'; readonly mip: string; readonly capturedMs: number }
  | { readonly kind: 'other-version'; readonly type: string; readonly mip: string }
  | { readonly kind: 'not-in-profile' | 'refused'; readonly mip?: string };

export interface ProofContext {
  readonly profile: ProductionProfile;
  readonly verifier: ProofVerifier;
  readonly trust: TrustStore;
  readonly producer: string | undefined;
  readonly nowMs: number;
  readonly findings: FindingList;
}

/** `mip-enr/generation-interval` of `mip-enr/generation-interval@1.0.0`. */
export function mipType(mip: string): string {
  const at = mip.indexOf('@');
  return at < 0 ? mip : mip.slice(0, at);
}

/** `proof <id>` when the proof has an id, else its place in the list. */
export function proofLabel(value: JsonValue, index: number): string {
  const id =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? value.id : undefined;
  return typeof id === 'string' ? `proof ${id}` : `proof #${index + 1}`;
}

function levelOf(trust: TrustStore, did: string): AttestationLevel {
  return trust.identity(did)?.attestation.level ?? 'software';
}

function checkRequirements(proof: Proof, entry: ProfileMip, what: string, context: ProofContext) {
  let usable = true;
  for (const role of entry.evidence) {
    if (!proof.evidence.some((evidence) => evidence.mediaType === role.mediaType)) {
      context.findings.missing(
        'profile_evidence_role_missing',
        what,
        `no ${role.role} evidence (${role.mediaType})`,
      );
      usable = false;
    }
  }
  const required = context.profile.attestation.level;
  const capturer = proof.attestation.device ?? proof.attestation.issuer;
  const level = levelOf(context.trust, capturer);
  if (ATTESTATION_RANK[level] < ATTESTATION_RANK[required]) {
    context.findings.missing(
      'profile_attestation_unmet',
      what,
      `${proof.attestation.device === undefined ? 'issuer' : 'device'} ${capturer} is attested at ${level}; the profile requires ${required}`,
    );
    usable = false;
  }
  return usable;
}

export function examineProof(
  value: JsonValue,
  index: number,
  context: ProofContext,
): ProofStanding {
  const what = proofLabel(value, index);
  const verified = context.verifier.verifyValue(value, context.nowMs);
  if (!verified.ok) {
    context.findings.missing(
      'profile_proof_invalid',
      what,
      `${verified.error.code}: ${verified.error.message}`,
    );
    return { kind: 'refused' };
  }
  const proof = verified.value.proof;
  const issuer = proof.attestation.issuer;
  if (context.producer !== undefined && issuer !== context.producer) {
    context.findings.missing(
      'profile_producer_mismatch',
      what,
      `issued by ${issuer}, not the producer ${context.producer}`,
    );
    return { kind: 'refused', mip: proof.mip };
  }
  const entry = context.profile.mips.find((candidate) => candidate.mip === proof.mip);
  if (entry === undefined) {
    const type = mipType(proof.mip);
    const sameType = context.profile.mips.some((candidate) => mipType(candidate.mip) === type);
    return sameType
      ? { kind: 'other-version', type, mip: proof.mip }
      : { kind: 'not-in-profile', mip: proof.mip };
  }
  if (!checkRequirements(proof, entry, what, context)) return { kind: 'refused', mip: proof.mip };
  return {
    kind: 'usable',
    mip: proof.mip,
    capturedMs: parseTimestamp(proof.attestation.capturedAt)!,
  };
}
