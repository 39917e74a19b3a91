/**
 * Checking contract terms: the schema, then the rules it cannot state. One buyer pays (the
 * receipt's payer); at least one producer does the work; at least verifiersK verifier parties can
 * report, or no proof could ever pass; the dispute authority is a party with role `authority`
 * and nothing else, so nobody judges a dispute about their own work; deadlines come in order
 * (acceptBy ≤ workBy ≤ settleBy); milestone ids are distinct; splits sum to exactly 10 000 bps.
 */
import { contentId } from '../crypto/content-id.js';
import type { JsonObject } from '../crypto/signed-object.js';
import { checkSplitShares } from '../invariants/k7-split-shares.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';
import { compileSchema } from '../schema/schema-check.js';
import { parseTimestamp } from '../time.js';
import { CONTRACT_DEFAULT_MILESTONE } from './contract-limits.js';
import {
  type ContractRole,
  type ContractTerms,
  ContractTermsSchema,
} from './contract-terms-schema.js';

const checkSchema = compileSchema(ContractTermsSchema);

/** The content id of the terms: what an acceptance names. */
export function contractTermsId(terms: ContractTerms): string {
  return contentId(terms as unknown as JsonObject);
}

/** The milestone ids the terms run, in order: the listed ones, or `main`. */
export function milestoneIds(terms: ContractTerms): string[] {
  return terms.milestones === undefined
    ? [CONTRACT_DEFAULT_MILESTONE]
    : terms.milestones.map((milestone) => milestone.id);
}

export function partyRole(terms: ContractTerms, did: string): ContractRole | undefined {
  return terms.parties.find((party) => party.did === did)?.role;
}

export function partiesWithRole(terms: ContractTerms, role: ContractRole): string[] {
  return terms.parties.filter((party) => party.role === role).map((party) => party.did);
}

/** The one party with role buyer (checkContractTerms guarantees there is exactly one). */
export function buyerOf(terms: ContractTerms): string {
  return partiesWithRole(terms, 'buyer')[0]!;
}

export function checkContractTerms(value: JsonValue, path = ''): Result<ContractTerms> {
  // `value` is attacker-controlled until the schema check passes.
  const mismatch = checkSchema(value);
  if (mismatch) {
    return fail('contract_terms_invalid', mismatch.message, `${path}${mismatch.path}`);
  }
  const terms = value as unknown as ContractTerms;
  const invalid = (message: string, at: string) =>
    fail<ContractTerms>('contract_terms_invalid', message, `${path}${at}`);
  const seen = new Set<string>();
  for (const [index, party] of terms.parties.entries()) {
    if (seen.has(party.did)) return invalid(`${party.did} is a party twice`, `/parties/${index}`);
    seen.add(party.did);
  }
  if (partiesWithRole(terms, 'buyer').length !== 1) {
    return invalid('a contract has exactly one buyer (the payer)', '/parties');
  }
  if (partiesWithRole(terms, 'producer').length === 0) {
    return invalid('a contract has at least one producer', '/parties');
  }
  const verifiers = partiesWithRole(terms, 'verifier').length;
  if (verifiers < terms.thresholds.verifiersK) {
    return invalid(
      `verifiersK is ${terms.thresholds.verifiersK} but only ${verifiers} verifier parties are named`,
      '/thresholds/verifiersK',
    );
  }
  if (partyRole(terms, terms.disputeAuthority) !== 'authority') {
    return invalid('the dispute authority is a party with role authority', '/disputeAuthority');
  }
  const acceptBy = parseTimestamp(terms.acceptBy)!;
  const workBy = parseTimestamp(terms.workBy)!;
  const settleBy = parseTimestamp(terms.settleBy)!;
  if (workBy < acceptBy) return invalid('workBy is before acceptBy', '/workBy');
  if (settleBy < workBy) return invalid('settleBy is before workBy', '/settleBy');
  const milestones = new Set<string>();
  for (const [index, milestone] of (terms.milestones ?? []).entries()) {
    if (milestones.has(milestone.id)) {
      return invalid(`milestone ${milestone.id} is listed twice`, `/milestones/${index}/id`);
    }
    milestones.add(milestone.id);
  }
  const splits = checkSplitShares(terms.splits, `${path}/splits`);
  if (!splits.ok) return fail('contract_terms_invalid', splits.error.message, splits.error.path);
  return ok(terms);
}

/** Counter-proposals change what is bought and for how much, never who is party to it. */
export function sameParties(left: ContractTerms, right: ContractTerms): boolean {
  const key = (terms: ContractTerms) =>
    terms.parties
      .map((party) => `${party.did} ${party.role}`)
      .sort()
      .join('\n');
  return key(left) === key(right);
}
