/**
 * K8 federation sovereignty (ARCHITECTURE §4.1): a federation's policy pack alone decides
 * acceptance inside it; crossing zones needs a treaty signed by both federations. Signatures are
 * verified by a TrustStore; these checks take the identities that signed and ask whether the
 * right ones did.
 */

import { parseMipId } from '../mip/mip-id.js';
import { assert, fail, ok, type Result } from '../result.js';
import { parseTimestamp } from '../time.js';
import type { PolicyMip, PolicyPack } from './k8-policy-pack-schema.js';
import type { Treaty, TreatyKind } from './k8-treaty-schema.js';

/** Which identity (a did) speaks for each federation id: verifier configuration, not protocol data. */
export type FederationIdentities = ReadonlyMap<string, string>;

export interface AcceptanceQuery {
  /** The federation where the object asks to be accepted. */
  readonly federation: string;
  readonly mip: string;
}

export interface Crossing {
  readonly from: string;
  readonly to: string;
  readonly kind: TreatyKind;
  readonly mip?: string;
  /** When the object crosses, in ms since the epoch (the kernel reads no clock). */
  readonly atMs: number;
}

/** Only the federation's own pack decides, and only for a MIP version it pins exactly. */
export function checkPolicyAccepts(
  pack: Pick<PolicyPack, 'federation' | 'mips'>,
  query: AcceptanceQuery,
): Result<PolicyMip> {
  if (pack.federation !== query.federation) {
    return fail(
      'policy_pack_foreign',
      `the pack of ${pack.federation} cannot decide for ${query.federation}`,
    );
  }
  if (parseMipId(query.mip) === undefined) {
    return fail('mip_id_malformed', 'mip must be mip-<domain>/<type>@<semver>', '/mip');
  }
  const pinned = pack.mips.find((entry) => entry.mip === query.mip);
  if (pinned === undefined) {
    return fail('policy_mip_not_pinned', `${query.mip} is not pinned by ${pack.federation}`);
  }
  return ok(pinned);
}

/** K6 meets K7: a MIP may be accepted (logged, verifiable) and still mint no value. */
export function checkPolicySettles(
  pack: Pick<PolicyPack, 'federation' | 'mips'>,
  query: AcceptanceQuery,
): Result<PolicyMip> {
  const accepted = checkPolicyAccepts(pack, query);
  if (!accepted.ok || accepted.value.settleable) return accepted;
  return fail(
    'policy_mip_not_settleable',
    `${pack.federation} accepts ${query.mip} but does not settle it`,
  );
}

/** `signers`: identities whose signatures a TrustStore verified on the pack. */
export function checkPolicyPackSigned(
  pack: Pick<PolicyPack, 'federation'>,
  signers: ReadonlySet<string>,
  identities: FederationIdentities,
): Result<true> {
  const identity = identities.get(pack.federation);
  if (identity === undefined || !signers.has(identity)) {
    return fail('policy_pack_signature_missing', `${pack.federation} did not sign its policy pack`);
  }
  return ok(true);
}

/** `signers`: identities whose signatures a TrustStore verified on the treaty. */
export function checkTreatySigned(
  treaty: Pick<Treaty, 'federations'>,
  signers: ReadonlySet<string>,
  identities: FederationIdentities,
): Result<true> {
  for (const federation of treaty.federations) {
    const identity = identities.get(federation);
    if (identity === undefined || !signers.has(identity)) {
      return fail('treaty_signature_missing', `${federation} did not sign the treaty`);
    }
  }
  return ok(true);
}

/** The treaty names both sides, lists the kind (and the MIP, if it restricts MIPs), and is in force. */
export function checkTreatyAllows(
  treaty: Pick<Treaty, 'federations' | 'kinds' | 'mips' | 'validFrom' | 'validUntil'>,
  crossing: Crossing,
): Result<true> {
  assert(Number.isFinite(crossing.atMs), 'the crossing time is a number of ms');
  const { from, to } = crossing;
  if (from === to || !treaty.federations.includes(from) || !treaty.federations.includes(to)) {
    return fail('treaty_federation_not_party', `the treaty is not between ${from} and ${to}`);
  }
  if (!treaty.kinds.includes(crossing.kind)) {
    return fail('treaty_kind_not_listed', `a ${crossing.kind} may not cross under this treaty`);
  }
  // A restricted treaty lets through only what it names: an object with no MIP is not named.
  if (
    treaty.mips !== undefined &&
    (crossing.mip === undefined || !treaty.mips.includes(crossing.mip))
  ) {
    return fail(
      'treaty_mip_not_listed',
      `${crossing.mip ?? 'an object without a MIP'} may not cross`,
    );
  }
  return checkInForce(treaty, crossing.atMs);
}

/** Half-open validity [validFrom, validUntil), as for proof windows. */
function checkInForce(
  treaty: Pick<Treaty, 'validFrom' | 'validUntil'>,
  atMs: number,
): Result<true> {
  const fromMs = parseTimestamp(treaty.validFrom);
  if (fromMs === undefined) {
    return fail('treaty_schema_invalid', 'validFrom is not a date', '/validFrom');
  }
  if (atMs < fromMs) {
    return fail('treaty_not_yet_valid', `the treaty applies from ${treaty.validFrom}`);
  }
  if (treaty.validUntil === undefined) return ok(true);
  const untilMs = parseTimestamp(treaty.validUntil);
  if (untilMs === undefined) {
    return fail('treaty_schema_invalid', 'validUntil is not a date', '/validUntil');
  }
  if (atMs >= untilMs) return fail('treaty_expired', `the treaty ended at ${treaty.validUntil}`);
  return ok(true);
}
