import { describe, expect, it } from 'vitest';
import { digestOf } from '../crypto/content-id.js';
import { withSignature } from '../crypto/signed-object.js';
import { ed25519SignerFromSeed } from '../crypto/signer.js';
import { TrustStore } from '../identity/trust-store.js';
import type { JsonValue } from '../json/strict-json.js';
import {
  buildDisclosureRequest,
  buildEvidenceChallenge,
  checkDisclosureRequest,
  checkEvidenceChallenge,
} from './k3-evidence-challenge.js';

const authority = ed25519SignerFromSeed(new Uint8Array(32).fill(31));
const verifier = ed25519SignerFromSeed(new Uint8Array(32).fill(32));
const DIGEST = digestOf(new TextEncoder().encode('raw evidence'));

const CHALLENGE = buildEvidenceChallenge({
  federation: 'in.karnataka',
  authority: authority.key.did,
  digests: [DIGEST],
  verifiers: [verifier.key.did],
  openedAt: '2026-11-01T00:00:00Z',
  expiresAt: '2026-11-02T00:00:00Z',
  reason: 'the meter reading is disputed',
});
const REQUEST = buildDisclosureRequest({
  digest: DIGEST,
  verifier: verifier.key.did,
  challenge: CHALLENGE.id,
  requestedAt: '2026-11-01T01:00:00Z',
});

function codeOf(result: { ok: boolean; error?: { code: string } }): string | undefined {
  return result.ok ? undefined : result.error?.code;
}

describe('evidence challenges', () => {
  it('builds a challenge that passes its check and is signed under its own kind', () => {
    expect(checkEvidenceChallenge(CHALLENGE as unknown as JsonValue)).toEqual({
      ok: true,
      value: CHALLENGE,
    });
    const signed = withSignature(CHALLENGE, 'evidence-challenge', authority);
    const store = new TrustStore();
    const signers = store.verifySignatures(signed.signatures, 'evidence-challenge', signed.id, 0);
    expect(signers.ok && [...signers.value]).toEqual([authority.key.did]);
    // The same signature is not a disclosure request's: kinds are domain-separated.
    const replayed = store.verifySignatures(signed.signatures, 'disclosure-request', signed.id, 0);
    expect(codeOf(replayed)).toBe('signature_invalid');
  });

  it('refuses a challenge that expires before it opens', () => {
    const body = { ...CHALLENGE, expiresAt: CHALLENGE.openedAt };
    const resealed = buildEvidenceChallenge(body);
    expect(codeOf(checkEvidenceChallenge(resealed as unknown as JsonValue))).toBe(
      'evidence_challenge_times_inconsistent',
    );
  });

  it('refuses a challenge with no verifiers', () => {
    const resealed = buildEvidenceChallenge({ ...CHALLENGE, verifiers: [] });
    expect(codeOf(checkEvidenceChallenge(resealed as unknown as JsonValue))).toBe(
      'evidence_challenge_schema_invalid',
    );
  });

  it('refuses a challenge carrying raw evidence', () => {
    const smuggled = { ...CHALLENGE, bytes: 'cmF3IGV2aWRlbmNl' } as unknown as JsonValue;
    expect(codeOf(checkEvidenceChallenge(smuggled))).toBe('evidence_challenge_schema_invalid');
  });

  it('refuses a challenge whose body changed after its id was computed', () => {
    const tampered = { ...CHALLENGE, verifiers: [authority.key.did] } as unknown as JsonValue;
    expect(codeOf(checkEvidenceChallenge(tampered))).toBe('evidence_challenge_id_mismatch');
  });
});

describe('disclosure requests', () => {
  it('builds a request that passes its check', () => {
    expect(checkDisclosureRequest(REQUEST as unknown as JsonValue)).toEqual({
      ok: true,
      value: REQUEST,
    });
  });

  it('refuses a request that is not for a digest', () => {
    const resealed = buildDisclosureRequest({ ...REQUEST, digest: 'meter-1.csv' });
    expect(codeOf(checkDisclosureRequest(resealed as unknown as JsonValue))).toBe(
      'disclosure_request_schema_invalid',
    );
  });

  it('refuses a request whose body changed after its id was computed', () => {
    const tampered = { ...REQUEST, verifier: authority.key.did } as unknown as JsonValue;
    expect(codeOf(checkDisclosureRequest(tampered))).toBe('disclosure_request_id_mismatch');
  });
});
