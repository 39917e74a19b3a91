/**
 * Reading a usage proof a node offers (ARCHITECTURE §5.5): the fields this client is asked to
 * agree to, out of a `mip-session/usage@1.0.0` claim. The full claim schema is the coordinator's
 * to check (@mycel/mips); a client reads exactly what it vouches for, and refuses a proof whose
 * envelope contradicts it. The proof's shape is the kernel's envelope (checked by nodeFrameReader);
 * its claim value is attacker-controlled until read here.
 */
import { type Proof, parseTimestamp } from '@mycel/kernel';

export const USAGE_MIP = 'mip-session/usage@1.0.0';

/** What a usage proof says, as the client checks it. */
export interface UsageOffer {
  readonly sid: string;
  readonly node: string;
  readonly client: string;
  readonly epoch: number;
  readonly seconds: number;
  readonly turns: number;
  readonly unitPrice: { readonly minor: string; readonly currency: string };
  readonly windowStartMs: number;
  readonly windowEndMs: number;
}

const AMOUNT_MINOR = /^(0|[1-9][0-9]*)$/;

/** The offer, or why the proof is not a well-formed usage proof (usage_malformed). */
export function readUsageOffer(proof: Proof): UsageOffer | string {
  const { claim } = proof;
  if (proof.mip !== USAGE_MIP) return `not a usage proof: ${proof.mip}`;
  if (claim.predicate !== 'served' || claim.unit !== 'second')
    return 'not a claim of seconds served';
  const window = claim.window;
  if (window === undefined) return 'the claim has no window';
  const value = claim.value as Record<string, unknown> | null;
  if (typeof value !== 'object' || value === null) return 'the claim value is not an object';
  const { node, client, epoch, seconds, turns, unitPrice } = value;
  if (typeof node !== 'string' || typeof client !== 'string') return 'node or client missing';
  if (!isCount(epoch) || epoch < 1 || !isCount(seconds) || !isCount(turns)) {
    return 'epoch, seconds and turns are whole numbers';
  }
  const price = unitPrice as Record<string, unknown> | null;
  if (
    typeof price !== 'object' ||
    price === null ||
    typeof price.minor !== 'string' ||
    !AMOUNT_MINOR.test(price.minor) ||
    typeof price.currency !== 'string'
  ) {
    return 'the unit price is not integer minor units and a currency';
  }
  const windowStartMs = parseTimestamp(window.start)!;
  const windowEndMs = parseTimestamp(window.end)!;
  // Whole seconds, the last one billed once started (docs/spec/settlement.md §1).
  if (windowEndMs <= windowStartMs || seconds > Math.ceil((windowEndMs - windowStartMs) / 1000)) {
    return 'the seconds do not fit in the window';
  }
  if (
    proof.attestation.issuer !== node ||
    proof.refs.session !== claim.subject ||
    parseTimestamp(proof.attestation.capturedAt) !== windowEndMs
  ) {
    return 'the envelope contradicts the claim (issuer, session or capture time)';
  }
  return {
    sid: claim.subject,
    node,
    client,
    epoch,
    seconds,
    turns,
    unitPrice: { minor: price.minor, currency: price.currency },
    windowStartMs,
    windowEndMs,
  };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
