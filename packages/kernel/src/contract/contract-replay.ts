/**
 * replayContract: the pure reducer. A contract is its signed event list; its state is what
 * replaying the list gives at a time `nowMs` (an input: the kernel reads no clock). Each event
 * is checked in this order, and the first refusal is the result, its path `/<index>/...`:
 *   1. schema and id (contract_event_schema_invalid, contract_event_id_mismatch);
 *   2. its place: a proposal first and only first, the same contract, `prev` = the previous id,
 *      `at` not before the previous event's nor beyond nowMs + CONTRACT_EVENT_FUTURE_SKEW_MS;
 *   3. its signatures, verified here (did:key, see contract-event.ts): every signer and `by` are
 *      parties of the current terms (contract_event_signer_not_party), and `by` signed it;
 *   4. the deadlines up to its `at` (contract-deadlines.ts), then its transition.
 * After the last event the deadlines run up to nowMs, which is when effects become due.
 */
import type { TrustStore } from '../identity/trust-store.js';
import type { JsonValue } from '../json/strict-json.js';
import { fail, ok, type Result } from '../result.js';
import { formatTimestamp, parseTimestamp } from '../time.js';
import { advanceTo, contractWindowEndMs } from './contract-deadlines.js';
import { checkContractEvent, contractEventSigners } from './contract-event.js';
import type { ContractEvent } from './contract-event-schema.js';
import { CONTRACT_EVENT_FUTURE_SKEW_MS, CONTRACT_EVENTS_MAX } from './contract-limits.js';
import { amountFor, formatQuantity } from './contract-quantity.js';
import { mintedMinor } from './contract-receipts.js';
import type { ContractState, MilestoneState, MilestoneStatus } from './contract-state.js';
import type { ContractTerms } from './contract-terms-schema.js';
import { applyEvent } from './contract-transitions.js';
import {
  billableItems,
  billableUnits,
  emptyWorking,
  evidenceStatus,
  hasOpenDispute,
  verifiedUnits,
  type Working,
  type WorkingMilestone,
  windowEndMs,
} from './contract-working.js';

export interface ReplayOptions {
  /** Resolves signers' keys; default an empty TrustStore (every did:key is its own key). */
  readonly trust?: TrustStore;
}

/**
 * The state of the contract the events make, at `nowMs` (default: the latest event `at`).
 * No events is a DRAFT: terms being written, nothing signed yet.
 */
export function replayContract(
  events: readonly JsonValue[],
  nowMs?: number,
  options: ReplayOptions = {},
): Result<ContractState> {
  if (events.length > CONTRACT_EVENTS_MAX) {
    return fail(
      'contract_events_too_many',
      `a contract holds at most ${CONTRACT_EVENTS_MAX} events`,
    );
  }
  const working = emptyWorking();
  const checked: ContractEvent[] = [];
  for (const [index, value] of events.entries()) {
    const event = checkContractEvent(value, `/${index}`);
    if (!event.ok) return event;
    checked.push(event.value);
  }
  const now = nowMs ?? Math.max(0, ...checked.map((event) => parseTimestamp(event.at)!));
  for (const [index, event] of checked.entries()) {
    const applied = applyOne(working, event, `/${index}`, now, options.trust);
    if (!applied.ok) return applied;
  }
  advanceTo(working, now);
  return ok(stateOf(working, now));
}

function applyOne(
  working: Working,
  event: ContractEvent,
  path: string,
  nowMs: number,
  trust: TrustStore | undefined,
): Result<true> {
  const placed = checkPlace(working, event, path, nowMs);
  if (!placed.ok) return placed;
  const terms: ContractTerms = event.type === 'propose' ? event.terms : working.terms!;
  const signed = checkSigners(terms, event, path, trust);
  if (!signed.ok) return signed;
  const atMs = parseTimestamp(event.at)!;
  advanceTo(working, atMs);
  const applied = applyEvent(working, event, path);
  if (!applied.ok) return applied;
  working.head = event.id;
  working.headAtMs = atMs;
  working.eventCount += 1;
  advanceTo(working, atMs);
  return ok(true);
}

function checkPlace(
  working: Working,
  event: ContractEvent,
  path: string,
  nowMs: number,
): Result<true> {
  const atMs = parseTimestamp(event.at)!;
  if (atMs > nowMs + CONTRACT_EVENT_FUTURE_SKEW_MS) {
    return fail(
      'contract_event_from_future',
      `${event.at} is after now (${formatTimestamp(nowMs)})`,
      `${path}/at`,
    );
  }
  if (working.head === undefined) {
    if (event.type !== 'propose') {
      return fail(
        'contract_event_out_of_order',
        'a contract opens with a proposal',
        `${path}/type`,
      );
    }
    return ok(true);
  }
  if (event.type === 'propose') {
    return fail(
      'contract_event_out_of_order',
      'a proposal opens a new contract; counter-propose instead',
      `${path}/type`,
    );
  }
  if (event.contract !== working.contract) {
    return fail(
      'contract_event_contract_mismatch',
      `the event names contract ${event.contract}, not ${working.contract}`,
      `${path}/contract`,
    );
  }
  if (event.prev !== working.head) {
    return fail(
      'contract_event_prev_mismatch',
      `prev should be ${working.head}, the previous event`,
      `${path}/prev`,
    );
  }
  if (atMs < working.headAtMs!) {
    return fail(
      'contract_event_out_of_order',
      `${event.at} is before the previous event (${formatTimestamp(working.headAtMs!)})`,
      `${path}/at`,
    );
  }
  return ok(true);
}

