/**
 * One event's transition (ARCHITECTURE §4.2), applied to the working state after the event's
 * chain, signature and time checks (contract-replay.ts). Each function checks who may act and
 * from which status, then changes the state; a refusal changes nothing the caller keeps.
 */
import type { ErrorCode } from '../error-codes.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';
import { parseTimestamp } from '../time.js';
import { deadlinesOf } from './contract-deadlines.js';
import type {
  AcceptEvent,
  ContractEvent,
  ContractEventType,
  CounterEvent,
  DisputeEvent,
  EvidenceEvent,
  ProposeEvent,
  ResolveEvent,
  VerificationEvent,
} from './contract-event-schema.js';
import { CONTRACT_MILESTONE_PROOFS_MAX } from './contract-limits.js';
import { AMOUNT_LIMIT, amountFor, quantityUnits } from './contract-quantity.js';
import { reverseAfterOverturn } from './contract-receipts.js';
import type { ContractStatus } from './contract-state.js';
import {
  checkContractTerms,
  contractTermsId,
  milestoneIds,
  partiesWithRole,
  partyRole,
  sameParties,
} from './contract-terms.js';
import type { ContractRole } from './contract-terms-schema.js';
import {
  hasOpenDispute,
  type Working,
  type WorkingProof,
  windowEndMs,
} from './contract-working.js';

/** Where each event leads, for the contract_transition_invalid message. */
const TARGET: Record<ContractEventType, ContractStatus> = {
  propose: 'PROPOSED',
  counter: 'PROPOSED',
  accept: 'ACCEPTED',
  reject: 'REJECTED',
  cancel: 'CANCELLED',
  start: 'IN_PROGRESS',
  evidence: 'VERIFYING',
  verification: 'VERIFIED',
  dispute: 'DISPUTED',
  resolve: 'VERIFIED',
  settle: 'SETTLED',
};

/** Roles that may send each event; undefined: any party. */
const ROLES: Partial<Record<ContractEventType, readonly ContractRole[]>> = {
  start: ['producer'],
  evidence: ['producer'],
  verification: ['verifier'],
  dispute: ['buyer', 'producer', 'verifier', 'operator'],
  resolve: ['authority'],
  settle: ['buyer', 'operator'],
};

type Refusal = Result<never>;

export function applyEvent(working: Working, event: ContractEvent, path: string): Result<true> {
  const refuse = (code: ErrorCode, message: string, at = ''): Refusal =>
    fail(code, message, `${path}${at}`);
  const atMs = parseTimestamp(event.at)!;
  if (working.status === 'EXPIRED') {
    return refuse('contract_expired', `the contract expired before ${event.at}`, '/at');
  }
  if (event.type === 'propose') return propose(working, event, path);
  const terms = working.terms!;
  const allowed = ROLES[event.type];
  const role = partyRole(terms, event.by);
  if (allowed !== undefined && (role === undefined || !allowed.includes(role))) {
    return refuse(
      'contract_event_role_forbidden',
      `${event.type} is sent by ${allowed.join(' or ')}, not by a ${role ?? 'non-party'}`,
      '/by',
    );
  }
  const invalid = (): Refusal =>
    refuse(
      'contract_transition_invalid',
      `no transition from ${working.status} to ${TARGET[event.type]} by ${event.type}`,
      '/type',
    );
  switch (event.type) {
    case 'counter':
      if (working.status !== 'PROPOSED') return invalid();
      return counter(working, event, path, atMs);
    case 'accept':
      if (working.status !== 'PROPOSED') return invalid();
      return accept(working, event, path);
    case 'reject':
      if (working.status !== 'PROPOSED') return invalid();
      working.status = 'REJECTED';
      return ok(true);
    case 'cancel':
      if (working.status !== 'PROPOSED' && working.status !== 'ACCEPTED') return invalid();
      working.status = 'CANCELLED';
      return ok(true);
    case 'start':
      if (working.status !== 'ACCEPTED') return invalid();
      working.status = 'IN_PROGRESS';
      return ok(true);
    case 'evidence':
      return evidence(working, event, path, atMs, invalid);
    case 'verification':
      return verification(working, event, path, atMs, invalid);
    case 'dispute':
      return dispute(working, event, path, atMs, invalid);
    case 'resolve':
      return resolve(working, event, path, atMs, invalid);
    case 'settle':
      if (working.status !== 'SETTLING') return invalid();
      working.status = 'SETTLED';
      return ok(true);
  }
}

