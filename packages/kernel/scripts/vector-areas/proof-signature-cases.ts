/**
 * proof/ cases about signature entries, keys and attached verification results (no trust
 * documents needed: a did:key issuer is its own key).
 */
import {
  attachVerification,
  buildProof,
  buildVerification,
  concatBytes,
  fromBase64Url,
  type Proof,
  type SignatureEntry,
  signingInput,
  toBase64Url,
  type VerificationFields,
  withSignature,
} from '../../src/index.js';
import { encodeBase58Twin } from './base58-twin.js';
import { PUBLISHED_ED25519_DID_KEYS, PUBLISHED_NIST_DID_KEYS } from './did-key-data.js';
import {
  baseFields,
  DEVICE,
  ISSUER,
  NOW_MS,
  type ProofCase,
  proofText,
  STRANGER,
  signedProof,
  textCase,
  VERIFIER,
} from './proof-fixtures.js';

/**
 * A proof whose issuer is `did`, with one signature entry whose kid names that did's key. The
 * signature bytes are the issuer fixture's: the verifier must refuse the key before they matter.
 */
function proofByForeignKey(did: string): Proof {
  const proof = buildProof(
    baseFields({ attestation: { issuer: did, capturedAt: '2026-11-28T07:30:05Z' } }),
  );
  const fingerprint = did.slice('did:key:'.length);
  const sig = toBase64Url(ISSUER.sign(signingInput('proof', proof.id)));
  return { ...proof, signatures: [{ kid: `${did}#${fingerprint}`, alg: 'Ed25519', sig }] };
}

function withEntry(proof: Proof, change: (entry: SignatureEntry) => SignatureEntry): Proof {
  return { ...proof, signatures: proof.signatures.map(change) };
}

function flipFirstByte(sig: string): string {
  const bytes = fromBase64Url(sig)!;
  bytes[0] = bytes[0]! ^ 0x01;
  return toBase64Url(bytes);
}

/** base64url of 64 bytes ends in a character carrying 2 bits and 4 zero bits; set one of those. */
function nonZeroTrailingBits(sig: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(sig.at(-1)!);
  return sig.slice(0, -1) + alphabet[last | 0x01];
}

export function signatureCases(): ProofCase[] {
  const valid = signedProof(baseFields());
  const withDevice = baseFields({
    attestation: {
      issuer: ISSUER.key.did,
      device: DEVICE.key.did,
      capturedAt: '2026-11-28T07:30:05Z',
    },
  });
  const shortKeyDid = `did:key:z${encodeBase58Twin(concatBytes(Uint8Array.of(0xed, 0x01), new Uint8Array(31).fill(7)))}`;
  return [
    textCase(
      'signature-invalid',
      'The "valid" proof with one bit of its signature flipped.',
      proofText(withEntry(valid, (entry) => ({ ...entry, sig: flipFirstByte(entry.sig) }))),
      'signature_invalid',
    ),
    textCase(
      'signature-malformed',
      'The "valid" proof whose signature text has non-zero padding bits in its last base64url character (RFC 4648 §3.5: not canonical).',
      proofText(withEntry(valid, (entry) => ({ ...entry, sig: nonZeroTrailingBits(entry.sig) }))),
      'signature_malformed',
    ),
    textCase(
      'signature-duplicate',
      'The "valid" proof carrying the same signature entry twice.',
      proofText({ ...valid, signatures: [valid.signatures[0]!, valid.signatures[0]!] }),
      'signature_duplicate',
    ),
    textCase(
      'signature-key-unknown',
      'A signature whose kid claims the issuer identity but names another key, which the issuer never rotated to.',
      proofText(
        withEntry(signedProof(baseFields(), [STRANGER]), (entry) => ({
          ...entry,
          kid: `${ISSUER.key.did}#${STRANGER.key.fingerprint}`,
        })),
      ),
      'signature_key_unknown',
    ),
    textCase(
      'signature-key-wrong-type-x25519',
      'An issuer whose did:key is an X25519 key (w3c-ccg/did-method-key seed 0 keyAgreement key), which cannot sign.',
      proofText(proofByForeignKey(PUBLISHED_ED25519_DID_KEYS[0]!.x25519Did)),
      'signature_key_wrong_type',
    ),
    textCase(
      'signature-key-wrong-type-alg',
      'The "valid" proof whose signature entry says alg ES256 although the key is Ed25519.',
      proofText(withEntry(valid, (entry) => ({ ...entry, alg: 'ES256' }))),
      'signature_key_wrong_type',
    ),
    textCase(
      'signature-key-unsupported',
      'An issuer whose did:key is a P-384 key (w3c-ccg/did-method-key nist-curves.json), a type the kernel does not verify.',
      proofText(proofByForeignKey(PUBLISHED_NIST_DID_KEYS.find((key) => key.crv === 'P-384')!.did)),
      'signature_key_unsupported',
    ),
    textCase(
      'did-malformed',
      'An issuer whose did:key holds a 31-byte Ed25519 key.',
      proofText(proofByForeignKey(shortKeyDid)),
      'did_malformed',
    ),
    textCase(
      'proof-device-signature-missing',
      'A proof naming a device in its attestation, signed by the issuer only (K1).',
      proofText(signedProof(withDevice, [ISSUER])),
      'proof_device_signature_missing',
    ),
    textCase(
      'proof-device-identity-unknown',
      'A proof signed by issuer and device, verified without a trusted identity document for the device (K1).',
      proofText(signedProof(withDevice, [ISSUER, DEVICE])),
      'proof_device_identity_unknown',
    ),
    ...verificationCases(valid),
  ];
}

function verification(proof: Proof, fields: Partial<VerificationFields>, signer = VERIFIER) {
  const built = buildVerification({
    proof: proof.id,
    plane: 'integrity',
    verifier: VERIFIER.key.did,
    verdict: 'pass',
    at: '2026-11-28T07:45:00Z',
    ...fields,
  });
  return withSignature(built, 'verification', signer);
}

/** K4: results attached to a proof never change its id, and each must itself hold. */
function verificationCases(valid: Proof): ProofCase[] {
  const attached = (fields: Partial<VerificationFields>, signer = VERIFIER) =>
    proofText(attachVerification(valid, verification(valid, fields, signer)));
  const good = verification(valid, {});
  return [
    {
      name: 'valid-with-verification',
      rule: 'The "valid" proof with a signed integrity-plane result attached; verifications are outside the id (K4), so the id is that of "valid".',
      input: { nowMs: NOW_MS, proof: attached({}) },
      expected: { ok: true, id: valid.id },
    },
    textCase(
      'verification-proof-mismatch',
      'An attached result that is about another proof id.',
      attached({ proof: `sha256:${'0'.repeat(64)}` }),
      'verification_proof_mismatch',
    ),
    textCase(
      'verification-id-mismatch',
      'An attached result whose verdict was changed from pass to fail after it was signed.',
      proofText(attachVerification(valid, { ...good, verdict: 'fail' })),
      'verification_id_mismatch',
    ),
    textCase(
      'verification-uncertainty-missing',
      'An attached reality-plane result with no probability, interval or method (K4).',
      attached({ plane: 'reality' }),
      'verification_uncertainty_missing',
    ),
    textCase(
      'verification-impossible-date',
      'An attached result dated 2026-02-30: it matches the timestamp pattern, but the date-time format of the proof schema rejects it.',
      attached({ at: '2026-02-30T07:45:00Z' }),
      'proof_schema_invalid',
    ),
    textCase(
      'verification-signature-missing',
      'An attached result signed by a key other than the verifier it names.',
      attached({}, STRANGER),
      'signature_missing',
    ),
  ];
}
