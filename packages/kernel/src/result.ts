/**
 * Expected failures are values, not exceptions: every function a caller can feed bad input
 * returns a Result whose error carries a stable snake_case code (see error-codes.ts).
 * Exceptions are reserved for broken internal assumptions (bugs).
 */
import type { ErrorCode } from './error-codes.js';

export interface KernelError {
  readonly code: ErrorCode;
  readonly message: string;
  /** JSON pointer or field path inside the input, when the error is about one place. */
  readonly path?: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: KernelError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, path?: string): Result<T> {
  return path === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, path } };
}

/** Thrown only when an invariant of the code itself is broken; never for bad input. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
