/** Errors about identity documents, key rotations and revocation lists. */
export const IDENTITY_ERROR_CODES = {
  identity_schema_invalid: 'the identity document does not match its schema',
  identity_id_mismatch: 'the identity document id is not the content id of its body',
  identity_subject_signature_missing: 'the identity document is not signed by its subject',
  identity_attestation_unrooted:
    'a tpm or secure-enclave identity is not endorsed by a trusted hardware root',
  identity_conflict: 'a different identity document for the same subject is already trusted',
  rotation_schema_invalid: 'the key-rotation statement does not match its schema',
  rotation_id_mismatch: 'the key-rotation statement id is not the content id of its body',
  rotation_signature_missing: 'a key rotation must be signed by both the previous and the next key',
  rotation_out_of_order:
    'the rotation does not continue the identity key chain (wrong previous key or time)',
  rotation_chain_too_long:
    'the identity has already rotated its key ROTATIONS_PER_IDENTITY_MAX times',
  revocation_schema_invalid: 'the revocation list does not match its schema',
  revocation_id_mismatch: 'the revocation list id is not the content id of its body',
  revocation_issuer_untrusted: 'the revocation list issuer may not revoke the keys it lists',
  revocation_sequence_stale:
    'a revocation list with this sequence number or a later one is already trusted',
  device_chain_invalid:
    'the device certificate chain does not parse or fails path validation (issuer, signature, CA, P-256, bounds)',
  device_manufacturer_unknown:
    'the device certificate chain does not end at a manufacturer CA trusted as a hardware root',
  device_key_mismatch: "the device certificate's public key is not the device's did:key",
  device_chain_missing:
    'the device identity names a certificate chain the verifier does not hold for that device',
  device_certificate_not_yet_valid:
    'a certificate of the device chain was not yet valid at the capture time',
  device_certificate_expired: 'a certificate of the device chain had expired at the capture time',
  device_certificate_revoked:
    'a key of the device chain (device, intermediate or root CA) was revoked at the capture time',
  device_calibration_lapsed: "the device's calibration record had lapsed at the capture time",
} as const;
