/**
 * @mycel/sdk: the OpenGrid client. Open a session on the grid, stream turns, close it; every
 * failure is an OpenGridError with a stable code. Everything a caller may use is named here.
 */
export type { OpenGridErrorCode, OpenGridErrorDetails, SdkErrorCode } from './errors.js';
export { isOpenGridError, OpenGridError, SDK_ERROR_CODES } from './errors.js';
export * as sdkLimits from './limits.js';
export type { OpenSessionOptions, RetryOptions } from './open-session.js';
export { openSession } from './open-session.js';
export type { PlacedNode, Session } from './session.js';
export type { TurnResult, TurnStream } from './turn-stream.js';
