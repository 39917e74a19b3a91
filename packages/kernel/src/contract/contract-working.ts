/**
 * The reducer's working state: mutable maps built up while one replay walks the events, never
 * kept or exported (replayContract turns it into a ContractState). Also the derived facts every
 * transition needs: an evidence item's status, a milestone's verified and billable quantity.
 */
import type { Receipt } from '../invariants/k7-receipt-schema.js';
import type {
  ContractEffect,
  ContractStatus,
  EvidenceStatus,
  ProofStatus,
  ProofVerdict,
} from './contract-state.js';
import type { ContractTerms } from './contract-terms-schema.js';

export interface WorkingProof {
  readonly id: string;
  readonly milestone: string;
  readonly evidence: string;
  status: ProofStatus;
  readonly verdicts: ProofVerdict[];
  decidedAtMs?: number;
  confidence?: number;
}

export interface WorkingEvidence {
  readonly id: string;
  readonly milestone: string;
  readonly proofs: readonly string[];
  readonly quantity: string;
  readonly units: bigint;
  readonly at: string;
}

export interface WorkingMilestone {
  readonly id: string;
  readonly quantityMaxUnits?: bigint;
  closedAtMs?: number;
  decidedAtMs?: number;
  readonly evidence: string[];
  readonly proofs: string[];
  claimedUnits: bigint;
}

export interface Working {
  status: ContractStatus;
  contract?: string;
  terms?: ContractTerms;
  termsId?: string;
  termsBy?: string;
  accepted: string[];
  milestones: Map<string, WorkingMilestone>;
  evidence: Map<string, WorkingEvidence>;
  proofs: Map<string, WorkingProof>;
  head?: string;
  headAtMs?: number;
  eventCount: number;
  verifiedAtMs?: number;
  effects: ContractEffect[];
  /** Receipts minted (due) and not reversed, by the evidence event they pay for. */
  receipts: Map<string, Receipt>;
  /** Set when the receipts were minted: after that, billing is frozen. */
  mintedAtMs?: number;
}

export function emptyWorking(): Working {
  return {
    status: 'DRAFT',
    accepted: [],
    milestones: new Map(),
    evidence: new Map(),
    proofs: new Map(),
    eventCount: 0,
    effects: [],
    receipts: new Map(),
  };
}

/** Refused when any proof of it is refused or overturned; verified when all are verified (or held in dispute). */
export function evidenceStatus(working: Working, evidence: WorkingEvidence): EvidenceStatus {
  let pending = false;
  for (const id of evidence.proofs) {
    const status = working.proofs.get(id)!.status;
    if (status === 'refused' || status === 'overturned') return 'refused';
    if (status === 'pending') pending = true;
  }
  return pending ? 'pending' : 'verified';
}

/** The milestone's verified evidence items, in the order they came. */
export function verifiedEvidence(working: Working, milestone: WorkingMilestone): WorkingEvidence[] {
  return milestone.evidence
    .map((id) => working.evidence.get(id)!)
    .filter((evidence) => evidenceStatus(working, evidence) === 'verified');
}

export function verifiedUnits(working: Working, milestone: WorkingMilestone): bigint {
  return verifiedEvidence(working, milestone).reduce((sum, evidence) => sum + evidence.units, 0n);
}

/**
 * What each verified evidence item of the milestone is paid for, in arrival order: its quantity,
 * until the milestone's quantityMax is used up (the item crossing it is paid for the rest).
 */
export function billableItems(
  working: Working,
  milestone: WorkingMilestone,
): { readonly evidence: WorkingEvidence; readonly units: bigint }[] {
  let left = milestone.quantityMaxUnits;
  return verifiedEvidence(working, milestone).map((evidence) => {
    const units = left === undefined || evidence.units <= left ? evidence.units : left;
    if (left !== undefined) left -= units;
    return { evidence, units };
  });
}

export function billableUnits(working: Working, milestone: WorkingMilestone): bigint {
  return billableItems(working, milestone).reduce((sum, item) => sum + item.units, 0n);
}

export function hasOpenDispute(working: Working, milestone?: WorkingMilestone): boolean {
  const ids = milestone === undefined ? [...working.proofs.keys()] : milestone.proofs;
  return ids.some((id) => working.proofs.get(id)!.status === 'disputed');
}

export function windowEndMs(working: Working, milestone: WorkingMilestone): number | undefined {
  if (milestone.decidedAtMs === undefined) return undefined;
  return milestone.decidedAtMs + working.terms!.challengeWindowMs;
}
