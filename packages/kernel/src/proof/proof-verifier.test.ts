import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bytesOf,
  DEVICE,
  HARDWARE_ROOT,
  ISSUER,
  NOW_MS,
  proofFields,
  signedProof,
  signerNumber,
  VERIFIER,
} from '../../test/fixtures.js';
import { utf8 } from '../bytes.js';
import { didKeyFromPublicKey, formatKid } from '../crypto/did-key.js';
import { withSignature } from '../crypto/signed-object.js';
import { signerFromPkcs8 } from '../crypto/signer.js';
import { buildIdentityDocument } from '../identity/identity-document.js';
import { buildKeyRotation } from '../identity/key-rotation.js';
import { buildRevocationList } from '../identity/revocation-list.js';
import { TrustStore } from '../identity/trust-store.js';
import type { JsonValue } from '../json/strict-json.js';
import { PROOF_BYTES_MAX } from '../limits.js';
import { buildProof, signProof } from './build-proof.js';
import type { Proof } from './proof-schema.js';
import { ProofVerifier } from './proof-verifier.js';
import { attachVerification, buildVerification } from './verification-check.js';

function verify(
  input: unknown,
  trust = new TrustStore(),
  nowMs = NOW_MS,
  mips?: Map<string, (claim: unknown) => string | undefined>,
) {
  const bytes = input instanceof Uint8Array ? input : bytesOf(input);
  return new ProofVerifier({ trust, ...(mips ? { mips } : {}) }).verifyBytes(bytes, nowMs);
}

function codeOf(result: ReturnType<typeof verify>): string {
  return result.ok ? 'ok' : result.error.code;
}

function deviceTrust(): TrustStore {
  const trust = new TrustStore([{ did: HARDWARE_ROOT.key.did, roles: ['hardware-root'] }]);
  const document = buildIdentityDocument({
    subject: DEVICE.key.did,
    role: 'device',
    attestation: { level: 'tpm', root: HARDWARE_ROOT.key.did },
    issuedAt: '2026-01-01T00:00:00Z',
  });
  const signed = withSignature(
    withSignature(document, 'identity', DEVICE),
    'identity',
    HARDWARE_ROOT,
  );
  const added = trust.addIdentity(signed as unknown as JsonValue);
  if (!added.ok) throw new Error(added.error.code);
  return trust;
}

