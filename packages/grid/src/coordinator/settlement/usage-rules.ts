/**
 * What the coordinator checks of a usage proof beyond the kernel's integrity plane, against what it
 * knows of the session (ARCHITECTURE §5.5): the node that sent it issued it, the session's own
 * client countersigned it, the metered seconds fit in the session's life and in the proof's
 * window, and the price is the one this coordinator quoted. Pure: the session row and `nowMs` come
 * in as arguments, so every rule is a plain test.
 */

import type { VerifiedProof } from '@mycel/kernel';
import { type Amount, limits as kernelLimits, parseTimestamp } from '@mycel/kernel';
import { readUsage, type UsageClaimValue } from '@mycel/mips';
import { fail, ok, type SettlementResult } from './settlement-result.js';

/** What the coordinator's session journal knows of the session a usage proof names. */
export interface UsageSessionFacts {
  readonly sid: string;
  readonly client: string;
  readonly epoch: number;
  readonly node: string;
  readonly createdAtMs: number;
}

export interface CheckedUsage {
  readonly usage: UsageClaimValue;
  readonly windowStartMs: number;
  readonly windowEndMs: number;
}

/**
 * `verified` passed the kernel's integrity plane (schema, id, every signature valid at issuedAt).
 * `sender` is the node whose control link carried it.
 */
export function checkUsage(
  verified: VerifiedProof,
  sender: string,
  session: UsageSessionFacts | undefined,
  price: Amount,
  nowMs: number,
): SettlementResult<CheckedUsage> {
  const { proof } = verified;
  const read = readUsage(proof);
  if (!read.ok) return fail('usage_claim_invalid', read.error.message);
  const usage = read.value;
  if (proof.attestation.issuer !== sender || usage.node !== sender) {
    return fail('usage_node_mismatch', `the proof was issued for ${usage.node}, not by ${sender}`);
  }
  if (session === undefined || proof.claim.subject !== session.sid) {
    return fail('usage_session_unknown', `no session ${proof.claim.subject} on this coordinator`);
  }
  const countersigners = verified.signers.filter((signer) => signer !== sender);
  if (countersigners.length === 0) {
    return fail('usage_countersignature_missing', 'only the node signed the usage');
  }
  if (usage.client !== session.client || !countersigners.includes(session.client)) {
    return fail(
      'usage_countersigner_mismatch',
      `countersigned by ${countersigners.join(', ')} for ${usage.client}; the session's client is ${session.client}`,
    );
  }
  if (usage.epoch > session.epoch || (usage.epoch === session.epoch && session.node !== sender)) {
    return fail('usage_node_mismatch', `${sender} does not serve epoch ${usage.epoch}`);
  }
  const window = proof.claim.window;
  if (window === undefined) return fail('usage_claim_invalid', 'a usage proof has a window');
  const windowStartMs = parseTimestamp(window.start)!;
  const windowEndMs = parseTimestamp(window.end)!;
  const skewMs = kernelLimits.CLOCK_SKEW_MS_MAX;
  const lifetimeMs = Math.min(windowEndMs, nowMs + skewMs) - session.createdAtMs;
  if (
    windowStartMs < session.createdAtMs - skewMs ||
    usage.seconds * 1000 > Math.max(0, lifetimeMs) + skewMs ||
    usage.seconds > Math.ceil((windowEndMs - windowStartMs) / 1000)
  ) {
    return fail(
      'usage_seconds_exceed_lifetime',
      `${usage.seconds} s do not fit in the session's life or the proof's window`,
    );
  }
  if (usage.unitPrice.minor !== price.minor || usage.unitPrice.currency !== price.currency) {
    return fail(
      'usage_price_mismatch',
      `priced ${usage.unitPrice.minor} ${usage.unitPrice.currency}/s; this coordinator charges ${price.minor} ${price.currency}/s`,
    );
  }
  return ok({ usage, windowStartMs, windowEndMs });
}
