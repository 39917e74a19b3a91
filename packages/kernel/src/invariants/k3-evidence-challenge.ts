/**
 * Building and checking evidence challenges and disclosure requests (K3). These checks are the
 * integrity part only (schema, times, id); whether the signer is a dispute authority of the
 * pack, whether the verifier signed, and whether the challenge is still open are decided by the
 * vault, which has the pack, the trust store and the clock.
 */
import { sealObject } from '../crypto/signed-object.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import { checkContentId } from './k2-deterministic-integrity.js';
import {
  type DisclosureRequest,
  DisclosureRequestSchema,
  type EvidenceChallenge,
  EvidenceChallengeSchema,
} from './k3-evidence-challenge-schema.js';

const checkChallengeSchema = compileSchema(EvidenceChallengeSchema);
const checkRequestSchema = compileSchema(DisclosureRequestSchema);

export type EvidenceChallengeFields = Omit<EvidenceChallenge, 'v' | 'kind' | 'id' | 'signatures'>;
export type DisclosureRequestFields = Omit<DisclosureRequest, 'v' | 'kind' | 'id' | 'signatures'>;

/** An unsigned challenge; the authority signs it: withSignature(c, 'evidence-challenge', s). */
export function buildEvidenceChallenge(fields: EvidenceChallengeFields): EvidenceChallenge {
  return sealObject({ v: 1 as const, kind: 'evidence-challenge' as const, ...fields });
}

/** An unsigned request; the verifier signs it: withSignature(r, 'disclosure-request', s). */
export function buildDisclosureRequest(fields: DisclosureRequestFields): DisclosureRequest {
  return sealObject({ v: 1 as const, kind: 'disclosure-request' as const, ...fields });
}

export function checkEvidenceChallenge(value: JsonValue): Result<EvidenceChallenge> {
  // `value` is attacker-controlled until the schema check passes.
  const mismatch = checkChallengeSchema(value);
  if (mismatch) return fail('evidence_challenge_schema_invalid', mismatch.message, mismatch.path);
  const challenge = value as EvidenceChallenge;
  const openedMs = parseTimestamp(challenge.openedAt)!;
  const expiresMs = parseTimestamp(challenge.expiresAt)!;
  if (expiresMs <= openedMs) {
    return fail(
      'evidence_challenge_times_inconsistent',
      'expiresAt must be after openedAt',
      '/expiresAt',
    );
  }
  const id = checkContentId(challenge, 'evidence_challenge_id_mismatch');
  if (!id.ok) return id;
  return ok(challenge);
}

export function checkDisclosureRequest(value: JsonValue): Result<DisclosureRequest> {
  // `value` is attacker-controlled until the schema check passes.
  const mismatch = checkRequestSchema(value);
  if (mismatch) return fail('disclosure_request_schema_invalid', mismatch.message, mismatch.path);
  const request = value as DisclosureRequest;
  const id = checkContentId(request, 'disclosure_request_id_mismatch');
  if (!id.ok) return id;
  return ok(request);
}
