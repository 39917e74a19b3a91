/**
 * Assessing a proof under a federation's pack: version pinning (K8), integrity-only for unknown
 * modules (K6), the signed reality result the kernel accepts (K4), and results that cannot
 * change the signed claim (K5).
 */
import {
  attachVerification,
  buildPolicyPack,
  buildVerification,
  digestOf,
  type PolicyPack,
  ProofVerifier,
  signProof,
  TrustStore,
  withSignature,
} from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { assessProof, mipCatalog, modulesById } from '../../src/index.js';
import {
  producer,
  READING_MIP,
  readingCase,
  readingModule,
  verifierKey,
} from './reading-module.js';

const NOW_MS = Date.UTC(2026, 10, 28, 9);
const modules = modulesById([readingModule]);

function pack(mips: PolicyPack['mips']): PolicyPack {
  return buildPolicyPack({
    federation: 'devnet',
    version: 3,
    issuedAt: '2026-11-01T00:00:00Z',
    mips,
    trustAnchors: [],
  });
}

const accepting = pack([{ mip: READING_MIP, settleable: true, pMin: 0.9 }]);

function assess(claimed: number, policy = accepting, label = 'honest') {
  const generated = readingCase(claimed, [19.9, 20.1], label);
  const supplied = new Map(generated.evidence.map((p) => [digestOf(p.bytes), p.bytes]));
  const proof = signProof(generated.proof, producer);
  if (!proof.ok) throw new Error(proof.error.message);
  const result = assessProof({
    proof: proof.value,
    pack: policy,
    modules,
    supplied,
    verifier: verifierKey,
    nowMs: NOW_MS,
  });
  return { proof: proof.value, result };
}

describe('assessProof', () => {
  it('accepts an honest proof and signs a result the kernel verifies when attached', () => {
    const { proof, result } = assess(20);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ standing: 'reality', accepted: true, settleable: true });
    const verification = result.value.verification!;
    expect(verification).toMatchObject({ plane: 'reality', verdict: 'pass', proof: proof.id });
    const attached = attachVerification(proof, verification);
    expect(attached.id).toBe(proof.id);
    const verifier = new ProofVerifier({ trust: new TrustStore(), mips: mipCatalog(modules) });
    const verified = verifier.verifyValue(attached as never, NOW_MS);
    expect(verified.ok).toBe(true);
    expect(verified.ok && verified.value.settleable).toBe(true);
  });

  it('refuses an inflated claim with the reason, still signing the failing result', () => {
    const { result } = assess(24, accepting, 'inflated');
    expect(result.ok && result.value.accepted).toBe(false);
    expect(result.ok && result.value.reason).toMatch(/^verdict fail/);
    expect(result.ok && result.value.verification?.verdict).toBe('fail');
  });

  it('refuses a proof whose MIP version the pack does not accept, naming what it does accept', () => {
    const other = pack([{ mip: 'mip-test/reading@2.0.0', settleable: true }]);
    const { result } = assess(20, other);
    expect(result.ok ? 'ok' : result.error.code).toBe('mip_version_not_accepted');
    expect(result.ok ? '' : result.error.message).toMatch(/accepts mip-test\/reading@2\.0\.0/);
  });

  it('integrity-checks only, and never settles, a MIP the pack lists but this verifier lacks', () => {
    const generated = readingCase(20, [19.9, 20.1]);
    const result = assessProof({
      proof: generated.proof,
      pack: accepting,
      modules: new Map(),
      supplied: new Map(),
      verifier: verifierKey,
      nowMs: NOW_MS,
    });
    expect(result.ok && result.value).toMatchObject({
      standing: 'integrity-only',
      settleable: false,
    });
  });

  it('does not accept when the conservative p is below the pack p_min', () => {
    const strict = pack([{ mip: READING_MIP, settleable: true, pMin: 1 }]);
    const { result } = assess(20.05, strict);
    expect(result.ok && result.value.accepted).toBe(false);
    expect(result.ok && result.value.reason).toMatch(/below the pack's p_min/);
  });

  it('leaves a listed but non-settleable MIP accepted and unsettled', () => {
    const logged = pack([{ mip: READING_MIP, settleable: false }]);
    const { result } = assess(20, logged);
    expect(result.ok && result.value).toMatchObject({ accepted: true, settleable: false });
  });

  it('K4: the kernel refuses a reality result without confidence', () => {
    const { proof } = assess(20);
    const bare = withSignature(
      buildVerification({
        proof: proof.id,
        plane: 'reality',
        verifier: verifierKey.key.did,
        verdict: 'pass',
        at: '2026-11-28T09:00:00Z',
      }),
      'verification',
      verifierKey,
    );
    const verifier = new ProofVerifier({ trust: new TrustStore(), mips: mipCatalog(modules) });
    const result = verifier.verifyValue(attachVerification(proof, bare) as never, NOW_MS);
    expect(result.ok ? 'ok' : result.error.code).toBe('verification_uncertainty_missing');
  });

  it('K5: a result cannot change the signed claim; the changed proof no longer verifies', () => {
    const { proof, result } = assess(20);
    if (!result.ok) throw new Error(result.error.message);
    const changed = {
      ...attachVerification(proof, result.value.verification!),
      claim: { ...proof.claim, value: { celsius: 30 } },
    };
    const verifier = new ProofVerifier({ trust: new TrustStore(), mips: mipCatalog(modules) });
    const verified = verifier.verifyValue(changed as never, NOW_MS);
    expect(verified.ok ? 'ok' : verified.error.code).toBe('proof_id_mismatch');
    // Re-sealing the changed claim makes another proof, which the old result is not about.
    const resealed = { ...changed, id: digestOf(new Uint8Array([1])) };
    const again = verifier.verifyValue(resealed as never, NOW_MS);
    expect(again.ok).toBe(false);
  });
});
