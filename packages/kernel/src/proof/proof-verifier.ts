/**
 * The integrity plane for proof envelopes: pure and deterministic. Given the same bytes, trust
 * store and `nowMs`, every verifier returns the same verdict (K2): either the verified proof or
 * the stable code of the first broken rule. Cheap rules run before signature checks.
 * Rules, in order (docs/spec/proof-envelope.md §Integrity rules):
 *   size → JSON → version → evidence locality (K3) → MIP id → schema → id (K2) → times →
 *   issuer and device signed, device chain and calibration at capturedAt (K1) →
 *   signatures at issuedAt → attached verifications (K4) → MIP (K6)
 */

import type { TrustStore } from '../identity/trust-store.js';
import { checkAttributableIdentity } from '../invariants/k1-attributable-identity.js';
import { type CanonicalText, checkContentId } from '../invariants/k2-deterministic-integrity.js';
import { checkEvidenceLocality } from '../invariants/k3-evidence-locality.js';
import { checkTypedNeutrality } from '../invariants/k6-typed-neutrality.js';
import { readCanonicalJsonBytes } from '../json/parse-json-bytes.js';
import type { JsonValue } from '../json/strict-json.js';
import { CLOCK_SKEW_MS_MAX, PROOF_BYTES_MAX } from '../limits.js';
import { EMPTY_MIP_CATALOG, type MipCatalog } from '../mip/mip-catalog.js';
import { parseMipId } from '../mip/mip-id.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import { PROOF_UNSIGNED_FIELDS } from './build-proof.js';
import { PROOF_VERSION, type Proof, ProofSchema } from './proof-schema.js';
import { checkAttachedVerifications } from './verification-check.js';

export interface VerifiedProof {
  readonly proof: Proof;
  readonly id: string;
  /** RFC 8785 bytes of the whole envelope as verified: what a log stores and hashes as a leaf. */
  readonly canonical: Uint8Array;
  readonly issuedAtMs: number;
  /** Identities whose signatures verified. */
  readonly signers: readonly string[];
  /** K6: whether the verifier's MIP catalog knows this MIP, and so whether it may be settled. */
  readonly mipKnown: boolean;
  readonly settleable: boolean;
}

export interface ProofVerifierOptions {
  readonly trust: TrustStore;
  readonly mips?: MipCatalog;
}

const checkProofSchema = compileSchema(ProofSchema);

export class ProofVerifier {
  private readonly trust: TrustStore;
  private readonly mips: MipCatalog;

  constructor(options: ProofVerifierOptions) {
    this.trust = options.trust;
    this.mips = options.mips ?? EMPTY_MIP_CATALOG;
  }

  /** Verifies proof bytes as received (attacker-controlled). */
  verifyBytes(bytes: Uint8Array, nowMs: number): Result<VerifiedProof> {
    if (bytes.length > PROOF_BYTES_MAX) {
      return fail(
        'proof_oversize',
        `a proof is at most ${PROOF_BYTES_MAX} bytes, got ${bytes.length}`,
      );
    }
    const read = readCanonicalJsonBytes(bytes);
    if (!read.ok) return read;
    return this.verifyRead(read.value.value, read.value, nowMs);
  }

  /** Verifies a value already parsed (e.g. built in memory); serialises it canonically first. */
  verifyValue(value: JsonValue, nowMs: number): Result<VerifiedProof> {
    return this.verifyRead(value, undefined, nowMs);
  }

  private verifyRead(
    value: JsonValue,
    text: CanonicalText | undefined,
    nowMs: number,
  ): Result<VerifiedProof> {
    const shaped = checkShape(value);
    if (!shaped.ok) return shaped;
    const proof = shaped.value;
    const id = checkContentId(proof, 'proof_id_mismatch', PROOF_UNSIGNED_FIELDS, text);
    if (!id.ok) return id;
    const issuedAtMs = checkTimes(proof, nowMs);
    if (!issuedAtMs.ok) return issuedAtMs;
    const attributable = checkAttributableIdentity(proof, this.trust);
    if (!attributable.ok) return attributable;
    const signers = this.trust.verifySignatures(
      proof.signatures,
      'proof',
      proof.id,
      issuedAtMs.value,
    );
    if (!signers.ok) return signers;
    const verifications = checkAttachedVerifications(proof, this.trust);
    if (!verifications.ok) return verifications;
    const standing = checkTypedNeutrality(proof, this.mips);
    if (!standing.ok) return standing;
    return ok({
      proof,
      id: proof.id,
      canonical: id.value.canonical,
      issuedAtMs: issuedAtMs.value,
      signers: [...signers.value],
      ...standing.value,
    });
  }
}

/**
 * Version, evidence locality, MIP id and schema: everything that needs no key and no clock. The
 * compiled schema implies all the others, so a valid proof pays for it alone; only a failing one
 * is taken through the rules in order, to name the first it breaks.
 */
function checkShape(value: JsonValue): Result<Proof> {
  if (checkProofSchema(value) === undefined) return ok(value as unknown as Proof);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('proof_schema_invalid', 'a proof is a JSON object', '/');
  }
  if (value.v !== undefined && value.v !== PROOF_VERSION) {
    return fail(
      'proof_version_unsupported',
      `proof version ${JSON.stringify(value.v)} is not supported`,
      '/v',
    );
  }
  const local = checkEvidenceLocality(value);
  if (!local.ok) return local;
  if (typeof value.mip === 'string' && parseMipId(value.mip) === undefined) {
    return fail('mip_id_malformed', 'mip must be mip-<domain>/<type>@<semver>', '/mip');
  }
  const mismatch = checkProofSchema(value);
  if (mismatch) return fail('proof_schema_invalid', mismatch.message, mismatch.path);
  return ok(value as unknown as Proof);
}

function checkTimes(proof: Proof, nowMs: number): Result<number> {
  // The schema's date-time format has already rejected timestamps that do not parse.
  const issuedMs = parseTimestamp(proof.issuedAt)!;
  if (issuedMs > nowMs + CLOCK_SKEW_MS_MAX) {
    return fail(
      'proof_issued_in_future',
      `issuedAt ${proof.issuedAt} is in the future`,
      '/issuedAt',
    );
  }
  const window = proof.claim.window;
  if (window !== undefined) {
    if (parseTimestamp(window.end)! <= parseTimestamp(window.start)!) {
      return fail(
        'proof_times_inconsistent',
        'the claim window must end after it starts',
        '/claim/window',
      );
    }
  }
  if (proof.expiresAt !== undefined) {
    const expiresMs = parseTimestamp(proof.expiresAt)!;
    if (expiresMs <= issuedMs) {
      return fail('proof_times_inconsistent', 'expiresAt must be after issuedAt', '/expiresAt');
    }
    if (expiresMs <= nowMs)
      return fail('proof_expired', `the proof expired at ${proof.expiresAt}`, '/expiresAt');
  }
  return ok(issuedMs);
}
