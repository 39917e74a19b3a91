/**
 * A key rotation moves an identity from its current key to a new one at `effectiveAt`. Both keys
 * sign it: the old key says "this is my successor", the new key proves it is held. Proofs issued
 * before `effectiveAt` keep verifying against the old key; later ones need the new key.
 */
import { formatKid, parseDidKey } from '../crypto/did-key.js';
import { unsignableKey } from '../crypto/public-key.js';
import { algForKey, signingInput, verifySignatureEntry } from '../crypto/signature.js';
import { sealObject } from '../crypto/signed-object.js';
import { checkContentId } from '../invariants/k2-deterministic-integrity.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import { type KeyRotation, KeyRotationSchema } from './identity-schemas.js';
import type { TrustStore } from './trust-store.js';

const checkSchema = compileSchema(KeyRotationSchema);

export type KeyRotationFields = Omit<KeyRotation, 'v' | 'kind' | 'id' | 'signatures'>;

export function buildKeyRotation(fields: KeyRotationFields): KeyRotation {
  const body = { v: 1 as const, kind: 'key-rotation' as const, ...fields };
  return sealObject(body);
}

export function checkKeyRotation(value: JsonValue, trust: TrustStore): Result<KeyRotation> {
  const mismatch = checkSchema(value);
  if (mismatch) return fail('rotation_schema_invalid', mismatch.message, mismatch.path);
  const rotation = value as KeyRotation;
  const id = checkContentId(rotation, 'rotation_id_mismatch');
  if (!id.ok) return id;
  const previous = parseDidKey(rotation.previous);
  if (!previous.ok) return previous;
  const next = parseDidKey(rotation.next);
  if (!next.ok) return next;
  if (algForKey(next.value) === undefined) return unsignableKey(next.value);
  const effectiveMs = parseTimestamp(rotation.effectiveAt)!;
  const chain = trust.keyChain(rotation.subject);
  const head = chain.at(-1);
  if (
    head === undefined ||
    head.key.fingerprint !== previous.value.fingerprint ||
    effectiveMs <= head.fromMs
  ) {
    return fail(
      'rotation_out_of_order',
      'previous is not the current key, or effectiveAt does not move forward',
    );
  }
  // A key that has served the identity never returns, so each key has one span of validity.
  if (chain.some((span) => span.key.fingerprint === next.value.fingerprint)) {
    return fail('rotation_out_of_order', 'the next key has already been a key of this identity');
  }
  const revokedMs = trust.keyRevokedAt(previous.value);
  if (revokedMs !== undefined && revokedMs <= effectiveMs) {
    return fail('signature_key_revoked', 'a revoked key cannot name its successor');
  }
  const kids = new Set(rotation.signatures.map((signature) => signature.kid));
  if (kids.size !== rotation.signatures.length)
    return fail('signature_duplicate', 'a key signed the rotation twice');
  const message = signingInput('key-rotation', rotation.id);
  for (const key of [previous.value, next.value]) {
    const kid = formatKid(rotation.subject, key);
    const entry = rotation.signatures.find((signature) => signature.kid === kid);
    if (entry === undefined)
      return fail('rotation_signature_missing', `the rotation is not signed by ${kid}`);
    const checked = verifySignatureEntry(entry, key, message, trust.keys);
    if (!checked.ok) return checked;
  }
  if (rotation.signatures.length !== 2) {
    return fail(
      'rotation_signature_missing',
      'a rotation carries exactly the previous and next key signatures',
    );
  }
  return ok(rotation);
}