function checkSigners(
  terms: ContractTerms,
  event: ContractEvent,
  path: string,
  trust: TrustStore | undefined,
): Result<true> {
  const isParty = (did: string) => terms.parties.some((party) => party.did === did);
  if (!isParty(event.by)) {
    return fail('contract_event_signer_not_party', `${event.by} is not a party`, `${path}/by`);
  }
  const signers = contractEventSigners(event, trust);
  if (!signers.ok) {
    return fail(signers.error.code, signers.error.message, `${path}/signatures`);
  }
  for (const signer of signers.value) {
    if (!isParty(signer)) {
      return fail(
        'contract_event_signer_not_party',
        `${signer} signed but is not a party`,
        `${path}/signatures`,
      );
    }
  }
  if (!signers.value.has(event.by)) {
    return fail(
      'contract_event_signer_mismatch',
      `${event.by} did not sign it`,
      `${path}/signatures`,
    );
  }
  return ok(true);
}

function stateOf(working: Working, nowMs: number): ContractState {
  const terms = working.terms;
  const milestones = [...working.milestones.values()].map((m) => milestoneOf(working, m));
  const windowEnd = terms === undefined ? undefined : contractWindowEndMs(working);
  const total = milestones.reduce((sum, m) => sum + BigInt(m.amountMinor), 0n);
  return {
    status: working.status,
    ...(working.contract === undefined ? {} : { contract: working.contract }),
    ...(terms === undefined ? {} : { terms, termsId: working.termsId!, termsBy: working.termsBy! }),
    acceptedBy: [...working.accepted],
    milestones,
    evidence: [...working.evidence.values()].map((evidence) => ({
      id: evidence.id,
      milestone: evidence.milestone,
      proofs: [...evidence.proofs],
      quantity: evidence.quantity,
      at: evidence.at,
      status: evidenceStatus(working, evidence),
    })),
    proofs: [...working.proofs.values()].map((proof) => ({
      id: proof.id,
      milestone: proof.milestone,
      evidence: proof.evidence,
      status: proof.status,
      verdicts: [...proof.verdicts],
      ...(proof.decidedAtMs === undefined ? {} : { decidedAt: formatTimestamp(proof.decidedAtMs) }),
      ...(proof.confidence === undefined ? {} : { confidence: proof.confidence }),
    })),
    ...(working.head === undefined ? {} : { head: working.head }),
    eventCount: working.eventCount,
    ...(working.verifiedAtMs === undefined
      ? {}
      : { verifiedAt: formatTimestamp(working.verifiedAtMs) }),
    ...(windowEnd === undefined ? {} : { windowEndsAt: formatTimestamp(windowEnd) }),
    amount:
      terms === undefined ? undefined : { minor: total.toString(), currency: terms.price.currency },
    effects: [...working.effects],
    nowMs,
  };
}

function milestoneOf(working: Working, milestone: WorkingMilestone): MilestoneState {
  const windowEnd = windowEndMs(working, milestone);
  const billable = billableUnits(working, milestone);
  const amount =
    working.mintedAtMs === undefined
      ? billableItems(working, milestone).reduce(
          (sum, item) => sum + amountFor(working.terms!.price.minor, item.units),
          0n,
        )
      : mintedMinor(working, milestone.id);
  const receipts = milestone.evidence.flatMap((id) => {
    const receipt = working.receipts.get(id);
    return receipt === undefined ? [] : [receipt.id];
  });
  let status: MilestoneStatus = milestone.evidence.length === 0 ? 'OPEN' : 'VERIFYING';
  if (milestone.decidedAtMs !== undefined) {
    status = hasOpenDispute(working, milestone) ? 'DISPUTED' : 'VERIFIED';
  }
  return {
    id: milestone.id,
    status,
    ...(milestone.closedAtMs === undefined
      ? {}
      : { closedAt: formatTimestamp(milestone.closedAtMs) }),
    ...(milestone.decidedAtMs === undefined
      ? {}
      : { decidedAt: formatTimestamp(milestone.decidedAtMs) }),
    ...(windowEnd === undefined ? {} : { windowEndsAt: formatTimestamp(windowEnd) }),
    verifiedQuantity: formatQuantity(verifiedUnits(working, milestone)),
    billableQuantity: formatQuantity(billable),
    amountMinor: amount.toString(),
    receipts,
  };
}
