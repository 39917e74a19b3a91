/**
 * The evidence vault's pure checks: a put's input, and whether a challenge may be opened under a
 * policy pack at a time. No storage and no clock here (time comes in as nowMs), so each rule is
 * decided the same way by every driver. Refusals are thrown as StoreError with a vault code.
 */
import {
  checkEvidenceChallenge,
  type EvidenceChallenge,
  type JsonValue,
  type PolicyEvidence,
  type PolicyPack,
  parseTimestamp,
  TrustStore,
} from '@mycel/kernel';
import { StoreError } from '../store-error.js';
import type { Disclosure, PutEvidence } from './evidence-vault-types.js';
import type { VaultErrorCode } from './vault-error-codes.js';
import {
  EVIDENCE_BYTES_MAX,
  EVIDENCE_MEDIA_TYPE_CHARS_MAX,
  EVIDENCE_PRODUCER_CHARS_MAX,
} from './vault-limits.js';

export const DISCLOSURES: readonly Disclosure[] = ['private', 'on-request', 'public'];
/** The kernel's evidence media type pattern (proof-schema.ts), lower case per RFC 6838. */
const MEDIA_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

export function vaultError(code: VaultErrorCode, message: string): StoreError {
  return new StoreError(code, message);
}

export function isTime(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** The pack's evidence section, or evidence_policy_missing. */
export function evidencePolicy(pack: PolicyPack): PolicyEvidence {
  if (pack.evidence === undefined) {
    throw vaultError('evidence_policy_missing', `policy pack ${pack.id} has no evidence section`);
  }
  return pack.evidence;
}

export function checkPut(input: PutEvidence): void {
  const { bytes, mediaType, disclosure, producer, nowMs } = input;
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw vaultError('evidence_record_invalid', 'evidence is at least one byte');
  }
  if (bytes.length > EVIDENCE_BYTES_MAX) {
    throw vaultError('evidence_too_large', `evidence is at most ${EVIDENCE_BYTES_MAX} bytes`);
  }
  if (
    typeof mediaType !== 'string' ||
    mediaType.length > EVIDENCE_MEDIA_TYPE_CHARS_MAX ||
    !MEDIA_TYPE_PATTERN.test(mediaType)
  ) {
    throw vaultError('evidence_media_type_invalid', `"${String(mediaType)}" is not type/subtype`);
  }
  if (!DISCLOSURES.includes(disclosure)) {
    throw vaultError('evidence_disclosure_invalid', `"${String(disclosure)}" is not a disclosure`);
  }
  if (
    typeof producer !== 'string' ||
    producer.length === 0 ||
    producer.length > EVIDENCE_PRODUCER_CHARS_MAX
  ) {
    throw vaultError(
      'evidence_record_invalid',
      `a producer is 1 to ${EVIDENCE_PRODUCER_CHARS_MAX} characters`,
    );
  }
  if (!isTime(nowMs)) {
    throw vaultError('evidence_record_invalid', 'nowMs is a non-negative safe integer');
  }
}

/** True when `did` is a dispute-authority trust anchor of the pack. */
export function isDisputeAuthority(pack: PolicyPack, did: string): boolean {
  return pack.trustAnchors.some(
    (anchor) => anchor.did === did && anchor.roles.includes('dispute-authority'),
  );
}

/**
 * A challenge that may be opened now under `pack`: kernel-valid, of the pack's federation,
 * signed by a dispute authority the pack names, not expired and not open longer than the pack
 * allows (counted from openedAt, and from now, so a future openedAt cannot stretch it).
 */
export function checkChallengeOpen(
  value: JsonValue,
  pack: PolicyPack,
  nowMs: number,
): EvidenceChallenge {
  const policy = evidencePolicy(pack);
  const checked = checkEvidenceChallenge(value);
  if (!checked.ok) {
    throw vaultError('challenge_invalid', `${checked.error.code}: ${checked.error.message}`);
  }
  const challenge = checked.value;
  if (challenge.federation !== pack.federation) {
    throw vaultError(
      'challenge_federation_mismatch',
      `the challenge is for ${challenge.federation}, the pack for ${pack.federation}`,
    );
  }
  if (!isDisputeAuthority(pack, challenge.authority)) {
    throw vaultError(
      'challenge_authority_unknown',
      `${challenge.authority} is not a dispute authority of ${pack.federation}`,
    );
  }
  const signers = new TrustStore().verifySignatures(
    challenge.signatures,
    'evidence-challenge',
    challenge.id,
    nowMs,
  );
  if (!signers.ok || !signers.value.has(challenge.authority)) {
    const why = signers.ok ? 'the authority did not sign it' : signers.error.code;
    throw vaultError('challenge_signature_invalid', `the challenge signature: ${why}`);
  }
  const openedAtMs = parseTimestamp(challenge.openedAt)!;
  const expiresAtMs = parseTimestamp(challenge.expiresAt)!;
  if (expiresAtMs <= nowMs) {
    throw vaultError('challenge_expired', `the challenge expired at ${challenge.expiresAt}`);
  }
  if (
    expiresAtMs - openedAtMs > policy.challengeTtlMsMax ||
    expiresAtMs - nowMs > policy.challengeTtlMsMax
  ) {
    throw vaultError(
      'challenge_too_long',
      `a challenge stays open at most ${policy.challengeTtlMsMax} ms`,
    );
  }
  return challenge;
}
