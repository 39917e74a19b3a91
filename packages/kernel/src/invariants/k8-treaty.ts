/**
 * Building and checking treaties (K8). Both federations sign the same id, so buildTreaty puts the
 * pair in plain string order: whichever side drafts the treaty, the document and its id are equal.
 * Signatures are checked by a TrustStore; checkTreatySigned then asks whether both sides signed.
 */
import { sealObject } from '../crypto/signed-object.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import { checkContentId } from './k2-deterministic-integrity.js';
import { type Treaty, TreatySchema } from './k8-treaty-schema.js';

const checkSchema = compileSchema(TreatySchema);

export type TreatyFields = Omit<Treaty, 'v' | 'kind' | 'id' | 'signatures'>;

/** An unsigned treaty with its id; each federation adds withSignature(treaty, 'treaty', signer). */
export function buildTreaty(fields: TreatyFields): Treaty {
  const federations = [...fields.federations].sort(compareText);
  const body = { v: 1 as const, kind: 'treaty' as const, ...fields, federations };
  return sealObject(body);
}

export function checkTreaty(value: JsonValue): Result<Treaty> {
  // `value` is attacker-controlled until the schema check passes.
  const mismatch = checkSchema(value);
  if (mismatch) return fail('treaty_schema_invalid', mismatch.message, mismatch.path);
  const treaty = value as Treaty;
  if (treaty.federations[0] === treaty.federations[1]) {
    return fail('treaty_federations_not_distinct', 'two different federations', '/federations/1');
  }
  const times = checkTreatyTimes(treaty);
  if (!times.ok) return times;
  const id = checkContentId(treaty, 'treaty_id_mismatch');
  if (!id.ok) return id;
  return ok(treaty);
}

function checkTreatyTimes(treaty: Treaty): Result<true> {
  const fromMs = parseTimestamp(treaty.validFrom);
  if (fromMs === undefined) {
    return fail('treaty_schema_invalid', 'validFrom is not a date', '/validFrom');
  }
  if (treaty.validUntil === undefined) return ok(true);
  const untilMs = parseTimestamp(treaty.validUntil);
  if (untilMs === undefined) {
    return fail('treaty_schema_invalid', 'validUntil is not a date', '/validUntil');
  }
  if (untilMs <= fromMs) {
    return fail('treaty_times_inconsistent', 'validUntil must be after validFrom', '/validUntil');
  }
  return ok(true);
}

/** Plain UTF-16 code unit order: locale-independent, so both federations build the same bytes. */
function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
