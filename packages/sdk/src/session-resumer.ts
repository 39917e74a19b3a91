/**
 * One resume of a session (ARCHITECTURE §5.2), from the moment its node was lost to the moment
 * it is attached again or given up: one deadline for the whole of it, the coordinator asked again
 * after every answer that may pass (resume_pending while it confirms the node's failure,
 * route_pushback, no answer at all), and the code the session ends with when it cannot resume.
 * Connecting and attaching belong to the Session; it asks this object whether and when to retry.
 */
import type { Signer } from '@mycel/kernel';
import {
  isWireErrorCode,
  type LatencyEmulation,
  type OpenSessionResponse,
  RETRYABLE_CODES,
  resumeRequest,
  type WireErrorCode,
} from '@mycel/wire';
import { requestResume } from './coordinator-calls.js';
import { Deadline, pause } from './deadline.js';
import { OpenGridError } from './errors.js';
import type { HttpContext } from './http-json.js';
import { RESUME_RETRY_BASE_DELAY_MS, RESUME_RETRY_DELAY_MS_MAX } from './limits.js';

/**
 * Coordinator answers after which asking again may succeed: the retryable codes, and an epoch
 * another coordinator recorded first (asking again gets that placement).
 */
const ASK_AGAIN_CODES: readonly WireErrorCode[] = [...RETRYABLE_CODES, 'session_epoch_conflict'];

/** What the resume request names: the session, where it was, what the client saw acknowledged. */
export interface ResumeAsk {
  readonly coordinator: string;
  /** More coordinators to ask, in order, while one does not answer (a client's seed list). */
  readonly fallbacks?: readonly string[];
  readonly sid: string;
  /** The epoch the session was last attached at. */
  readonly epoch: number;
  /** The last turn whose `done` the client received. */
  readonly lastSeq: number;
  readonly clientKey: Signer;
  readonly emulation: LatencyEmulation | undefined;
}

/** Why a resume failed, as the session machine's resume-failed event carries it. */
export interface ResumeFailure {
  readonly code: WireErrorCode;
  readonly message: string;
}

export class SessionResumer {
  readonly deadline: Deadline;
  /** Date.now() when the node was lost. */
  readonly lostAtMs = Date.now();
  private lastCode: WireErrorCode;
  private lastMessage: string;
  private retries = 0;

  constructor(
    /** Why the node was lost: the code of the machine's resume effect. */
    readonly cause: ResumeFailure,
    private readonly timeoutMs: number,
    /** Fires when the session is closed: every request, pause and connect of the resume ends. */
    stop: AbortSignal,
  ) {
    this.deadline = new Deadline(timeoutMs, stop, 'resuming the session');
    this.lastCode = cause.code;
    this.lastMessage = cause.message;
  }

  /** Asks the coordinator where the session continues, again after every answer that may pass. */
  async placement(ask: ResumeAsk): Promise<OpenSessionResponse> {
    const context: HttpContext = {
      deadline: this.deadline,
      emulation: ask.emulation,
      unavailable: 'coordinator_unavailable',
    };
    const coordinators = [
      ask.coordinator,
      ...(ask.fallbacks ?? []).filter((url) => url !== ask.coordinator),
    ];
    let index = 0;
    for (;;) {
      // Signed afresh each time: cheap, and nothing of an earlier attempt is reused.
      const request = resumeRequest(ask.sid, ask.epoch, ask.lastSeq, ask.clientKey);
      try {
        return await requestResume(coordinators[index]!, ask.sid, request, context);
      } catch (error) {
        // A silent coordinator: the next of the seed list is asked (after the usual pause).
        if (error instanceof OpenGridError && error.code === 'coordinator_unavailable') {
          index = (index + 1) % coordinators.length;
        }
        await this.retryAfter(error, ASK_AGAIN_CODES);
      }
    }
  }

  /**
   * After a failure with one of `codes`, remembers it and pauses before the next try (the
   * grid's retryAfterMs, else a doubling backoff, both capped). Anything else is rethrown, and
   * so is a pause that would outlast the deadline.
   */
  async retryAfter(error: unknown, codes: readonly WireErrorCode[]): Promise<void> {
    if (this.deadline.aborted) throw this.deadline.error();
    if (!(error instanceof OpenGridError) || !isRetryable(error.code, codes)) throw error;
    this.heard(error.code, error.message);
    const backoffMs = RESUME_RETRY_BASE_DELAY_MS * 2 ** this.retries;
    this.retries += 1;
    const delayMs = Math.min(error.retryAfterMs ?? backoffMs, RESUME_RETRY_DELAY_MS_MAX);
    // Sleeping past the deadline would only end the same way later.
    if (delayMs >= this.deadline.remainingMs()) throw this.outOfTime();
    await pause(delayMs, this.deadline);
  }

  /** Remembers the latest reason the session is not attached yet. */
  heard(code: WireErrorCode, message: string): void {
    this.lastCode = code;
    this.lastMessage = message;
  }

  /** The code and message the session ends with, given what ended the resume. */
  failure(error: unknown): ResumeFailure {
    if (!(error instanceof OpenGridError)) {
      return { code: 'internal_error', message: `resuming the session failed: ${String(error)}` };
    }
    // Out of time: the session machine takes only wire codes, so not sdk_timeout but the last
    // reason heard (resume_pending while the coordinator kept confirming the failure, or
    // node_unavailable when nothing was heard since the loss): that is what kept it detached.
    if (error.code === 'sdk_timeout') {
      return {
        code: this.lastCode,
        message: `the session was not resumed within ${this.timeoutMs} ms; last: ${this.lastMessage}`,
      };
    }
    // A coordinator without a resume endpoint cannot move sessions: the session ends for the
    // reason it lost its node, as it did before resuming existed.
    if (error.code === 'route_not_found') {
      return {
        code: this.cause.code,
        message: `${this.cause.message}; the coordinator cannot resume sessions (${error.message})`,
      };
    }
    if (isWireErrorCode(error.code)) return { code: error.code, message: error.message };
    // An SDK code (a malformed answer, say) has no wire equivalent.
    return { code: 'internal_error', message: `${error.code}: ${error.message}` };
  }

  dispose(): void {
    this.deadline.dispose();
  }

  private outOfTime(): OpenGridError {
    return new OpenGridError('sdk_timeout', `resuming the session took ${this.timeoutMs} ms`);
  }
}

function isRetryable(code: string, codes: readonly WireErrorCode[]): code is WireErrorCode {
  return (codes as readonly string[]).includes(code);
}
