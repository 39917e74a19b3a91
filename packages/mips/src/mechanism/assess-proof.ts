/**
 * Assessing a proof that passed the integrity plane: its standing under the federation's pack,
 * the MIP's reality verdict, the signed verification result to append to the proof (K4: p,
 * interval, method and every check), and the acceptance decision. Acceptance reads the interval's
 * lower end, the conservative p, never the point estimate.
 */
import {
  buildVerification,
  formatTimestamp,
  type PolicyPack,
  type Proof,
  type Signer,
  type Verification,
  withSignature,
} from '@mycel/kernel';
import type { MipsResult } from '../mips-error-codes.js';
import type { RealityResult } from '../probability/belief.js';
import type { MipModule } from './mip-module.js';
import { mipStanding } from './mip-standing.js';
import { type SuppliedEvidence, verifyReality } from './verify-reality.js';

export interface AssessInput {
  readonly proof: Proof;
  readonly pack: PolicyPack;
  readonly modules: ReadonlyMap<string, MipModule>;
  readonly supplied: SuppliedEvidence;
  readonly verifier: Signer;
  readonly nowMs: number;
}

export interface Assessment {
  readonly standing: 'reality' | 'integrity-only';
  readonly accepted: boolean;
  /** Accepted and the pack lets this MIP mint value. */
  readonly settleable: boolean;
  /** Why it was not accepted, in words. */
  readonly reason?: string;
  readonly result?: RealityResult;
  /** The signed reality-plane result, ready for attachVerification. */
  readonly verification?: Verification;
}

export function assessProof(input: AssessInput): MipsResult<Assessment> {
  const standing = mipStanding(input.pack, input.proof.mip, input.modules);
  if (!standing.ok) return standing;
  if (standing.value.kind === 'integrity-only') {
    return {
      ok: true,
      value: {
        standing: 'integrity-only',
        accepted: true,
        settleable: false,
        reason: `this verifier has no module for ${input.proof.mip}: integrity-checked only (K6)`,
      },
    };
  }
  const { module, pMin, settleable } = standing.value;
  const result = verifyReality(module, input.proof, input.supplied, { nowMs: input.nowMs });
  if (!result.ok) return result;
  const verification = signedResult(input.proof, result.value, input.verifier, input.nowMs);
  const conservative = result.value.interval[0];
  const accepted = result.value.verdict === 'pass' && conservative >= pMin;
  const reason = accepted
    ? undefined
    : result.value.verdict !== 'pass'
      ? `verdict ${result.value.verdict}${result.value.reason ? ` (${result.value.reason})` : ''}, p ${result.value.p.toFixed(4)}`
      : `conservative p ${conservative.toFixed(4)} is below the pack's p_min ${pMin}`;
  return {
    ok: true,
    value: {
      standing: 'reality',
      accepted,
      settleable: accepted && settleable,
      ...(reason !== undefined ? { reason } : {}),
      result: result.value,
      verification,
    },
  };
}

function signedResult(
  proof: Proof,
  result: RealityResult,
  verifier: Signer,
  nowMs: number,
): Verification {
  const identity = verifier.kid.slice(0, verifier.kid.indexOf('#'));
  const body = buildVerification({
    proof: proof.id,
    plane: 'reality',
    verifier: identity,
    verdict: result.verdict,
    p: result.p,
    interval: [result.interval[0], result.interval[1]],
    method: result.method,
    checks: result.checks.map((check) => ({
      name: check.name,
      measured: check.measured,
      logLikelihoodRatio: check.logLikelihoodRatio,
      note: check.note,
    })),
    at: formatTimestamp(nowMs),
  });
  return withSignature(body, 'verification', verifier);
}
