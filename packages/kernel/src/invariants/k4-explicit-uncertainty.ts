/**
 * K4 explicit uncertainty: a reality-plane result carries a probability, an interval around it and
 * the method that produced them; never a bare "true". Results are appended to a proof and never
 * alter its signed claim (the proof id excludes `verifications`).
 */
import type { Verification } from '../proof/verification-schema.js';
import { fail, ok, type Result } from '../result.js';

export function checkExplicitUncertainty(result: Verification): Result<true> {
  if (result.plane !== 'reality') return ok(true);
  const { p, interval, method } = result;
  if (p === undefined || interval === undefined || method === undefined) {
    return fail(
      'verification_uncertainty_missing',
      'a reality-plane result needs p, interval and method',
    );
  }
  if (!(interval[0] <= p && p <= interval[1])) {
    return fail('verification_uncertainty_missing', 'the interval must contain p');
  }
  return ok(true);
}
