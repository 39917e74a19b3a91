/**
 * did:key identifiers (W3C CCG did:key method): `did:key:z` + base58btc(multicodec varint || key).
 * The identifier is the public key, so it resolves without any registry.
 */
import { concatBytes } from '../bytes.js';
import { DID_CHARS_MAX } from '../limits.js';
import { fail, ok, type Result } from '../result.js';
import { decodeBase58, encodeBase58 } from './base58.js';
import { isWeakEd25519Key } from './weak-ed25519-key.js';

export type KeyType = 'Ed25519' | 'P-256' | 'X25519' | 'secp256k1';

export interface DidKey {
  /** `did:key:z...` */
  readonly did: string;
  /** The multibase part after `did:key:`, also used as the key's fragment in a kid. */
  readonly fingerprint: string;
  readonly type: KeyType;
  /** Raw key: 32 bytes for Ed25519 and X25519, a 33-byte compressed point for P-256 and secp256k1. */
  readonly publicKey: Uint8Array;
}

// Multicodec table entries (varint-encoded) and key lengths.
const CODECS: readonly { type: KeyType; prefix: readonly number[]; length: number }[] = [
  { type: 'Ed25519', prefix: [0xed, 0x01], length: 32 },
  { type: 'X25519', prefix: [0xec, 0x01], length: 32 },
  { type: 'secp256k1', prefix: [0xe7, 0x01], length: 33 },
  { type: 'P-256', prefix: [0x80, 0x24], length: 33 },
];

const DID_KEY_PREFIX = 'did:key:';

export function didKeyFromPublicKey(type: KeyType, publicKey: Uint8Array): DidKey {
  const codec = CODECS.find((entry) => entry.type === type)!;
  if (publicKey.length !== codec.length) {
    throw new Error(`assertion failed: ${type} key must be ${codec.length} bytes`);
  }
  const fingerprint = `z${encodeBase58(concatBytes(Uint8Array.from(codec.prefix), publicKey))}`;
  return { did: DID_KEY_PREFIX + fingerprint, fingerprint, type, publicKey };
}

/** Parses a multibase key fingerprint (`z6Mk...`). */
export function parseKeyFingerprint(fingerprint: string): Result<DidKey> {
  if (fingerprint.length > DID_CHARS_MAX || !fingerprint.startsWith('z')) {
    return fail('did_malformed', 'a did:key fingerprint is multibase base58btc (starts with z)');
  }
  const bytes = decodeBase58(fingerprint.slice(1));
  if (bytes === undefined) return fail('did_malformed', 'invalid base58btc in did:key');
  if (bytes.length < 2)
    return fail('did_malformed', 'a did:key holds a multicodec prefix and a key');
  const codec = CODECS.find(
    (entry) => bytes[0] === entry.prefix[0] && bytes[1] === entry.prefix[1],
  );
  if (codec === undefined) {
    return fail('signature_key_unsupported', 'did:key names a key type the kernel does not know');
  }
  const publicKey = bytes.slice(2);
  if (publicKey.length !== codec.length) {
    return fail('did_malformed', `${codec.type} key in did:key must be ${codec.length} bytes`);
  }
  if (codec.type === 'Ed25519' && isWeakEd25519Key(publicKey)) {
    return fail(
      'signature_key_weak',
      'a small-order or non-canonical Ed25519 key signs for anyone',
    );
  }
  return ok({ did: DID_KEY_PREFIX + fingerprint, fingerprint, type: codec.type, publicKey });
}

export function parseDidKey(did: string): Result<DidKey> {
  if (!did.startsWith(DID_KEY_PREFIX)) return fail('did_malformed', 'not a did:key identifier');
  return parseKeyFingerprint(did.slice(DID_KEY_PREFIX.length));
}

export interface KeyReference {
  /** The identity the signature speaks for. */
  readonly identity: string;
  /** The key that made the signature (after rotations, not the identity's first key). */
  readonly key: DidKey;
}

/** Parses a kid: `<identity did:key>#<key fingerprint>`, e.g. `did:key:z6MkA#z6MkA` before any rotation. */
export function parseKid(kid: string): Result<KeyReference> {
  const hash = kid.indexOf('#');
  if (hash < 0) return fail('did_malformed', 'a kid is <did>#<key fingerprint>');
  const identity = parseDidKey(kid.slice(0, hash));
  if (!identity.ok) return identity;
  const key = parseKeyFingerprint(kid.slice(hash + 1));
  if (!key.ok) return key;
  return ok({ identity: identity.value.did, key: key.value });
}

export function formatKid(identity: string, key: DidKey): string {
  return `${identity}#${key.fingerprint}`;
}
