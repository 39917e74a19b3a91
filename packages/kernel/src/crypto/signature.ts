/**
 * Signatures over content ids. The signed message is domain-separated by object kind, so a
 * signature made for one kind of object can never be replayed as a signature on another:
 *   signing input = UTF-8("mycel-signature-v1 " + kind + " " + contentId)
 * Ed25519 (RFC 8032, pure) and ECDSA P-256 with SHA-256 (signature as r || s, 64 bytes).
 */
import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { fromBase64Url, toBase64Url, utf8 } from '../bytes.js';
import { fail, ok, type Result } from '../result.js';
import type { DidKey } from './did-key.js';
import type { KeyCache } from './key-cache.js';
import { unsignableKey } from './public-key.js';
import { isWeakEd25519Key } from './weak-ed25519-key.js';

export type SignatureAlg = 'Ed25519' | 'ES256';
export const SIGNATURE_ALGS: readonly SignatureAlg[] = ['Ed25519', 'ES256'];

export type SignedKind =
  | 'proof'
  | 'verification'
  | 'identity'
  | 'key-rotation'
  | 'revocation-list'
  | 'receipt'
  | 'policy-pack'
  | 'treaty'
  // OpenGrid (docs/spec/opengrid.md): a coordinator's session ticket, a node's registration
  // answer to a challenge, a client's proof that it holds the key a ticket names, a client's request to resume a
  // session elsewhere, an agent bundle.
  | 'session-ticket'
  | 'node-registration'
  | 'session-attach'
  | 'session-resume'
  | 'agent-bundle'
  // Settlement: a node's signed ownership record, and an owner's signed transfer of shares.
  | 'nodeco'
  | 'share-transfer'
  // MMP canopy (docs/spec/mmp-canopy.md): a coordinator's signed summary of its colony, and a
  // coordinator's signed request that a canopy neighbour place a session it could not.
  | 'canopy-summary'
  | 'canopy-placement'
  // MIPs (docs/spec/mips.md): a registry document listing MIP modules by content id.
  | 'mip-registry'
  // Evidence vaults (docs/spec/evidence-vault.md): a dispute authority's challenge naming
  // evidence and verifiers, and a verifier's request to see one piece of it.
  | 'evidence-challenge'
  | 'disclosure-request'
  // Discovery and coordination (docs/spec/registry.md, contracts.md): a producer's capability
  // advert, and one signed event of a coordination contract.
  | 'capability'
  | 'contract-event';

export interface SignatureEntry {
  /** `<identity did>#<key fingerprint>` */
  readonly kid: string;
  readonly alg: SignatureAlg;
  /** base64url, unpadded */
  readonly sig: string;
}

const SIGNATURE_BYTES = 64;

export function signingInput(kind: SignedKind, id: string): Uint8Array {
  return utf8(`mycel-signature-v1 ${kind} ${id}`);
}

export function algForKey(key: DidKey): SignatureAlg | undefined {
  if (key.type === 'Ed25519') return 'Ed25519';
  if (key.type === 'P-256') return 'ES256';
  return undefined;
}

export function verifyWithKeyObject(
  alg: SignatureAlg,
  keyObject: KeyObject,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (alg === 'Ed25519') return cryptoVerify(null, message, keyObject, signature);
  return cryptoVerify('sha256', message, { key: keyObject, dsaEncoding: 'ieee-p1363' }, signature);
}

/** Checks one signature entry with an already resolved key. */
export function verifySignatureEntry(
  entry: SignatureEntry,
  key: DidKey,
  message: Uint8Array,
  keys: KeyCache,
): Result<true> {
  const keyAlg = algForKey(key);
  if (keyAlg === undefined) return unsignableKey(key);
  if (keyAlg !== entry.alg) {
    return fail(
      'signature_key_wrong_type',
      `a ${key.type} key does not make ${entry.alg} signatures`,
    );
  }
  const signature = fromBase64Url(entry.sig);
  if (signature === undefined || signature.length !== SIGNATURE_BYTES) {
    return fail('signature_malformed', 'a signature is 64 bytes in unpadded base64url');
  }
  const keyObject = keys.get(key);
  if (!keyObject.ok) return keyObject;
  if (!verifyWithKeyObject(entry.alg, keyObject.value, message, signature)) {
    return fail('signature_invalid', `the signature by ${entry.kid} does not verify`);
  }
  return ok(true);
}

/** Ed25519 over raw key bytes, for callers outside the identity system (e.g. signed notes). */
export function verifyEd25519(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (
    publicKey.length !== 32 ||
    signature.length !== SIGNATURE_BYTES ||
    isWeakEd25519Key(publicKey)
  ) {
    return false;
  }
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(publicKey) };
  return cryptoVerify(null, message, createPublicKey({ key: jwk, format: 'jwk' }), signature);
}
