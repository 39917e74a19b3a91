/**
 * The reality verifier of `mip-mfg/lot-conformance@1.0.0`: the structural gates of lot-facts.ts,
 * then the mixture checks of lot-checks.ts combined from the domain prior by formBelief.
 * Settlement reads the lower 5 % quantile of the recomputed Cpk (Bissell's standard error), never
 * the claimed value.
 */

import type { RealityInput } from '../mechanism/mip-module.js';
import type { MipsResult } from '../mips-error-codes.js';
import {
  conservativeQuantity,
  formBelief,
  type Prior,
  type RealityResult,
} from '../probability/belief.js';
import { evenCheatWeights } from '../probability/cheat-mixture.js';
import { lotChecks, MFG_CHEATING_MODELS } from './lot-checks.js';
import { MFG_LOT_CONFORMANCE_MIP, MFG_LOT_UNIT, type MfgLotClaim } from './lot-claim-schema.js';
import { lotFacts } from './lot-facts.js';

/** Share of honest lot claims among all (the generator mixes cases at this share). */
export const MFG_LOT_PRIOR: Prior = { p: 0.8, logOddsSd: 0.3 };

export const MFG_LOT_METHOD = `${MFG_LOT_CONFORMANCE_MIP}#spc-capability-mixture`;

export function verifyLotConformance(input: RealityInput): MipsResult<RealityResult> {
  const claim = input.proof.claim as unknown as MfgLotClaim;
  const facts = lotFacts(claim, input.evidence);
  if (!facts.ok) return facts;
  const checks = lotChecks(facts.value, evenCheatWeights(MFG_CHEATING_MODELS));
  return {
    ok: true,
    value: formBelief({
      method: MFG_LOT_METHOD,
      prior: MFG_LOT_PRIOR,
      checks,
      settle: conservativeQuantity(
        facts.value.cpk,
        facts.value.cpkStandardError,
        MFG_LOT_UNIT,
        0.05,
      ),
    }),
  };
}
