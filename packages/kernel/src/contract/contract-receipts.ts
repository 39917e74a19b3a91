/**
 * The VCRs a contract mints (K7): one per verified evidence item, so a proof overturned later
 * reverses exactly the receipt that paid for it and nothing else (the ledger settles each proof
 * once). A receipt holds the item's proofs; amount = floor(price per unit × billable quantity)
 * in integer minor units; the buyer pays; the terms' splits; acceptedConfidence = the lowest
 * confidence among its proofs. Built with the kernel's buildReceipt, so its id is the receipt
 * idempotency key: replaying the same events gives the same receipts, and applying a mint-vcr
 * effect twice mints once. Minting freezes billing: later overturns only reverse.
 */
import { buildReceipt } from '../invariants/k7-receipt.js';
import type { Receipt } from '../invariants/k7-receipt-schema.js';
import { formatTimestamp } from '../time.js';
import { amountFor } from './contract-quantity.js';
import { buyerOf } from './contract-terms.js';
import { billableItems, type Working, type WorkingEvidence } from './contract-working.js';

function itemReceipt(
  working: Working,
  evidence: WorkingEvidence,
  units: bigint,
  mintedAtMs: number,
): Receipt | undefined {
  const terms = working.terms!;
  const amount = amountFor(terms.price.minor, units);
  if (amount === 0n) return undefined;
  const confidence = Math.min(
    ...evidence.proofs.map((id) => working.proofs.get(id)!.confidence ?? 0),
  );
  return buildReceipt({
    federation: terms.federation,
    contract: working.contract!,
    proofs: [...evidence.proofs],
    acceptedConfidence: confidence,
    amount: { minor: amount.toString(), currency: terms.price.currency },
    payer: buyerOf(terms),
    splits: terms.splits.map(({ party, role, bps }) => ({ party, role, bps })),
    mintedAt: formatTimestamp(mintedAtMs),
  });
}

/** Mints a receipt for every verified evidence item that pays, at `dueMs` (entering SETTLING). */
export function mintAll(working: Working, dueMs: number): void {
  working.mintedAtMs = dueMs;
  for (const milestone of working.milestones.values()) {
    for (const { evidence, units } of billableItems(working, milestone)) {
      const receipt = itemReceipt(working, evidence, units, dueMs);
      if (receipt === undefined) continue;
      working.receipts.set(evidence.id, receipt);
      working.effects.push({
        type: 'mint-vcr',
        milestone: milestone.id,
        evidence: evidence.id,
        receipt,
        dueAt: formatTimestamp(dueMs),
      });
    }
  }
}

/** After a proof whose receipt was minted is overturned: reverse that receipt. */
export function reverseAfterOverturn(
  working: Working,
  proof: string,
  reason: string,
  atMs: number,
): void {
  const state = working.proofs.get(proof)!;
  const receipt = working.receipts.get(state.evidence);
  if (receipt === undefined) return;
  working.receipts.delete(state.evidence);
  working.effects.push({
    type: 'reverse-vcr',
    milestone: state.milestone,
    evidence: state.evidence,
    receipt: receipt.id,
    proof,
    reason,
    dueAt: formatTimestamp(atMs),
  });
}

/** The minor units of the receipts still standing for one milestone. */
export function mintedMinor(working: Working, milestone: string): bigint {
  let total = 0n;
  for (const [evidence, receipt] of working.receipts) {
    if (working.evidence.get(evidence)!.milestone === milestone) {
      total += BigInt(receipt.amount.minor);
    }
  }
  return total;
}
