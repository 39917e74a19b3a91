/**
 * A dispute inside the challenge window, and its resolution: the buyer disputes the hour it was
 * billed most for; the dispute authority has that proof's evidence disclosed to the federation's
 * verifier under a signed challenge (the audit path, audit-proofs.ts), and the verifier assesses
 * it again from the disclosed bytes; the authority upholds the proof when that gives the same p
 * and overturns it otherwise. Both are signed contract events; the window is not extended.
 */
import type { PolicyPack } from '@mycel/kernel';
import type { EvidenceVault } from '@mycel/store';
import { PRODUCER_DISPUTE_AFTER_MS, PRODUCER_RESOLVE_AFTER_MS } from '../../limits.js';
import { auditProof } from './audit-proofs.js';
import type { ContractLog } from './contract-log.js';
import type { JudgedProof } from './judge-proofs.js';
import { producerFailure } from './producer-failure.js';
import type { ProducerParties } from './producer-parties.js';

export interface DisputeOutcome {
  readonly proofId: string;
  readonly outcome: 'upheld' | 'overturned';
  /** The p the verifier got from the disclosed evidence. */
  readonly p: number;
}

export async function disputePeak(
  contract: ContractLog,
  judged: readonly JudgedProof[],
  context: {
    readonly parties: ProducerParties;
    readonly vault: EvidenceVault;
    readonly pack: PolicyPack;
  },
): Promise<DisputeOutcome> {
  const decidedAt = contract.state.milestones[0]?.decidedAt;
  const peak = [...judged]
    .filter((proof) => proof.accepted)
    .sort((a, b) => b.settleWh - a.settleWh)[0];
  if (decidedAt === undefined || peak === undefined) {
    throw producerFailure('the dispute', {
      code: 'devnet_failed',
      message: 'no decided milestone or no verified proof to dispute',
    });
  }
  const disputeAtMs = Date.parse(decidedAt) + PRODUCER_DISPUTE_AFTER_MS;
  const { parties } = context;
  await contract.send(
    {
      type: 'dispute',
      proof: peak.proofId,
      reason: 'the peak hour is more than the buyer expected from its own forecast',
    },
    parties.buyer,
    disputeAtMs,
  );
  const audit = await auditProof(peak, {
    vault: context.vault,
    pack: context.pack,
    authority: parties.disputeAuthority,
    verifier: parties.verifier,
    endMs: disputeAtMs,
  });
  const outcome = audit.confirmed ? 'upheld' : 'overturned';
  await contract.send(
    {
      type: 'resolve',
      proof: peak.proofId,
      outcome,
      reason: `assessed again from the disclosed evidence: p ${audit.p.toFixed(4)}`,
    },
    parties.disputeAuthority,
    disputeAtMs + PRODUCER_RESOLVE_AFTER_MS,
  );
  return { proofId: peak.proofId, outcome, p: audit.p };
}
