/**
 * Building and checking policy packs (K8). The id is the content id of the whole body (version
 * and issuedAt included): every version of a pack is its own signed document. Signatures are
 * checked by a TrustStore; checkPolicyPackSigned then asks whether the federation itself signed.
 */
import { sealObject } from '../crypto/signed-object.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import { checkContentId } from './k2-deterministic-integrity.js';
import { checkSplitShares } from './k7-split-shares.js';
import { type PolicyPack, PolicyPackSchema } from './k8-policy-pack-schema.js';

const checkSchema = compileSchema(PolicyPackSchema);

export type PolicyPackFields = Omit<PolicyPack, 'v' | 'kind' | 'id' | 'signatures'>;

/** An unsigned policy pack with its id; sign it with withSignature(pack, 'policy-pack', signer). */
export function buildPolicyPack(fields: PolicyPackFields): PolicyPack {
  const body = { v: 1 as const, kind: 'policy-pack' as const, ...fields };
  return sealObject(body);
}

export function checkPolicyPack(value: JsonValue): Result<PolicyPack> {
  // `value` is attacker-controlled until the schema check passes.
  const mismatch = checkSchema(value);
  if (mismatch) return fail('policy_pack_schema_invalid', mismatch.message, mismatch.path);
  const pack = value as PolicyPack;
  if (parseTimestamp(pack.issuedAt) === undefined) {
    return fail('policy_pack_schema_invalid', 'issuedAt is not a date', '/issuedAt');
  }
  const entries = checkEntriesDistinct(pack);
  if (!entries.ok) return entries;
  if (pack.splitDefaults !== undefined) {
    const shares = pack.splitDefaults.map(({ role, bps }) => ({ party: role, bps }));
    const checked = checkSplitShares(shares, '/splitDefaults');
    if (!checked.ok) return checked;
  }
  const id = checkContentId(pack, 'policy_pack_id_mismatch');
  if (!id.ok) return id;
  return ok(pack);
}

/** A second entry for the same key would leave it to list order which one decides. */
function checkEntriesDistinct(pack: PolicyPack): Result<true> {
  const lists: [string, readonly string[]][] = [
    ['mips', pack.mips.map((entry) => entry.mip)],
    ['trustAnchors', pack.trustAnchors.map((anchor) => anchor.did)],
    ['rules', (pack.rules ?? []).map((rule) => rule.name)],
    ['splitDefaults', (pack.splitDefaults ?? []).map((split) => split.role)],
    // One entry per coordinator, and one owner per colony: a summary's colony claim is then
    // decided by exactly one entry.
    ['coordinators', (pack.coordinators ?? []).map((entry) => entry.did)],
    ['coordinators', (pack.coordinators ?? []).map((entry) => `colony ${entry.colony}`)],
    // Bands take the highest matching rate, so a twin is harmless, but it is a slip worth naming.
    ['audit/byReputation', (pack.audit?.byReputation ?? []).map((band) => `below ${band.below}`)],
    [
      'audit/byStake',
      (pack.audit?.byStake ?? []).map((band) => `${band.atLeastMinor} ${band.currency}`),
    ],
  ];
  for (const [field, keys] of lists) {
    const seen = new Set<string>();
    for (const [index, key] of keys.entries()) {
      if (seen.has(key)) {
        return fail('policy_pack_entry_duplicate', `${key} is listed twice`, `/${field}/${index}`);
      }
      seen.add(key);
    }
  }
  return ok(true);
}
