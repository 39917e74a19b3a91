/**
 * What time alone does to a contract (its deadlines are terms fields; time is an input):
 * - PROPOSED after acceptBy, or ACCEPTED and not started after workBy: EXPIRED;
 * - after workBy a milestone takes no more evidence (closed at workBy);
 * - after settleBy a proof still waiting for verdicts is refused (decided at settleBy);
 * - a closed milestone whose proofs are all decided is decided; its challenge window opens;
 * - all milestones decided, no open dispute: VERIFIED;
 * - VERIFIED and every challenge window passed: SETTLING, and the receipts are minted (due).
 * advanceTo runs after every event at its `at`, and once more at `now`, so a deadline takes
 * effect at the deadline, whichever event (or none) comes next.
 */
import { parseTimestamp } from '../time.js';
import { mintAll } from './contract-receipts.js';
import {
  evidenceStatus,
  hasOpenDispute,
  type Working,
  type WorkingMilestone,
  windowEndMs,
} from './contract-working.js';

export function deadlinesOf(working: Working): {
  acceptByMs: number;
  workByMs: number;
  settleByMs: number;
} {
  const terms = working.terms!;
  return {
    acceptByMs: parseTimestamp(terms.acceptBy)!,
    workByMs: parseTimestamp(terms.workBy)!,
    settleByMs: parseTimestamp(terms.settleBy)!,
  };
}

/** When the last milestone's window closes; undefined until every milestone is decided. */
export function contractWindowEndMs(working: Working): number | undefined {
  let end = Number.NEGATIVE_INFINITY;
  for (const milestone of working.milestones.values()) {
    const milestoneEnd = windowEndMs(working, milestone);
    if (milestoneEnd === undefined) return undefined;
    end = Math.max(end, milestoneEnd);
  }
  return end;
}

export function advanceTo(working: Working, nowMs: number): void {
  if (working.terms === undefined) return;
  const { acceptByMs, workByMs, settleByMs } = deadlinesOf(working);
  if (working.status === 'PROPOSED' && nowMs > acceptByMs) working.status = 'EXPIRED';
  if (working.status === 'ACCEPTED' && nowMs > workByMs) working.status = 'EXPIRED';
  if (!['IN_PROGRESS', 'VERIFYING', 'VERIFIED', 'DISPUTED'].includes(working.status)) return;
  for (const milestone of working.milestones.values()) {
    if (milestone.closedAtMs === undefined && nowMs > workByMs) milestone.closedAtMs = workByMs;
    if (nowMs > settleByMs) {
      for (const id of milestone.proofs) {
        const proof = working.proofs.get(id)!;
        if (proof.status === 'pending') {
          proof.status = 'refused';
          proof.decidedAtMs = settleByMs;
        }
      }
    }
    decideMilestone(working, milestone);
  }
  if (working.status === 'IN_PROGRESS' || working.status === 'VERIFYING') {
    const decided = [...working.milestones.values()].every((m) => m.decidedAtMs !== undefined);
    if (decided) {
      working.verifiedAtMs = Math.max(
        ...[...working.milestones.values()].map((m) => m.decidedAtMs!),
      );
      working.status = hasOpenDispute(working) ? 'DISPUTED' : 'VERIFIED';
    }
  }
  if (working.status === 'VERIFIED') {
    const dueMs = Math.max(working.verifiedAtMs!, contractWindowEndMs(working)!);
    if (nowMs >= dueMs) {
      working.status = 'SETTLING';
      mintAll(working, dueMs);
    }
  }
}

/** Closed, and every evidence item decided: decided at the latest of closing and verdicts. */
function decideMilestone(working: Working, milestone: WorkingMilestone): void {
  if (milestone.decidedAtMs !== undefined || milestone.closedAtMs === undefined) return;
  let decidedAtMs = milestone.closedAtMs;
  for (const id of milestone.evidence) {
    if (evidenceStatus(working, working.evidence.get(id)!) === 'pending') return;
  }
  for (const id of milestone.proofs) {
    const proof = working.proofs.get(id)!;
    if (proof.decidedAtMs !== undefined) decidedAtMs = Math.max(decidedAtMs, proof.decidedAtMs);
  }
  milestone.decidedAtMs = decidedAtMs;
}
