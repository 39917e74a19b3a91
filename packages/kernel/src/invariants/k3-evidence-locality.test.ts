import { describe, expect, it } from 'vitest';
import { signedProof } from '../../test/fixtures.js';
import type { JsonValue } from '../json/strict-json.js';
import { checkEvidenceLocality } from './k3-evidence-locality.js';

describe('K3 evidence locality (checkEvidenceLocality)', () => {
  it('holds: evidence entries carry only digest, media type, vault and disclosure rule', () => {
    const proof = signedProof() as unknown as { [key: string]: JsonValue };
    expect(checkEvidenceLocality(proof).ok).toBe(true);
    expect(checkEvidenceLocality({ evidence: [] }).ok).toBe(true);
  });

  it.each(['data', 'content', 'bytes', 'url'])(
    'caught: an entry carrying "%s" alongside its digest',
    (field) => {
      const proof = signedProof();
      const inline = {
        ...proof,
        evidence: [proof.evidence[0]!, { ...proof.evidence[0]!, [field]: 'raw readings' }],
      };
      const result = checkEvidenceLocality(inline as unknown as { [key: string]: JsonValue });
      expect(result.ok ? 'ok' : result.error.code).toBe('proof_evidence_inline');
      expect(result.ok ? '' : result.error.path).toBe(`/evidence/1/${field}`);
    },
  );
});
