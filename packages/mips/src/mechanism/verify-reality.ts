/**
 * The reality plane's front door: open the evidence a proof names (each piece must hash to its
 * digest and parse as strict JSON), match it to the MIP's evidence roles by media type, and hand
 * it to the MIP's verifier. Production verifiers, the calibration benchmark and the vectors all go
 * through verifyReality.
 */
import {
  canonicalBytes,
  digestOf,
  type Evidence,
  type JsonValue,
  type Proof,
  parseJsonBytes,
} from '@mycel/kernel';
import { EVIDENCE_BYTES_MAX } from '../limits.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import type { RealityResult } from '../probability/belief.js';
import type { GeneratedCase, MipModule, OpenedEvidence, RealityContext } from './mip-module.js';

/** Raw evidence bytes as the verifier received them, by the digest they claim to be. */
export type SuppliedEvidence = ReadonlyMap<string, Uint8Array>;

export function openEvidence(
  module: MipModule,
  proof: Proof,
  supplied: SuppliedEvidence,
): MipsResult<OpenedEvidence> {
  const opened = new Map<string, JsonValue>();
  for (let index = 0; index < proof.evidence.length; index++) {
    const entry = proof.evidence[index]!;
    const path = `/evidence/${index}`;
    const role = module.evidence.find((candidate) => candidate.mediaType === entry.mediaType);
    if (role === undefined) {
      return mipsFail(
        'evidence_role_unknown',
        `${module.id} has no role for ${entry.mediaType}`,
        path,
      );
    }
    if (opened.has(role.role)) {
      return mipsFail('evidence_role_duplicate', `a second piece of ${role.role} evidence`, path);
    }
    const bytes = supplied.get(entry.digest);
    if (bytes === undefined) {
      return mipsFail('evidence_missing', `no bytes were supplied for ${entry.digest}`, path);
    }
    if (bytes.length > EVIDENCE_BYTES_MAX) {
      return mipsFail(
        'evidence_unreadable',
        `${role.role} is over ${EVIDENCE_BYTES_MAX} bytes`,
        path,
      );
    }
    if (digestOf(bytes) !== entry.digest) {
      return mipsFail(
        'evidence_digest_mismatch',
        `the ${role.role} evidence hashes to ${digestOf(bytes)}, not ${entry.digest}`,
        path,
      );
    }
    const parsed = parseJsonBytes(bytes);
    if (!parsed.ok) {
      return mipsFail('evidence_unreadable', `${role.role}: ${parsed.error.message}`, path);
    }
    opened.set(role.role, parsed.value);
  }
  for (const role of module.evidence) {
    if (role.required && !opened.has(role.role)) {
      return mipsFail(
        'evidence_role_missing',
        `${module.id} requires ${role.role} evidence`,
        '/evidence',
      );
    }
  }
  return { ok: true, value: opened };
}

export function verifyReality(
  module: MipModule,
  proof: Proof,
  supplied: SuppliedEvidence,
  context: RealityContext,
): MipsResult<RealityResult> {
  if (proof.mip !== module.id) {
    return mipsFail(
      'mip_not_in_module',
      `the proof is ${proof.mip}, the module ${module.id}`,
      '/mip',
    );
  }
  const reason = module.checkClaim(proof.claim);
  if (reason !== undefined)
    return mipsFail('mip_claim_invalid', `${module.id}: ${reason}`, '/claim');
  const evidence = openEvidence(module, proof, supplied);
  if (!evidence.ok) return evidence;
  return module.verify({ proof, evidence: evidence.value, context });
}

/** Raw evidence bytes for a JSON value: RFC 8785 bytes, so the same value always has one digest. */
export function evidenceBytes(value: JsonValue): Uint8Array {
  return canonicalBytes(value);
}

/** The proof's evidence entry for raw bytes held in `vault`. */
export function evidenceEntry(
  mediaType: string,
  bytes: Uint8Array,
  vault: string,
  disclosure: Evidence['disclosure'] = 'on-request',
): Evidence {
  return { digest: digestOf(bytes), mediaType, vault, disclosure };
}

/** Verifies a generated case through verifyReality, supplying its evidence by digest. */
export function verifyCase(module: MipModule, generated: GeneratedCase): MipsResult<RealityResult> {
  const supplied = new Map(generated.evidence.map((piece) => [digestOf(piece.bytes), piece.bytes]));
  return verifyReality(module, generated.proof, supplied, generated.context);
}
