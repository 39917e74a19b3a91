/** Results whose failures carry a wire error code. */
import { type CodedError, failWith, type Outcome } from '@mycel/kernel';
import type { WireErrorCode } from './wire-error-codes.js';

export type WireError = CodedError<WireErrorCode>;
export type WireResult<T> = Outcome<T, WireErrorCode>;

export function wireFail(
  code: WireErrorCode,
  message: string,
  path?: string,
): { readonly ok: false; readonly error: WireError } {
  return failWith(code, message, path);
}