function propose(working: Working, event: ProposeEvent, path: string): Result<true> {
  const terms = checkContractTerms(event.terms as unknown as JsonValue, `${path}/terms`);
  if (!terms.ok) return terms;
  if (parseTimestamp(event.at)! > parseTimestamp(terms.value.acceptBy)!) {
    return fail('contract_terms_invalid', 'acceptBy has passed already', `${path}/terms/acceptBy`);
  }
  working.status = 'PROPOSED';
  working.contract = event.id;
  setTerms(working, terms.value, event.by);
  return ok(true);
}

function setTerms(working: Working, terms: Working['terms'] & {}, by: string): void {
  working.terms = terms;
  working.termsId = contractTermsId(terms);
  working.termsBy = by;
  working.accepted = [];
  working.milestones = new Map(
    milestoneIds(terms).map((id) => {
      const cap = terms.milestones?.find((milestone) => milestone.id === id)?.quantityMax;
      return [
        id,
        {
          id,
          ...(cap === undefined ? {} : { quantityMaxUnits: quantityUnits(cap) }),
          evidence: [],
          proofs: [],
          claimedUnits: 0n,
        },
      ];
    }),
  );
}

function counter(working: Working, event: CounterEvent, path: string, atMs: number): Result<true> {
  if (event.by === working.termsBy) {
    return fail(
      'contract_event_role_forbidden',
      'a counter-proposal comes from a party other than the author of the current terms',
      `${path}/by`,
    );
  }
  const terms = checkContractTerms(event.terms as unknown as JsonValue, `${path}/terms`);
  if (!terms.ok) return terms;
  if (!sameParties(working.terms!, terms.value)) {
    return fail(
      'contract_terms_invalid',
      'a counter-proposal keeps the parties',
      `${path}/terms/parties`,
    );
  }
  if (atMs > parseTimestamp(terms.value.acceptBy)!) {
    return fail('contract_terms_invalid', 'acceptBy has passed already', `${path}/terms/acceptBy`);
  }
  setTerms(working, terms.value, event.by);
  return ok(true);
}

function accept(working: Working, event: AcceptEvent, path: string): Result<true> {
  if (event.terms !== working.termsId) {
    return fail(
      'contract_acceptance_stale',
      `the current terms are ${working.termsId}, not ${event.terms}`,
      `${path}/terms`,
    );
  }
  if (working.accepted.includes(event.by)) {
    return fail(
      'contract_already_accepted',
      `${event.by} accepted these terms already`,
      `${path}/by`,
    );
  }
  working.accepted.push(event.by);
  const everyone = working.terms!.parties.every((party) => working.accepted.includes(party.did));
  if (everyone) working.status = 'ACCEPTED';
  return ok(true);
}

function evidence(
  working: Working,
  event: EvidenceEvent,
  path: string,
  atMs: number,
  invalid: () => Refusal,
): Result<true> {
  const terms = working.terms!;
  if (atMs > deadlinesOf(working).workByMs) {
    return fail('contract_work_overdue', `evidence after workBy ${terms.workBy}`, `${path}/at`);
  }
  const milestone = working.milestones.get(event.milestone);
  if (milestone === undefined) {
    return fail(
      'contract_milestone_unknown',
      `the terms list no milestone ${event.milestone}`,
      `${path}/milestone`,
    );
  }
  if (working.status !== 'IN_PROGRESS' && working.status !== 'VERIFYING') return invalid();
  if (milestone.closedAtMs !== undefined) {
    return fail(
      'contract_milestone_closed',
      `milestone ${milestone.id} took its final evidence`,
      `${path}/milestone`,
    );
  }
  for (const [index, proof] of event.proofs.entries()) {
    if (working.proofs.has(proof)) {
      return fail(
        'contract_proof_duplicate',
        `${proof} is already evidence`,
        `${path}/proofs/${index}`,
      );
    }
  }
  if (milestone.proofs.length + event.proofs.length > CONTRACT_MILESTONE_PROOFS_MAX) {
    return fail(
      'contract_quantity_invalid',
      `a milestone holds at most ${CONTRACT_MILESTONE_PROOFS_MAX} proofs (one receipt's worth)`,
      `${path}/proofs`,
    );
  }
  const units = quantityUnits(event.quantity);
  if (amountFor(terms.price.minor, milestone.claimedUnits + units) >= AMOUNT_LIMIT) {
    return fail(
      'contract_quantity_invalid',
      'the milestone amount would exceed 38 digits',
      `${path}/quantity`,
    );
  }
  milestone.claimedUnits += units;
  milestone.evidence.push(event.id);
  for (const proof of event.proofs) {
    milestone.proofs.push(proof);
    working.proofs.set(proof, {
      id: proof,
      milestone: milestone.id,
      evidence: event.id,
      status: 'pending',
      verdicts: [],
    });
  }
  working.evidence.set(event.id, {
    id: event.id,
    milestone: milestone.id,
    proofs: event.proofs,
    quantity: event.quantity,
    units,
    at: event.at,
  });
  if (event.final === true) milestone.closedAtMs = atMs;
  working.status = 'VERIFYING';
  return ok(true);
}

