import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedProof } from '../../test/fixtures.js';
import { PROOF_UNSIGNED_FIELDS } from '../proof/build-proof.js';
import { canonicalForm, checkContentId } from './k2-deterministic-integrity.js';

function shuffledKeys(value: unknown, order: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffledKeys(item, order));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const rotated = entries.map((_, index) => entries[(index + order) % entries.length]!);
  return Object.fromEntries(rotated.map(([key, member]) => [key, shuffledKeys(member, order)]));
}

describe('K2 deterministic integrity (checkContentId, canonicalForm)', () => {
  const proof = signedProof();

  it('holds: any key order gives the same id and the same canonical bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), (order) => {
        const reordered = shuffledKeys(proof, order) as typeof proof;
        const form = canonicalForm(reordered, PROOF_UNSIGNED_FIELDS);
        expect(form.id).toBe(proof.id);
        expect(form.canonical).toEqual(canonicalForm(proof, PROOF_UNSIGNED_FIELDS).canonical);
        expect(checkContentId(reordered, 'proof_id_mismatch', PROOF_UNSIGNED_FIELDS).ok).toBe(true);
      }),
    );
  });

  it('holds: signatures and verifications are outside the id, every signed field inside it', () => {
    const withoutSignatures = { ...proof, signatures: [], verifications: [] };
    expect(canonicalForm(withoutSignatures, PROOF_UNSIGNED_FIELDS).id).toBe(proof.id);
  });

  it('caught: a change to any signed field changes the id', () => {
    const changes = [
      { ...proof, federation: 'other' },
      { ...proof, claim: { ...proof.claim, value: 1501 } },
      { ...proof, issuedAt: '2026-11-28T11:00:03Z' },
      { ...proof, evidence: [] },
    ];
    for (const changed of changes) {
      const result = checkContentId(changed, 'proof_id_mismatch', PROOF_UNSIGNED_FIELDS);
      expect(result.ok ? 'ok' : result.error.code).toBe('proof_id_mismatch');
    }
  });
});
