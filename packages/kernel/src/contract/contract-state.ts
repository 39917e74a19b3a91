/**
 * What replaying a contract gives (docs/spec/contracts.md): its status (ARCHITECTURE §4.2), the
 * current terms, each milestone's sub-machine, each proof's verdicts, and the effects that are
 * due at `now`. There is no snapshot format: this is always recomputed from the signed events.
 */
import type { Receipt } from '../invariants/k7-receipt-schema.js';
import type { ContractTerms } from './contract-terms-schema.js';

export const CONTRACT_STATUSES = [
  'DRAFT',
  'PROPOSED',
  'ACCEPTED',
  'IN_PROGRESS',
  'VERIFYING',
  'VERIFIED',
  'DISPUTED',
  'SETTLING',
  'SETTLED',
  'REJECTED',
  'EXPIRED',
  'CANCELLED',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** OPEN: no evidence yet; VERIFYING: evidence not all decided; then VERIFIED or DISPUTED. */
export type MilestoneStatus = 'OPEN' | 'VERIFYING' | 'VERIFIED' | 'DISPUTED';
export type ProofStatus = 'pending' | 'verified' | 'refused' | 'disputed' | 'overturned';
export type EvidenceStatus = 'pending' | 'verified' | 'refused';

export interface ProofVerdict {
  readonly verifier: string;
  readonly p: number;
  readonly passed: boolean;
  /** passed and p ≥ pMin: only these count towards verifiersK. */
  readonly counted: boolean;
  readonly at: string;
}

export interface ProofState {
  readonly id: string;
  readonly milestone: string;
  /** The evidence event that listed it. */
  readonly evidence: string;
  readonly status: ProofStatus;
  readonly verdicts: readonly ProofVerdict[];
  readonly decidedAt?: string;
  /** The lowest p among the verdicts that made it pass. */
  readonly confidence?: number;
}

export interface EvidenceState {
  /** The evidence event's id. */
  readonly id: string;
  readonly milestone: string;
  readonly proofs: readonly string[];
  readonly quantity: string;
  readonly at: string;
  readonly status: EvidenceStatus;
}

export interface MilestoneState {
  readonly id: string;
  readonly status: MilestoneStatus;
  /** When it stopped taking evidence: its final evidence, or workBy. */
  readonly closedAt?: string;
  /** When every proof of it was decided (and it was closed): its challenge window opens. */
  readonly decidedAt?: string;
  /** decidedAt + challengeWindowMs: disputes are refused from this time on. */
  readonly windowEndsAt?: string;
  /** Sum of verified evidence quantities (disputed ones included until resolved). */
  readonly verifiedQuantity: string;
  /** verifiedQuantity capped at the milestone's quantityMax: what is paid for. */
  readonly billableQuantity: string;
  /**
   * Minor units it pays: before the mint, Σ floor(price × billable quantity) over its verified
   * evidence items; after it, the sum of its receipts still standing (not reversed).
   */
  readonly amountMinor: string;
  /** Ids of its receipts minted (due) and not reversed, one per paid evidence item. */
  readonly receipts: readonly string[];
}

export interface MintVcrEffect {
  readonly type: 'mint-vcr';
  readonly milestone: string;
  /** The evidence event the receipt pays for. */
  readonly evidence: string;
  /** Unsigned; built with buildReceipt, mintedAt = dueAt. Its id is the idempotency key. */
  readonly receipt: Receipt;
  readonly dueAt: string;
}

export interface ReverseVcrEffect {
  readonly type: 'reverse-vcr';
  readonly milestone: string;
  readonly evidence: string;
  /** The id of the receipt to reverse (an earlier mint-vcr effect's receipt). */
  readonly receipt: string;
  /** The proof whose overturn reverses it. */
  readonly proof: string;
  readonly reason: string;
  readonly dueAt: string;
}

export type ContractEffect = MintVcrEffect | ReverseVcrEffect;

export interface ContractState {
  readonly status: ContractStatus;
  /** The proposal's event id; absent in DRAFT (no events). */
  readonly contract?: string;
  readonly terms?: ContractTerms;
  /** contractTermsId(terms): what acceptances name. */
  readonly termsId?: string;
  /** Who proposed or last countered the current terms. */
  readonly termsBy?: string;
  /** Parties that accepted the current terms, in acceptance order. */
  readonly acceptedBy: readonly string[];
  readonly milestones: readonly MilestoneState[];
  readonly evidence: readonly EvidenceState[];
  readonly proofs: readonly ProofState[];
  /** The id of the last event: the `prev` of the next one. */
  readonly head?: string;
  readonly eventCount: number;
  /** When the contract last became VERIFIED (all milestones decided, no open dispute). */
  readonly verifiedAt?: string;
  /** When the last milestone's challenge window closes. */
  readonly windowEndsAt?: string;
  /** Sum of the milestones' amountMinor, in the price currency. */
  readonly amount: { readonly minor: string; readonly currency: string } | undefined;
  /** Effects due at `nowMs`, in the order to apply them; each is idempotent by receipt id. */
  readonly effects: readonly ContractEffect[];
  readonly nowMs: number;
}
