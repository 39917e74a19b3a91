/**
 * Checking that a signed wire object (ticket, registration, attach proof) carries exactly one
 * valid signature by one expected key, over the kernel's domain-separated signing input.
 */
import type { KeyObject } from 'node:crypto';
import {
  type DidKey,
  fromBase64Url,
  importPublicKey,
  parseKid,
  type SignatureEntry,
  type SignedKind,
  signingInput,
  verifyWithKeyObject,
} from '@mycel/kernel';
import { KEY_OBJECTS_CACHED_MAX } from './limits.js';

const keyObjects = new Map<string, KeyObject>();

function keyObjectOf(key: DidKey): KeyObject | undefined {
  const cached = keyObjects.get(key.fingerprint);
  if (cached !== undefined) return cached;
  const imported = importPublicKey(key);
  if (!imported.ok) return undefined;
  if (keyObjects.size >= KEY_OBJECTS_CACHED_MAX) keyObjects.clear();
  keyObjects.set(key.fingerprint, imported.value);
  return imported.value;
}

/** True when `entry` is a valid signature of `kind`/`id` by `key` (and names that key). */
export function isSignedBy(
  entry: SignatureEntry,
  kind: SignedKind,
  id: string,
  key: DidKey,
): boolean {
  const reference = parseKid(entry.kid);
  if (!reference.ok || reference.value.key.fingerprint !== key.fingerprint) return false;
  const signature = fromBase64Url(entry.sig);
  const keyObject = keyObjectOf(key);
  if (signature === undefined || signature.length !== 64 || keyObject === undefined) return false;
  const expectedAlg = key.type === 'Ed25519' ? 'Ed25519' : 'ES256';
  if (entry.alg !== expectedAlg) return false;
  return verifyWithKeyObject(entry.alg, keyObject, signingInput(kind, id), signature);
}
