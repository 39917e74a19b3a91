/**
 * Every error code the kernel can return. Codes are protocol: snake_case, named after the broken
 * rule, and they never change meaning. docs/spec/error-codes.md lists them (a test keeps it in step).
 */
import { CAPABILITY_ERROR_CODES } from './capability/capability-error-codes.js';
import { CONTRACT_ERROR_CODES } from './contract/contract-error-codes.js';
import { CRYPTO_ERROR_CODES } from './crypto/crypto-error-codes.js';
import { IDENTITY_ERROR_CODES } from './identity/identity-error-codes.js';
import { INVARIANT_ERROR_CODES } from './invariants/invariant-error-codes.js';
import { JSON_ERROR_CODES } from './json/json-error-codes.js';
import { LOG_ERROR_CODES } from './log/log-error-codes.js';
import { POLICY_ERROR_CODES } from './policy/policy-error-codes.js';
import { PROOF_ERROR_CODES } from './proof/proof-error-codes.js';
import { SETTLEMENT_ERROR_CODES } from './settlement/settlement-error-codes.js';

export const ERROR_CODES = {
  ...JSON_ERROR_CODES,
  ...CRYPTO_ERROR_CODES,
  ...IDENTITY_ERROR_CODES,
  ...PROOF_ERROR_CODES,
  ...LOG_ERROR_CODES,
  ...INVARIANT_ERROR_CODES,
  ...SETTLEMENT_ERROR_CODES,
  ...POLICY_ERROR_CODES,
  ...CAPABILITY_ERROR_CODES,
  ...CONTRACT_ERROR_CODES,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}
