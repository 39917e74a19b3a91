/**
 * Audit sampling (docs/spec/policy-packs.md). The rate comes from the pack's bands: the highest of
 * the base rate and every band the decision falls in. Whether one proof is audited is drawn from
 * a hash of the pack id and the proof id, not from a random source, so every verifier of the
 * federation draws the same and a producer cannot retry until it is not sampled.
 */
import { sha256 } from '../crypto/content-id.js';
import type { PolicyAudit } from '../invariants/k8-policy-pack-schema.js';
import { assert } from '../result.js';

/** Domain separation: this hash is only ever an audit draw. */
const AUDIT_DRAW_LABEL = 'mycel-audit-draw-v1';
/** Bits of the hash used for the draw: 48 bits are exact in a double. */
const DRAW_BYTES = 6;
const DRAW_SCALE = 2 ** (8 * DRAW_BYTES);

export interface AuditSubject {
  readonly reputation: number;
  readonly stakeMinor: bigint;
  readonly currency: string;
}

/** The audit rate the pack's bands give; 0 when the pack has no audit section. */
export function bandAuditRate(audit: PolicyAudit | undefined, subject: AuditSubject): number {
  if (audit === undefined) return 0;
  let rate = audit.baseRate;
  for (const band of audit.byReputation ?? []) {
    if (subject.reputation < band.below && band.rate > rate) rate = band.rate;
  }
  for (const band of audit.byStake ?? []) {
    if (
      band.currency === subject.currency &&
      subject.stakeMinor >= BigInt(band.atLeastMinor) &&
      band.rate > rate
    ) {
      rate = band.rate;
    }
  }
  return rate;
}

/** A number in [0, 1) fixed by the pack and the proof: the same for every verifier. */
export function auditDraw(packId: string, proofId: string): number {
  const digest = sha256(new TextEncoder().encode(`${AUDIT_DRAW_LABEL}\n${packId}\n${proofId}`));
  let value = 0;
  for (let index = 0; index < DRAW_BYTES; index++) value = value * 256 + digest[index]!;
  return value / DRAW_SCALE;
}

/** Whether this proof is audited under the decision's rate: the draw falls below the rate. */
export function shouldAudit(
  decision: { readonly pack: string; readonly auditRate: number },
  proofId: string,
): boolean {
  assert(decision.auditRate >= 0 && decision.auditRate <= 1, 'an audit rate is a fraction 0..1');
  return auditDraw(decision.pack, proofId) < decision.auditRate;
}
