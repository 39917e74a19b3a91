/**
 * Verify: every proof a microgrid's gateway produced goes through the federation's decision —
 * the reality plane's conservative p (the lower end of the verifier's interval), the verifier's
 * verdict, the producer's reputation from its verified history in the registry, and the value at
 * stake — and its outcome enters the producer's track record. A refused proof keeps its reasons:
 * the policy's, and the MIP checks that lowered the odds the most.
 */
import type { ProducedDay } from '@mycel/ingest';
import {
  type CompiledPolicy,
  decidePolicy,
  type Proof,
  reputation,
  shouldAudit,
} from '@mycel/kernel';
import { ENERGY_GENERATION_MIP } from '@mycel/mips';
import type { CapabilityRegistry } from '@mycel/store';
import { PRODUCER_REASON_CHECKS_MAX } from '../../limits.js';
import { producerFailure } from './producer-failure.js';

export interface JudgedProof {
  readonly proof: Proof;
  readonly proofId: string;
  readonly producer: string;
  readonly startMs: number;
  readonly claimedWh: number;
  /** What settlement pays for: the verifier's conservative quantile of the claimed Wh. */
  readonly settleWh: number;
  readonly p: number;
  readonly verdict: string;
  readonly accepted: boolean;
  readonly audited: boolean;
  readonly reasons: readonly string[];
}

/** Value at stake of `wh` at `priceMinor` per kWh, in minor units (floor). */
export function stakeMinor(wh: number, priceMinor: string): bigint {
  return (BigInt(Math.floor(wh)) * BigInt(priceMinor)) / 1000n;
}

export async function judgeProofs(
  day: ProducedDay,
  context: {
    readonly producer: string;
    readonly verifier: string;
    readonly priceMinor: string;
    readonly policy: CompiledPolicy;
    readonly registry: CapabilityRegistry;
  },
): Promise<JudgedProof[]> {
  const judged: JudgedProof[] = [];
  for (const interval of day.intervals) {
    const produced = interval.produced;
    const result = produced?.assessment?.result;
    if (produced === undefined || result === undefined) continue;
    const claimedWh = produced.evidence.claim.value.wh;
    const p = result.interval[0];
    const record = await context.registry.trackRecord(context.producer);
    const decided = decidePolicy(context.policy, {
      proof: { mip: produced.proof.mip, value: claimedWh, unit: 'Wh', p },
      verifications: [{ verifier: context.verifier, p, verdict: result.verdict }],
      producer: { did: context.producer, reputation: reputation(record) },
      stake: {
        minor: stakeMinor(claimedWh, context.priceMinor).toString(),
        currency: 'INR',
      },
    });
    if (!decided.ok) throw producerFailure('deciding a proof', decided.error);
    const decision = decided.value;
    const damning = [...result.checks]
      .filter((check) => check.logLikelihoodRatio < 0)
      .sort((a, b) => a.logLikelihoodRatio - b.logLikelihoodRatio)
      .slice(0, PRODUCER_REASON_CHECKS_MAX)
      .map((check) => `${check.name}: ${check.note}`);
    const at = new Date(interval.endMs).toISOString();
    await context.registry.recordOutcome({
      proofId: produced.proof.id,
      producer: context.producer,
      mip: ENERGY_GENERATION_MIP,
      accepted: decision.accepted,
      p,
      at,
    });
    judged.push({
      proof: produced.proof,
      proofId: produced.proof.id,
      producer: context.producer,
      startMs: interval.startMs,
      claimedWh,
      settleWh: result.settle?.value ?? 0,
      p,
      verdict: result.verdict,
      accepted: decision.accepted,
      audited: shouldAudit(decision, produced.proof.id),
      reasons: decision.accepted ? [] : [...decision.reasons, ...damning],
    });
  }
  return judged;
}
