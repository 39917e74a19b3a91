/**
 * Session usage proofs (`mip-session/usage@1.0.0`): building one on the node, checking its claim
 * (the MIP's entry in a kernel MipCatalog), reading it back typed, and its fee. A usage proof is
 * a kernel proof envelope signed first by the node (the attestation's issuer) and countersigned
 * by the session's client key; usage-signatures.ts checks both.
 */
import {
  type Amount,
  buildProof,
  formatTimestamp,
  type MipCatalog,
  type MipClaimCheck,
  type Proof,
  parseTimestamp,
} from '@mycel/kernel';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import {
  USAGE_PREDICATE,
  USAGE_UNIT,
  UsageClaimSchema,
  type UsageClaimValue,
  type UsageLatencyClass,
} from './usage-claim-schema.js';

export const SESSION_USAGE_MIP = 'mip-session/usage@1.0.0';

/** What the node knows when it closes a metering period. */
export interface UsageProofFields {
  /** The grid's name: the federation the proof is logged in. */
  readonly federation: string;
  readonly sid: string;
  readonly node: string;
  readonly client: string;
  readonly agent: string;
  readonly class: UsageLatencyClass;
  readonly epoch: number;
  readonly seconds: number;
  readonly turns: number;
  readonly unitPrice: Amount;
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  /** When the proof is made (default: the window's end). */
  readonly issuedAtMs?: number;
}

/** An unsigned usage proof with its id; the node signs it with the kernel's signProof. */
export function buildUsageProof(fields: UsageProofFields): Proof {
  const end = formatTimestamp(fields.windowEndMs);
  const value: UsageClaimValue = {
    node: fields.node,
    client: fields.client,
    agent: fields.agent,
    class: fields.class,
    epoch: fields.epoch,
    seconds: fields.seconds,
    turns: fields.turns,
    unitPrice: { minor: fields.unitPrice.minor, currency: fields.unitPrice.currency },
  };
  return buildProof({
    mip: SESSION_USAGE_MIP,
    federation: fields.federation,
    claim: {
      subject: fields.sid,
      predicate: USAGE_PREDICATE,
      value,
      unit: USAGE_UNIT,
      window: { start: formatTimestamp(fields.windowStartMs), end },
    },
    attestation: { issuer: fields.node, capturedAt: end },
    refs: { session: fields.sid },
    issuedAt: formatTimestamp(fields.issuedAtMs ?? fields.windowEndMs),
  });
}

const claimShape = TypeCompiler.Compile(UsageClaimSchema);

/**
 * The MIP's claim check (K6), for a kernel MipCatalog: the schema, then the one rule a schema
 * cannot say, that the metered seconds fit in the claim's window.
 */
export const checkUsageClaim: MipClaimCheck = (claim) => {
  if (!claimShape.Check(claim)) {
    const first = claimShape.Errors(claim).First();
    return `${first?.path || '/'} ${first?.message ?? 'does not match the usage claim schema'}`;
  }
  const { window, value } = claim as {
    window: { start: string; end: string };
    value: UsageClaimValue;
  };
  const startMs = parseTimestamp(window.start)!;
  const endMs = parseTimestamp(window.end)!;
  if (endMs <= startMs) return '/window the window must end after it starts';
  // Whole seconds of the window, the last one billed once started.
  if (value.seconds > Math.ceil((endMs - startMs) / 1000)) {
    return `/value/seconds ${value.seconds} s do not fit in a window of ${endMs - startMs} ms`;
  }
  return undefined;
};

/** A verifier's catalog of the session MIPs: give it to the kernel's ProofVerifier. */
export const SESSION_MIP_CATALOG: MipCatalog = new Map([[SESSION_USAGE_MIP, checkUsageClaim]]);

/**
 * The claim value of a usage proof, once the claim passes its check and the envelope agrees with
 * it: the MIP, the issuer (the node), the capture time (the window's end) and the session
 * reference (the subject). Signatures are usage-signatures.ts's business.
 */
export function readUsage(proof: Proof): MipsResult<UsageClaimValue> {
  if (proof.mip !== SESSION_USAGE_MIP) {
    return mipsFail('usage_proof_inconsistent', `not a usage proof: ${proof.mip}`, '/mip');
  }
  const reason = checkUsageClaim(proof.claim);
  if (reason !== undefined) return mipsFail('usage_claim_invalid', reason, '/claim');
  const value = proof.claim.value as UsageClaimValue;
  const window = proof.claim.window!;
  if (proof.attestation.issuer !== value.node) {
    return mipsFail(
      'usage_proof_inconsistent',
      'the issuer is not the node the claim names',
      '/attestation/issuer',
    );
  }
  if (proof.attestation.device !== undefined) {
    return mipsFail('usage_proof_inconsistent', 'a usage proof has no device', '/attestation');
  }
  if (parseTimestamp(proof.attestation.capturedAt) !== parseTimestamp(window.end)) {
    return mipsFail(
      'usage_proof_inconsistent',
      'the capture time is not the end of the window',
      '/attestation/capturedAt',
    );
  }
  if (proof.refs.session !== proof.claim.subject) {
    return mipsFail(
      'usage_proof_inconsistent',
      'the session reference is not the claim subject',
      '/refs/session',
    );
  }
  return { ok: true, value };
}

/**
 * The fee of a usage proof or of its claim value: seconds × unit price, in minor units. A proof
 * must read (readUsage): a fee asked of anything else is a bug.
 */
export function usageFee(usage: Proof | UsageClaimValue): bigint {
  let value: UsageClaimValue;
  if ('claim' in usage) {
    const read = readUsage(usage);
    if (!read.ok) {
      throw new Error(`assertion failed: usageFee of a bad usage proof: ${read.error.message}`);
    }
    value = read.value;
  } else {
    value = usage;
  }
  return BigInt(value.seconds) * BigInt(value.unitPrice.minor);
}
