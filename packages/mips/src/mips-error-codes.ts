/**
 * Every error code the MIP checks can return. Codes are protocol: snake_case, named after the
 * broken rule, and they never change meaning. Expected failures are MipsResult values (the
 * kernel's Outcome with these codes); exceptions are for bugs.
 */
import { type CodedError, failWith, type Outcome } from '@mycel/kernel';
import { AGRICULTURE_ERROR_CODES } from './agriculture/agriculture-error-codes.js';
import { ENERGY_ERROR_CODES } from './energy/energy-error-codes.js';
import { HEALTH_ERROR_CODES } from './health/health-error-codes.js';
import { LEARNING_ERROR_CODES } from './learning/learning-error-codes.js';
import { MANUFACTURING_ERROR_CODES } from './manufacturing/manufacturing-error-codes.js';
import { MECHANISM_ERROR_CODES } from './mechanism/mechanism-error-codes.js';
import { PROFILE_ERROR_CODES } from './profiles/profile-error-codes.js';

export const MIPS_ERROR_CODES = {
  ...MECHANISM_ERROR_CODES,
  ...ENERGY_ERROR_CODES,
  ...MANUFACTURING_ERROR_CODES,
  ...AGRICULTURE_ERROR_CODES,
  ...LEARNING_ERROR_CODES,
  ...HEALTH_ERROR_CODES,
  ...PROFILE_ERROR_CODES,
  usage_claim_invalid:
    'the claim is not a mip-session/usage@1.0.0 claim: its schema, or more seconds than its window holds',
  usage_proof_inconsistent:
    'the envelope contradicts its usage claim: another MIP, an issuer other than the node, a capture time other than the window end, or another session reference',
  usage_proof_altered: 'the usage proof body does not hash to its id: it changed after signing',
  usage_node_signature_missing:
    'the usage proof has no valid signature by the node its claim names',
  usage_client_signature_missing:
    'the usage proof has no valid countersignature by the client its claim names',
} as const;

export type MipsErrorCode = keyof typeof MIPS_ERROR_CODES;
export type MipsError = CodedError<MipsErrorCode>;
export type MipsResult<T> = Outcome<T, MipsErrorCode>;

export function mipsFail(
  code: MipsErrorCode,
  message: string,
  path?: string,
): { readonly ok: false; readonly error: MipsError } {
  return failWith(code, message, path);
}