/** Re-serialises a value with keys in reverse order at every level. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, member]) => [key, reversedKeys(member)]),
  );
}

describe('the integrity plane accepts', () => {
  it('a proof signed by its issuer, unknown MIP: integrity ok, not settleable (K6)', () => {
    const proof = signedProof();
    const result = verify(proof);
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.id).toBe(proof.id);
    expect(result.value.signers).toEqual([ISSUER.key.did]);
    expect(result.value.mipKnown).toBe(false);
    expect(result.value.settleable).toBe(false);
    expect(new TextDecoder().decode(result.value.canonical)).toBe(
      JSON.stringify(JSON.parse(new TextDecoder().decode(result.value.canonical))),
    );
  });

  it('non-canonical input (key order, whitespace, 1500.0, \\u escapes) with the same id and canonical bytes', () => {
    const proof = signedProof();
    const canonical = verify(proof);
    const text = JSON.stringify(reversedKeys(proof), null, 3)
      .replace('"value": 1500', '"value": 1500.0')
      .replace('"predicate": "exported-energy"', '"predicate": "\\u0065xported-energy"');
    expect(text).toContain('1500.0');
    const reordered = verify(utf8(text));
    if (!canonical.ok || !reordered.ok) throw new Error('both must verify');
    expect(reordered.value.id).toBe(canonical.value.id);
    expect(reordered.value.canonical).toEqual(canonical.value.canonical);
  });

  it('several signers: issuer and a hardware-rooted device', () => {
    const proof = signedProof(
      {
        attestation: {
          issuer: ISSUER.key.did,
          device: DEVICE.key.did,
          capturedAt: '2026-11-28T11:00:00Z',
        },
      },
      [ISSUER, DEVICE],
    );
    const result = verify(proof, deviceTrust());
    expect(result.ok && [...result.value.signers].sort()).toEqual(
      [ISSUER.key.did, DEVICE.key.did].sort(),
    );
  });

  it('an issuer with a P-256 key (ES256), as secure elements provide', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signer = signerFromPkcs8(
      new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
    );
    if (!signer.ok) throw new Error(signer.error.code);
    const proof = signedProof(
      { attestation: { issuer: signer.value.key.did, capturedAt: '2026-11-28T11:00:00Z' } },
      [signer.value],
    );
    expect(proof.signatures[0]!.alg).toBe('ES256');
    expect(codeOf(verify(proof))).toBe('ok');
  });

  it('a known MIP is checked against its claim schema and becomes settleable', () => {
    const mips = new Map([
      [
        'mip-energy/generation-interval@1.0.0',
        (claim: unknown) =>
          (claim as { unit?: string }).unit === 'Wh' ? undefined : 'unit must be Wh',
      ],
    ]);
    const good = verify(signedProof(), new TrustStore(), NOW_MS, mips);
    expect(good.ok && good.value.settleable).toBe(true);
    const bad = signedProof({
      claim: { subject: 'meter:1', predicate: 'exported-energy', value: 3, unit: 'kWh' },
    });
    const rejected = verify(bad, new TrustStore(), NOW_MS, mips);
    expect(codeOf(rejected)).toBe('mip_claim_invalid');
  });

  it('an attached reality-plane result with p, interval and method, without changing the proof id (K4)', () => {
    const proof = signedProof();
    const result = withSignature(
      buildVerification({
        proof: proof.id,
        plane: 'reality',
        verifier: VERIFIER.key.did,
        verdict: 'pass',
        p: 0.97,
        interval: [0.93, 0.99],
        method: 'clear-sky-ceiling+meter-agreement',
        checks: [{ name: 'clear-sky ceiling', measured: 1500, logLikelihoodRatio: 1.2 }],
        at: '2026-11-28T11:30:00Z',
      }),
      'verification',
      VERIFIER,
    );
    const withResult = attachVerification(proof, result);
    const verified = verify(withResult);
    expect(verified.ok && verified.value.id).toBe(proof.id);
  });

  it('a proof signed before its key was revoked, after the revocation is known', () => {
    const trust = new TrustStore([
      { did: signerNumber(4).key.did, roles: ['revocation-authority'] },
    ]);
    const list = withSignature(
      buildRevocationList({
        issuer: signerNumber(4).key.did,
        sequence: 1,
        issuedAt: '2026-11-28T11:30:00Z',
        entries: [
          { key: ISSUER.key.did, revokedAt: '2026-11-28T11:30:00Z', reason: 'compromised' },
        ],
      }),
      'revocation-list',
      signerNumber(4),
    );
    expect(trust.addRevocationList(list as unknown as JsonValue).ok).toBe(true);
    expect(codeOf(verify(signedProof({ issuedAt: '2026-11-28T11:29:59Z' }), trust))).toBe('ok');
    expect(codeOf(verify(signedProof({ issuedAt: '2026-11-28T11:30:00Z' }), trust))).toBe(
      'signature_key_revoked',
    );
  });
});

describe('the integrity plane rejects, with the code of the broken rule', () => {
  const valid = signedProof();

  it.each([
    ['truncated JSON', utf8(JSON.stringify(valid).slice(0, -1)), 'json_malformed'],
    [
      'duplicate top-level key',
      utf8(JSON.stringify(valid).replace('{"v":1,', '{"v":1,"v":1,')),
      'json_duplicate_key',
    ],
    [
      'duplicate key inside the claim',
      utf8(JSON.stringify(valid).replace('"unit":"Wh"', '"unit":"Wh","unit":"kWh"')),
      'json_duplicate_key',
    ],
    [
      'lone surrogate',
      utf8(JSON.stringify(valid).replace('meter:test-1', 'meter:\\ud800')),
      'json_invalid_unicode',
    ],
    ['invalid UTF-8', Uint8Array.from([0x7b, 0xff, 0x7d]), 'json_invalid_unicode'],
    ['nesting too deep', utf8(`${'['.repeat(40)}${']'.repeat(40)}`), 'json_too_deep'],
    [
      'number overflow',
      utf8(JSON.stringify(valid).replace('"value":1500', '"value":1e400')),
      'json_number_out_of_range',
    ],
  ])('%s', (_name, bytes, code) => {
    expect(codeOf(verify(bytes))).toBe(code);
  });

  it('oversize: one byte over PROOF_BYTES_MAX, whatever it holds', () => {
    const padded = new Uint8Array(PROOF_BYTES_MAX + 1).fill(0x20);
    padded.set(bytesOf(valid));
    expect(codeOf(verify(padded))).toBe('proof_oversize');
    const exact = new Uint8Array(PROOF_BYTES_MAX).fill(0x20);
    exact.set(bytesOf(valid));
    expect(codeOf(verify(exact))).toBe('ok');
  });

  it('an unsupported envelope version', () => {
    expect(codeOf(verify({ ...valid, v: 2 }))).toBe('proof_version_unsupported');
    expect(codeOf(verify({ ...valid, v: '1' }))).toBe('proof_version_unsupported');
  });

  it('schema violations, naming where', () => {
    const { federation: _dropped, ...missing } = valid;
    const result = verify(missing);
    expect(codeOf(result)).toBe('proof_schema_invalid');
    expect(codeOf(verify({ ...valid, extra: true }))).toBe('proof_schema_invalid');
    const wrongType = verify({ ...valid, claim: { ...valid.claim, subject: 42 } });
    expect(!wrongType.ok && wrongType.error.path).toBe('/claim/subject');
    expect(codeOf(verify([valid]))).toBe('proof_schema_invalid');
    expect(codeOf(verify({ ...valid, issuedAt: '2026-11-28 11:00:02' }))).toBe(
      'proof_schema_invalid',
    );
  });

  it('a malformed MIP id', () => {
    expect(codeOf(verify({ ...valid, mip: 'energy/generation' }))).toBe('mip_id_malformed');
    expect(codeOf(verify({ ...valid, mip: 'mip-energy/generation@1.0' }))).toBe('mip_id_malformed');
  });

  it('raw evidence inside the envelope (K3)', () => {
    const inline = { ...valid, evidence: [{ ...valid.evidence[0]!, data: 'readings...' }] };
    const result = verify(inline);
    expect(codeOf(result)).toBe('proof_evidence_inline');
    expect(!result.ok && result.error.path).toBe('/evidence/0/data');
  });

  it('an altered claim: the id no longer matches (K2)', () => {
    expect(codeOf(verify({ ...valid, claim: { ...valid.claim, value: 15000 } }))).toBe(
      'proof_id_mismatch',
    );
    expect(codeOf(verify({ ...valid, id: `sha256:${'0'.repeat(64)}` }))).toBe('proof_id_mismatch');
  });

  it('an altered signature, a truncated one, and none', () => {
    const signature = valid.signatures[0]!;
    const flipped = `${signature.sig[0] === 'A' ? 'B' : 'A'}${signature.sig.slice(1)}`;
    expect(codeOf(verify({ ...valid, signatures: [{ ...signature, sig: flipped }] }))).toBe(
      'signature_invalid',
    );
    expect(
      codeOf(verify({ ...valid, signatures: [{ ...signature, sig: signature.sig.slice(0, 80) }] })),
    ).toBe('proof_schema_invalid');
    expect(codeOf(verify({ ...valid, signatures: [] }))).toBe('signature_missing');
  });

  it('a signature by someone other than the issuer', () => {
    const other = signerNumber(7);
    expect(codeOf(verify(signedProof({}, [other])))).toBe('proof_issuer_signature_missing');
  });

  it('a device that did not sign, and one without a trusted identity document', () => {
    const attestation = {
      issuer: ISSUER.key.did,
      device: DEVICE.key.did,
      capturedAt: '2026-11-28T11:00:00Z',
    };
    expect(codeOf(verify(signedProof({ attestation }, [ISSUER]), deviceTrust()))).toBe(
      'proof_device_signature_missing',
    );
    expect(codeOf(verify(signedProof({ attestation }, [ISSUER, DEVICE])))).toBe(
      'proof_device_identity_unknown',
    );
  });

  it('the same key signing twice', () => {
    const signature = valid.signatures[0]!;
    expect(codeOf(verify({ ...valid, signatures: [signature, signature] }))).toBe(
      'signature_duplicate',
    );
  });

  it('a key of the wrong type: an X25519 key, and an Ed25519 key claiming ES256', () => {
    const x25519 = didKeyFromPublicKey('X25519', new Uint8Array(32).fill(3));
    const unsigned = buildProof(
      proofFields({ attestation: { issuer: x25519.did, capturedAt: '2026-11-28T11:00:00Z' } }),
    );
    const forged: Proof = {
      ...unsigned,
      signatures: [
        { kid: formatKid(x25519.did, x25519), alg: 'Ed25519', sig: valid.signatures[0]!.sig },
      ],
    };
    expect(codeOf(verify(forged))).toBe('signature_key_wrong_type');
    expect(
      codeOf(verify({ ...valid, signatures: [{ ...valid.signatures[0]!, alg: 'ES256' }] })),
    ).toBe('signature_key_wrong_type');
  });

  it("a key that is not the identity's key", () => {
    const stranger = signerNumber(8, ISSUER.key.did);
    const proof = buildProof(proofFields());
    const signed = signProof(proof, stranger);
    expect(codeOf(verify(signed.ok && signed.value))).toBe('signature_key_unknown');
  });

  it('keys checked as of issuedAt across a rotation: old key after it, new key before it', () => {
    const next = signerNumber(9, ISSUER.key.did);
    const rotation = withSignature(
      withSignature(
        buildKeyRotation({
          subject: ISSUER.key.did,
          previous: ISSUER.key.did,
          next: next.key.did,
          effectiveAt: '2026-11-28T11:00:00Z',
        }),
        'key-rotation',
        ISSUER,
      ),
      'key-rotation',
      next,
    );
    const trust = new TrustStore();
    expect(trust.addRotation(rotation as unknown as JsonValue).ok).toBe(true);
    expect(codeOf(verify(signedProof({ issuedAt: '2026-11-28T10:59:59Z' }), trust))).toBe('ok');
    expect(codeOf(verify(signedProof({ issuedAt: '2026-11-28T11:00:02Z' }), trust))).toBe(
      'signature_key_rotated_out',
    );
    expect(codeOf(verify(signedProof({ issuedAt: '2026-11-28T11:00:02Z' }, [next]), trust))).toBe(
      'ok',
    );
    expect(codeOf(verify(signedProof({ issuedAt: '2026-11-28T10:59:59Z' }, [next]), trust))).toBe(
      'signature_key_not_yet_valid',
    );
  });

  it('expiry and impossible times', () => {
    expect(codeOf(verify(signedProof({ expiresAt: '2026-11-28T12:00:00Z' })))).toBe(
      'proof_expired',
    );
    expect(codeOf(verify(signedProof({ expiresAt: '2026-11-28T12:00:01Z' })))).toBe('ok');
    expect(
      codeOf(
        verify(
          signedProof({ expiresAt: '2026-11-28T11:00:01Z', issuedAt: '2026-11-28T11:00:02Z' }),
        ),
      ),
    ).toBe('proof_times_inconsistent');
    const backwards = {
      ...proofFields().claim,
      window: { start: '2026-11-28T11:00:00Z', end: '2026-11-28T10:00:00Z' },
    };
    expect(codeOf(verify(signedProof({ claim: backwards })))).toBe('proof_times_inconsistent');
    expect(codeOf(verify(signedProof({ issuedAt: '2026-11-28T12:05:01Z' })))).toBe(
      'proof_issued_in_future',
    );
    expect(codeOf(verify(signedProof({ issuedAt: '2026-11-28T12:05:00Z' })))).toBe('ok');
  });

  it('attached results without uncertainty, about another proof, or altered', () => {
    const base = buildVerification({
      proof: valid.id,
      plane: 'reality',
      verifier: VERIFIER.key.did,
      verdict: 'pass',
      at: '2026-11-28T11:30:00Z',
    });
    const bare = withSignature(base, 'verification', VERIFIER);
    expect(codeOf(verify(attachVerification(valid, bare)))).toBe(
      'verification_uncertainty_missing',
    );
    const outside = withSignature(
      buildVerification({ ...base, p: 0.5, interval: [0.6, 0.9], method: 'm' }),
      'verification',
      VERIFIER,
    );
    expect(codeOf(verify(attachVerification(valid, outside)))).toBe(
      'verification_uncertainty_missing',
    );
    const elsewhere = withSignature(
      buildVerification({
        ...base,
        proof: `sha256:${'1'.repeat(64)}`,
        p: 0.9,
        interval: [0.8, 0.95],
        method: 'm',
      }),
      'verification',
      VERIFIER,
    );
    const result = verify(attachVerification(valid, elsewhere));
    expect(codeOf(result)).toBe('verification_proof_mismatch');
    expect(!result.ok && result.error.path).toBe('/verifications/0/proof');
    const good = withSignature(
      buildVerification({ ...base, p: 0.9, interval: [0.8, 0.95], method: 'm' }),
      'verification',
      VERIFIER,
    );
    expect(codeOf(verify(attachVerification(valid, { ...good, p: 0.91 })))).toBe(
      'verification_id_mismatch',
    );
    const unsignedByVerifier = withSignature(
      buildVerification({ ...base, p: 0.9, interval: [0.8, 0.95], method: 'm' }),
      'verification',
      ISSUER,
    );
    expect(codeOf(verify(attachVerification(valid, unsignedByVerifier)))).toBe('signature_missing');
  });

  it('signProof refuses to re-sign an envelope edited after signing', () => {
    const edited = { ...valid, claim: { ...valid.claim, value: 1 } };
    const result = signProof(edited, ISSUER);
    expect(result.ok ? 'ok' : result.error.code).toBe('proof_id_mismatch');
  });
});
