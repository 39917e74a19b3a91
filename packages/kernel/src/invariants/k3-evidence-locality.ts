/**
 * K3 evidence locality: an envelope carries evidence digests, never raw evidence. Checked before
 * the schema so that an envelope smuggling data into an evidence entry gets the precise code.
 * (Raw evidence leaving its vault under a policy rule is the vault's concern; `disclosure` on
 * each entry is the shape that rule reads.)
 */
import type { JsonValue } from '../json/strict-json.js';
import { EVIDENCE_FIELDS } from '../proof/proof-schema.js';
import { fail, ok, type Result } from '../result.js';

const ALLOWED = new Set<string>(EVIDENCE_FIELDS);

export function checkEvidenceLocality(envelope: {
  readonly [key: string]: JsonValue;
}): Result<true> {
  const evidence = envelope.evidence;
  if (!Array.isArray(evidence)) return ok(true);
  for (let index = 0; index < evidence.length; index++) {
    const entry = evidence[index];
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) continue;
    const extra = Object.keys(entry).find((key) => !ALLOWED.has(key));
    if (extra !== undefined) {
      return fail(
        'proof_evidence_inline',
        `evidence entries hold only a digest and where it lives, not "${extra}"`,
        `/evidence/${index}/${extra}`,
      );
    }
  }
  return ok(true);
}
