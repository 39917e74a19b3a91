/**
 * Building and checking capability adverts (docs/spec/registry.md). checkCapabilityAdvert is the
 * integrity part (schema, times, id); checkCapabilitySigned asks whether the producer itself
 * signed, and checkCapabilityCurrent whether the advert is in force at a given moment — the
 * registry and the CLI run all three before an advert is published.
 */

import type { SignedKind } from '../crypto/signature.js';
import { sealObject } from '../crypto/signed-object.js';
import { TrustStore } from '../identity/trust-store.js';
import { checkContentId } from '../invariants/k2-deterministic-integrity.js';
import type { JsonValue } from '../json/strict-json.js';
import { CLOCK_SKEW_MS_MAX } from '../limits.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import { CAPABILITY_VALIDITY_MS_MAX } from './capability-limits.js';
import { type CapabilityAdvert, CapabilityAdvertSchema } from './capability-schema.js';

const checkSchema = compileSchema(CapabilityAdvertSchema);

/** The signed kind of an advert: sign with withSignature(advert, CAPABILITY_KIND, producer). */
export const CAPABILITY_KIND: SignedKind = 'capability';

export type CapabilityAdvertFields = Omit<CapabilityAdvert, 'v' | 'kind' | 'id' | 'signatures'>;

/** An unsigned advert with its id; the producer signs it with withSignature. */
export function buildCapabilityAdvert(fields: CapabilityAdvertFields): CapabilityAdvert {
  return sealObject({ v: 1 as const, kind: 'capability' as const, ...fields });
}

export function checkCapabilityAdvert(value: JsonValue): Result<CapabilityAdvert> {
  // `value` is attacker-controlled until the schema check passes.
  const mismatch = checkSchema(value);
  if (mismatch) return fail('capability_schema_invalid', mismatch.message, mismatch.path);
  const advert = value as CapabilityAdvert;
  const issuedMs = parseTimestamp(advert.issuedAt)!;
  const expiresMs = parseTimestamp(advert.expiresAt)!;
  if (expiresMs <= issuedMs) {
    return fail('capability_times_inconsistent', 'expiresAt must be after issuedAt', '/expiresAt');
  }
  if (expiresMs - issuedMs > CAPABILITY_VALIDITY_MS_MAX) {
    return fail(
      'capability_times_inconsistent',
      `an advert is valid for at most ${CAPABILITY_VALIDITY_MS_MAX} ms`,
      '/expiresAt',
    );
  }
  const id = checkContentId(advert, 'capability_id_mismatch');
  if (!id.ok) return id;
  return ok(advert);
}

/**
 * Every signature on the advert verifies (did:key identities, as of `atMs`) and the producer is
 * among the signers. A bad signature by anyone fails the advert, as for every signed object (K2).
 */
export function checkCapabilitySigned(advert: CapabilityAdvert, atMs: number): Result<true> {
  const signers = new TrustStore().verifySignatures(
    advert.signatures,
    CAPABILITY_KIND,
    advert.id,
    atMs,
  );
  if (!signers.ok) {
    return fail('capability_signature_invalid', `the advert signature: ${signers.error.code}`);
  }
  if (!signers.value.has(advert.producer)) {
    return fail('capability_signature_invalid', `${advert.producer} did not sign its advert`);
  }
  return ok(true);
}

/** The advert is in force at `nowMs`: issued (within the clock skew) and not yet expired. */
export function checkCapabilityCurrent(advert: CapabilityAdvert, nowMs: number): Result<true> {
  if (parseTimestamp(advert.expiresAt)! <= nowMs) {
    return fail('capability_expired', `the advert expired at ${advert.expiresAt}`, '/expiresAt');
  }
  if (parseTimestamp(advert.issuedAt)! > nowMs + CLOCK_SKEW_MS_MAX) {
    return fail(
      'capability_not_yet_valid',
      `the advert is issued at ${advert.issuedAt}, in the future`,
      '/issuedAt',
    );
  }
  return ok(true);
}
