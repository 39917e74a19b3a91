/**
 * Building and checking NodeCo records. The id is the content id of the body (signatures left
 * out), owners are listed in party order so one record has one spelling (K2), and the record is
 * valid only when the node itself signed it. A did:key is its own public key, so the node's
 * signature verifies without any registry: an empty TrustStore resolves it; a caller's store
 * also applies the node's rotations and revocations.
 */

import { sealObject } from '../crypto/signed-object.js';
import { TrustStore } from '../identity/trust-store.js';
import { checkContentId } from '../invariants/k2-deterministic-integrity.js';
import { checkSplitShares } from '../invariants/k7-split-shares.js';
import type { JsonValue } from '../json/strict-json.js';
import { NODECO_SHARES_DIGITS_MAX, SPLIT_PARTIES_MAX } from '../limits.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import {
  DEFAULT_NODECO_POLICY,
  type NodeCo,
  type NodeCoOwner,
  type NodeCoPolicy,
  NodeCoSchema,
} from './nodeco-schema.js';
import { compareText, isPositiveShares, SHARES_TOTAL_MAX } from './shares.js';

const checkSchema = compileSchema(NodeCoSchema);

export type NodeCoFields = Omit<NodeCo, 'v' | 'kind' | 'id' | 'signatures' | 'policy'> & {
  /** The 70/20/10 default (DEFAULT_NODECO_POLICY) unless given. */
  readonly policy?: NodeCoPolicy;
};

/** An unsigned record with its id; the node signs it: withSignature(record, 'nodeco', node). */
export function buildNodeCo(fields: NodeCoFields): NodeCo {
  return sealObject({
    v: 1 as const,
    kind: 'nodeco' as const,
    ...fields,
    policy: { ...(fields.policy ?? DEFAULT_NODECO_POLICY) },
    owners: [...fields.owners].sort((left, right) => compareText(left.party, right.party)),
  });
}

/**
 * Shape, policy, owners, parties, id and the node's signature, in that order (the first broken
 * rule is the error). `trust` defaults to an empty store: the node's did:key alone.
 */
export function checkNodeCo(
  value: JsonValue,
  trust: TrustStore = new TrustStore(),
): Result<NodeCo> {
  // `value` is attacker-controlled until the schema check passes.
  const mismatch = checkSchema(value);
  if (mismatch) return fail('nodeco_schema_invalid', mismatch.message, mismatch.path);
  const record = value as NodeCo;
  const policy = checkPolicy(record.policy);
  if (!policy.ok) return policy;
  const owners = checkOwners(record.owners);
  if (!owners.ok) return owners;
  const parties = checkParties(record);
  if (!parties.ok) return parties;
  const id = checkContentId(record, 'nodeco_id_mismatch');
  if (!id.ok) return id;
  const signed = checkSignedByNode(record, trust);
  if (!signed.ok) return signed;
  return ok(record);
}

/** The policy is a split among three roles: whole bps summing to BPS_TOTAL (operator may be 0). */
function checkPolicy(policy: NodeCoPolicy): Result<true> {
  const shares = [
    { party: 'owners', bps: policy.owners },
    { party: 'operator', bps: policy.operator },
    { party: 'protocol', bps: policy.protocol },
  ].filter((share) => share.party !== 'operator' || share.bps !== 0);
  const checked = checkSplitShares(shares);
  if (!checked.ok) return fail('nodeco_policy_invalid', checked.error.message, '/policy');
  return ok(true);
}

function checkOwners(owners: readonly NodeCoOwner[]): Result<true> {
  if (owners.length === 0) return fail('nodeco_owners_invalid', 'a NodeCo has an owner', '/owners');
  if (owners.length > SPLIT_PARTIES_MAX) {
    return fail(
      'nodeco_owners_invalid',
      `a NodeCo has at most ${SPLIT_PARTIES_MAX} owners`,
      '/owners',
    );
  }
  let sharesTotal = 0n;
  for (const [index, owner] of owners.entries()) {
    if (!isPositiveShares(owner.shares)) {
      return fail(
        'nodeco_owners_invalid',
        `shares are a positive integer of at most ${NODECO_SHARES_DIGITS_MAX} digits`,
        `/owners/${index}/shares`,
      );
    }
    sharesTotal += BigInt(owner.shares);
    const previous = owners[index - 1];
    if (previous !== undefined && compareText(previous.party, owner.party) >= 0) {
      const reason = previous.party === owner.party ? 'is listed twice' : 'is out of party order';
      return fail('nodeco_owners_invalid', `${owner.party} ${reason}`, `/owners/${index}/party`);
    }
  }
  if (sharesTotal > SHARES_TOTAL_MAX) {
    return fail(
      'nodeco_owners_invalid',
      `a NodeCo has at most ${SHARES_TOTAL_MAX} shares in all, so any holding can be transferred`,
      '/owners',
    );
  }
  return ok(true);
}

/**
 * Node, operator and protocol are three parties: each has its own split, and a split names a
 * party once. The node's key is the owners' pool, not an owner: its part is split again among
 * the owners, so an owner named like the node would be paid by two rules.
 */
function checkParties(record: NodeCo): Result<true> {
  if (record.operator === record.node) {
    return fail('nodeco_parties_invalid', 'the operator is not the node', '/operator');
  }
  if (record.protocol === record.node || record.protocol === record.operator) {
    return fail('nodeco_parties_invalid', 'the protocol is neither node nor operator', '/protocol');
  }
  const index = record.owners.findIndex((owner) => owner.party === record.node);
  if (index >= 0) {
    return fail(
      'nodeco_parties_invalid',
      'the node is not its own owner',
      `/owners/${index}/party`,
    );
  }
  return ok(true);
}

function checkSignedByNode(record: NodeCo, trust: TrustStore): Result<true> {
  const atMs = parseTimestamp(record.effectiveAt)!; // the schema's date-time format parsed it
  const signers = trust.verifySignatures(record.signatures, 'nodeco', record.id, atMs);
  if (!signers.ok) {
    const { code, message } = signers.error;
    return fail('nodeco_signature_invalid', `${code}: ${message}`, '/signatures');
  }
  if (!signers.value.has(record.node)) {
    return fail(
      'nodeco_signature_invalid',
      `${record.node} did not sign its record`,
      '/signatures',
    );
  }
  return ok(true);
}
