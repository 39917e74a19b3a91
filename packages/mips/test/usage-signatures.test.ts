/**
 * Who signed a usage proof: the node first, then the session's client. A proof without the
 * client's countersignature, countersigned by another key, signed by another node, or changed
 * after signing is refused with its own code.
 */
import { buildProof, type Proof, proofId } from '@mycel/kernel';
import { describe, expect, it } from 'vitest';
import { buildUsageProof, checkUsageProof } from '../src/index.js';
import { clientKey, countersigned, FIELDS, nodeKey, otherKey, signed } from './usage-fixtures.js';

const codeOf = (proof: Proof, stage?: 'issued' | 'countersigned') => {
  const checked = checkUsageProof(proof, stage);
  return checked.ok ? 'ok' : checked.error.code;
};

describe('checkUsageProof', () => {
  it('accepts the node signature, then the client countersignature', () => {
    const issued = signed(buildUsageProof(FIELDS), nodeKey);
    expect(codeOf(issued, 'issued')).toBe('ok');
    expect(checkUsageProof(countersigned())).toMatchObject({ ok: true, value: { seconds: 90 } });
  });

  it('refuses a proof without the client countersignature', () => {
    const issued = signed(buildUsageProof(FIELDS), nodeKey);
    expect(codeOf(issued)).toBe('usage_client_signature_missing');
  });

  it('refuses a countersignature by another client', () => {
    const proof = signed(buildUsageProof(FIELDS), nodeKey, otherKey);
    expect(codeOf(proof)).toBe('usage_client_signature_missing');
  });

  it('refuses a proof signed by a key other than the node it names', () => {
    expect(codeOf(signed(buildUsageProof(FIELDS), otherKey, clientKey))).toBe(
      'usage_node_signature_missing',
    );
    expect(codeOf(signed(buildUsageProof(FIELDS), clientKey, nodeKey))).toBe(
      'usage_node_signature_missing',
    );
    expect(codeOf(buildUsageProof(FIELDS), 'issued')).toBe('usage_node_signature_missing');
  });

  it('refuses a body changed after signing, even with its id recomputed', () => {
    const proof = countersigned();
    const inflated = structuredClone(proof) as Proof & { claim: { value: { seconds: number } } };
    inflated.claim.value.seconds = 60;
    expect(codeOf(inflated)).toBe('usage_proof_altered');
    const reidentified = { ...inflated, id: proofId(inflated) };
    expect(codeOf(reidentified)).toBe('usage_node_signature_missing');
  });

  it('refuses a forged signature value', () => {
    const proof = countersigned();
    const entry = proof.signatures[1]!;
    const flipped = { ...entry, sig: `${entry.sig[0] === 'A' ? 'B' : 'A'}${entry.sig.slice(1)}` };
    const forged = { ...proof, signatures: [proof.signatures[0]!, flipped] };
    expect(codeOf(forged)).toBe('usage_client_signature_missing');
  });

  it('refuses what is not a usage proof at all', () => {
    const other = buildProof({
      mip: 'mip-energy/generation-interval@1.0.0',
      federation: 'devnet',
      claim: { subject: 'meter-1', predicate: 'generated', value: 5 },
      attestation: { issuer: nodeKey.key.did, capturedAt: '2026-11-28T07:00:00Z' },
      issuedAt: '2026-11-28T07:00:00Z',
    });
    expect(codeOf(signed(other, nodeKey, clientKey))).toBe('usage_proof_inconsistent');
  });
});
