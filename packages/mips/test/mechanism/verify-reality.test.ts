/** The reality plane's front door: evidence is opened only when it hashes to its digest. */
import { digestOf, utf8 } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { evidenceBytes, mipsLimits, verifyCase, verifyReality } from '../../src/index.js';
import { readingCase, readingModule, SAMPLES_TYPE } from './reading-module.js';

const CONTEXT = { nowMs: Date.UTC(2026, 10, 28, 9) };

function supplied(bytes: Uint8Array): Map<string, Uint8Array> {
  return new Map([[digestOf(bytes), bytes]]);
}

describe('verifyReality', () => {
  it('passes an honest claim with p, an interval around it and the check that moved it', () => {
    const result = verifyCase(readingModule, readingCase(20, [19.9, 20.1]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.verdict).toBe('pass');
    expect(result.value.p).toBeGreaterThan(0.99);
    expect(result.value.interval[0]).toBeLessThanOrEqual(result.value.p);
    expect(result.value.interval[1]).toBeGreaterThanOrEqual(result.value.p);
    expect(result.value.checks[0]?.name).toBe('claim-vs-samples');
    expect(result.value.checks[0]?.logLikelihoodRatio).toBeGreaterThan(0);
  });

  it('fails an inflated claim', () => {
    const result = verifyCase(readingModule, readingCase(23, [19.9, 20.1], 'inflated'));
    expect(result.ok && result.value.verdict).toBe('fail');
    expect(result.ok && result.value.p).toBeLessThan(0.01);
  });

  it('refuses evidence whose bytes do not hash to the digest the proof names', () => {
    const generated = readingCase(20, [19.9, 20.1]);
    const forged = evidenceBytes({ samples: [25, 25] });
    const swapped = new Map([[generated.proof.evidence[0]!.digest, forged]]);
    const result = verifyReality(readingModule, generated.proof, swapped, CONTEXT);
    expect(result.ok ? 'ok' : result.error.code).toBe('evidence_digest_mismatch');
    expect(result.ok ? '' : result.error.path).toBe('/evidence/0');
  });

  it('refuses a proof whose evidence was not supplied', () => {
    const generated = readingCase(20, [19.9, 20.1]);
    const result = verifyReality(readingModule, generated.proof, new Map(), CONTEXT);
    expect(result.ok ? 'ok' : result.error.code).toBe('evidence_missing');
  });

  it('refuses a proof without the evidence role its MIP requires', () => {
    const generated = readingCase(20, [19.9, 20.1]);
    const proof = { ...generated.proof, evidence: [] };
    const result = verifyReality(readingModule, proof, new Map(), CONTEXT);
    expect(result.ok ? 'ok' : result.error.code).toBe('evidence_role_missing');
  });

  it('refuses evidence of a media type none of the MIP roles uses', () => {
    const generated = readingCase(20, [19.9, 20.1]);
    const entry = { ...generated.proof.evidence[0]!, mediaType: 'image/jpeg' };
    const proof = { ...generated.proof, evidence: [entry] };
    const result = verifyReality(readingModule, proof, new Map(), CONTEXT);
    expect(result.ok ? 'ok' : result.error.code).toBe('evidence_role_unknown');
  });

  it('refuses evidence that is not strict JSON, or too large', () => {
    const generated = readingCase(20, [19.9, 20.1]);
    for (const bytes of [
      utf8('{"samples": [1, 2'),
      new Uint8Array(mipsLimits.EVIDENCE_BYTES_MAX + 1).fill(0x20),
    ]) {
      const entry = { ...generated.proof.evidence[0]!, digest: digestOf(bytes) };
      const proof = { ...generated.proof, evidence: [entry] };
      const result = verifyReality(readingModule, proof, supplied(bytes), CONTEXT);
      expect(result.ok ? 'ok' : result.error.code).toBe('evidence_unreadable');
    }
  });

  it('refuses a claim that does not match the MIP schema, and a proof of another MIP', () => {
    const generated = readingCase(20, [19.9, 20.1]);
    const bytes = generated.evidence[0]!.bytes;
    const badClaim = { ...generated.proof, claim: { ...generated.proof.claim, unit: 'K' } };
    const other = { ...generated.proof, mip: 'mip-test/other@1.0.0' };
    expect(codeOf(verifyReality(readingModule, badClaim, supplied(bytes), CONTEXT))).toBe(
      'mip_claim_invalid',
    );
    expect(codeOf(verifyReality(readingModule, other, supplied(bytes), CONTEXT))).toBe(
      'mip_not_in_module',
    );
    expect(generated.evidence[0]!.mediaType).toBe(SAMPLES_TYPE);
  });
});

function codeOf(result: { ok: boolean; error?: { code: string } }): string {
  return result.ok ? 'ok' : (result.error?.code ?? '');
}

describe('verifyReality: one piece per role', () => {
  it('refuses two pieces of evidence for one role, whichever comes first', () => {
    const generated = readingCase(20, [19.9, 20.1]);
    const second = evidenceBytes({ samples: [30, 30] });
    const entry = { ...generated.proof.evidence[0]!, digest: digestOf(second) };
    const proof = { ...generated.proof, evidence: [...generated.proof.evidence, entry] };
    const both = new Map([
      [generated.proof.evidence[0]!.digest, generated.evidence[0]!.bytes],
      [digestOf(second), second],
    ]);
    const result = verifyReality(readingModule, proof, both, CONTEXT);
    expect(result.ok ? 'ok' : `${result.error.code} ${result.error.path}`).toBe(
      'evidence_role_duplicate /evidence/1',
    );
  });
});
