import { describe, expect, it } from 'vitest';
import { signedProof, VERIFIER } from '../../test/fixtures.js';
import { proofId } from '../proof/build-proof.js';
import {
  attachVerification,
  buildVerification,
  type VerificationFields,
} from '../proof/verification-check.js';
import { checkExplicitUncertainty } from './k4-explicit-uncertainty.js';

const base: VerificationFields = {
  proof: `sha256:${'a'.repeat(64)}`,
  plane: 'reality',
  verifier: VERIFIER.key.did,
  verdict: 'pass',
  p: 0.9,
  interval: [0.85, 0.94],
  method: 'beta-posterior-audit',
  at: '2026-11-28T11:00:00Z',
};

describe('K4 explicit uncertainty (checkExplicitUncertainty)', () => {
  it('holds: a reality result with p inside its interval and a method; integrity results need none', () => {
    expect(checkExplicitUncertainty(buildVerification(base)).ok).toBe(true);
    expect(checkExplicitUncertainty(buildVerification({ ...base, p: 0.85 })).ok).toBe(true);
    const { p: _p, interval: _interval, method: _method, ...bare } = base;
    expect(checkExplicitUncertainty(buildVerification({ ...bare, plane: 'integrity' })).ok).toBe(
      true,
    );
  });

  it('holds: appending results never alters the signed claim or the proof id', () => {
    const proof = signedProof();
    const appended = attachVerification(
      attachVerification(proof, buildVerification(base)),
      buildVerification(base),
    );
    expect(proofId(appended)).toBe(proof.id);
    expect(appended.claim).toEqual(proof.claim);
    expect(appended.signatures).toEqual(proof.signatures);
  });

  it.each([
    ['no probability', { p: undefined }],
    ['no interval', { interval: undefined }],
    ['no method', { method: undefined }],
    ['p below its interval', { p: 0.5 }],
    ['p above its interval', { p: 0.99 }],
  ])('caught: a bare verdict — %s', (_name, change) => {
    const fields = Object.fromEntries(
      Object.entries({ ...base, ...change }).filter(([, value]) => value !== undefined),
    );
    const result = checkExplicitUncertainty(
      buildVerification(fields as unknown as VerificationFields),
    );
    expect(result.ok ? 'ok' : result.error.code).toBe('verification_uncertainty_missing');
  });
});
