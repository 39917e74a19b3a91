/** The Result shape of the settlement side, with its own codes (settlement-error-codes.ts). */
import type { SettlementErrorCode } from './settlement-error-codes.js';

export interface SettlementError {
  readonly code: SettlementErrorCode;
  readonly message: string;
}

export type SettlementResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: SettlementError };

export function ok<T>(value: T): SettlementResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: SettlementErrorCode, message: string): SettlementResult<T> {
  return { ok: false, error: { code, message } };
}
