/**
 * @mycel/sdk: the OpenGrid client. Open a session on the grid, stream turns, close it; a session
 * whose node is lost resumes on another one unseen. Every failure is an OpenGridError with a
 * stable code. Everything a caller may use is named here.
 */
export type { OpenGridErrorCode, OpenGridErrorDetails, SdkErrorCode } from './errors.js';
export { isOpenGridError, OpenGridError, SDK_ERROR_CODES } from './errors.js';
export * as sdkLimits from './limits.js';
export type { OpenSessionOptions, ResumeOptions, RetryOptions } from './open-session.js';
export { openSession } from './open-session.js';
export type { PlacedNode, Session, SessionMove } from './session.js';
export type { TurnResult, TurnStream } from './turn-stream.js';
