/**
 * Every failure a caller of the SDK can get is an OpenGridError with a stable code: a wire code
 * when the grid said so (or the grid could not be reached), an `sdk_` code when the client itself
 * gave up. Codes are protocol: they never change meaning.
 */
import { isWireErrorCode, RETRYABLE_CODES, type WireErrorCode } from '@mycel/wire';

export const SDK_ERROR_CODES = {
  sdk_option_invalid: 'an option of openSession is missing, out of range or of the wrong kind',
  sdk_timeout: 'the operation did not finish within its timeout',
  sdk_aborted: "the caller's AbortSignal fired",
  sdk_response_invalid:
    'the coordinator or node answered with something not of the documented shape',
  sdk_chunks_overflow:
    'the caller did not read a turn and more chunks waited than TURN_CHUNKS_BUFFERED_MAX; the turn was cancelled',
} as const;

export type SdkErrorCode = keyof typeof SDK_ERROR_CODES;
export type OpenGridErrorCode = WireErrorCode | SdkErrorCode;

export interface OpenGridErrorDetails {
  /** How long the grid asked the caller to wait before trying again. */
  readonly retryAfterMs?: number;
  /** The HTTP status, when the error came from an HTTP answer. */
  readonly status?: number;
  readonly cause?: unknown;
}

export class OpenGridError extends Error {
  readonly code: OpenGridErrorCode;
  // Declared, not initialised: absent details stay absent (not `undefined` own properties).
  declare readonly retryAfterMs?: number;
  declare readonly status?: number;

  constructor(code: OpenGridErrorCode, message: string, details: OpenGridErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'OpenGridError';
    this.code = code;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.status !== undefined) this.status = details.status;
  }

  /** True for the codes after which the same request may succeed later. */
  get retryable(): boolean {
    return (RETRYABLE_CODES as readonly string[]).includes(this.code);
  }
}

export function isOpenGridError(value: unknown): value is OpenGridError {
  return value instanceof OpenGridError;
}

/** A code the grid sent (attacker-controlled): a wire code, else sdk_response_invalid. */
export function remoteCode(code: unknown): OpenGridErrorCode {
  return isWireErrorCode(code) ? code : 'sdk_response_invalid';
}
