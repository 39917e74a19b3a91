/**
 * Expected failures are values, not exceptions: every function a caller can feed bad input
 * returns a Result whose error carries a stable snake_case code (see error-codes.ts).
 * Exceptions are reserved for broken internal assumptions (bugs).
 */
import type { ErrorCode } from './error-codes.js';

/** An expected failure with a stable code; other packages use their own code unions. */
export interface CodedError<Code extends string> {
  readonly code: Code;
  readonly message: string;
  /** JSON pointer or field path inside the input, when the error is about one place. */
  readonly path?: string;
}

export type KernelError = CodedError<ErrorCode>;

export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

/** A value, or an expected failure whose code is one of `Code`. */
export type Outcome<T, Code extends string> =
  | Success<T>
  | { readonly ok: false; readonly error: CodedError<Code> };

export type Result<T> = Outcome<T, ErrorCode>;

export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

/** `fail` for packages with their own codes (grid, wire, sdk): the code type is the caller's. */
export function failWith<Code extends string>(
  code: Code,
  message: string,
  path?: string,
): { readonly ok: false; readonly error: CodedError<Code> } {
  return path === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, path } };
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