/** The proof an event names, which some evidence of the contract must list. */
function listedProof(working: Working, id: string, path: string): Result<WorkingProof> {
  const proof = working.proofs.get(id);
  if (proof === undefined) {
    return fail('contract_proof_unknown', `no evidence lists ${id}`, `${path}/proof`);
  }
  return ok(proof);
}

function verification(
  working: Working,
  event: VerificationEvent,
  path: string,
  atMs: number,
  invalid: () => Refusal,
): Result<true> {
  const listed = listedProof(working, event.proof, path);
  if (!listed.ok) return listed;
  const proof = listed.value;
  if (proof.status !== 'pending') {
    return fail('contract_proof_decided', `${event.proof} is ${proof.status}`, `${path}/proof`);
  }
  if (working.status !== 'VERIFYING') return invalid();
  if (proof.verdicts.some((verdict) => verdict.verifier === event.by)) {
    return fail(
      'contract_verification_duplicate',
      `${event.by} already reported on ${event.proof}`,
      `${path}/by`,
    );
  }
  const { pMin, verifiersK } = working.terms!.thresholds;
  const counted = event.passed && event.p >= pMin;
  proof.verdicts.push({
    verifier: event.by,
    p: event.p,
    passed: event.passed,
    counted,
    at: event.at,
  });
  const passes = proof.verdicts.filter((verdict) => verdict.counted);
  const verifiers = partiesWithRole(working.terms!, 'verifier').length;
  if (passes.length >= verifiersK) {
    proof.status = 'verified';
    proof.decidedAtMs = atMs;
    proof.confidence = Math.min(...passes.map((verdict) => verdict.p));
  } else if (passes.length + (verifiers - proof.verdicts.length) < verifiersK) {
    proof.status = 'refused';
    proof.decidedAtMs = atMs;
  }
  return ok(true);
}

function dispute(
  working: Working,
  event: DisputeEvent,
  path: string,
  atMs: number,
  invalid: () => Refusal,
): Result<true> {
  const listed = listedProof(working, event.proof, path);
  if (!listed.ok) return listed;
  const proof = listed.value;
  const milestone = working.milestones.get(proof.milestone)!;
  const endMs = windowEndMs(working, milestone);
  if (endMs !== undefined && atMs >= endMs) {
    return fail(
      'contract_challenge_window_closed',
      `the challenge window of milestone ${milestone.id} closed at ${new Date(endMs).toISOString()}`,
      `${path}/at`,
    );
  }
  if (!['VERIFYING', 'VERIFIED', 'DISPUTED'].includes(working.status)) return invalid();
  if (endMs === undefined || proof.status !== 'verified') {
    return fail(
      'contract_dispute_invalid',
      `only a verified proof of a decided milestone can be disputed; ${event.proof} is ${proof.status}`,
      `${path}/proof`,
    );
  }
  proof.status = 'disputed';
  if (working.status === 'VERIFIED') working.status = 'DISPUTED';
  return ok(true);
}

function resolve(
  working: Working,
  event: ResolveEvent,
  path: string,
  atMs: number,
  invalid: () => Refusal,
): Result<true> {
  if (event.by !== working.terms!.disputeAuthority) {
    return fail(
      'contract_event_role_forbidden',
      'only the dispute authority named in the terms resolves',
      `${path}/by`,
    );
  }
  const listed = listedProof(working, event.proof, path);
  if (!listed.ok) return listed;
  const proof = listed.value;
  const lateFinding =
    working.status === 'SETTLING' && proof.status === 'verified' && event.outcome === 'overturned';
  if (!['VERIFYING', 'DISPUTED', 'SETTLING'].includes(working.status)) return invalid();
  if (proof.status !== 'disputed' && !lateFinding) {
    return fail(
      'contract_dispute_invalid',
      `${event.proof} has no open dispute (it is ${proof.status})`,
      `${path}/proof`,
    );
  }
  proof.status = event.outcome === 'upheld' ? 'verified' : 'overturned';
  if (working.status === 'DISPUTED' && !hasOpenDispute(working)) {
    working.status = 'VERIFIED';
    working.verifiedAtMs = atMs;
  }
  if (lateFinding) reverseAfterOverturn(working, proof.id, event.reason ?? 'overturned', atMs);
  return ok(true);
}
