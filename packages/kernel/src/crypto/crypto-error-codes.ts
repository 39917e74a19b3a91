/** Errors about keys, key identifiers and signatures. */
export const CRYPTO_ERROR_CODES = {
  did_malformed:
    'the identifier is not a well-formed did:key (multibase base58btc, multicodec key)',
  signature_malformed: 'a signature entry is not base64url of the right length for its algorithm',
  signature_invalid: 'a signature does not verify over the signing input',
  signature_missing: 'the object carries no signature',
  signature_duplicate: 'the same key signed the object twice',
  signature_key_unknown: 'the key named by a signature is not a key of the identity it claims',
  signature_key_wrong_type:
    'the key cannot make signatures of this kind (e.g. an X25519 key, or an algorithm that does not match the key)',
  signature_key_weak:
    'the Ed25519 key is a small-order or non-canonical point, under which signatures can be forged',
  signature_key_unsupported: 'the key type is not one the kernel verifies (Ed25519, P-256)',
  signature_key_not_yet_valid: 'the key was not yet the identity key at the time that matters',
  signature_key_rotated_out: 'the key had been replaced by a rotation before the time that matters',
  signature_key_expired:
    'the identity document binding the key had expired at the time that matters',
  signature_key_revoked: 'the key was revoked at or before the time that matters',
} as const;
