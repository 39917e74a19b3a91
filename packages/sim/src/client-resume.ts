/**
 * One resume of a simulated client's session, mirroring the SDK's SessionResumer and
 * Session.resume (sdk/src/session-resumer.ts, session.ts): from losing the node to attached again
 * or given up, under one deadline. Ask the coordinator (wire's resumeRequest, signed afresh each
 * time) where the session continues; ask again after resume_pending (its retryAfterMs), pushback
 * or no answer; connect and attach to the node named; after a node that cannot be reached or is
 * lost again, ask again. Pauses double from CLIENT_RESUME_RETRY_BASE_MS, capped; a pause that
 * would outlast the deadline gives up at once. Given up, the session ends with the last code heard.
 */
import {
  checkOpenSessionResponse,
  type OpenSessionResponse,
  RESUMABLE_CODES,
  RETRYABLE_CODES,
  resumeRequest,
  type WireErrorCode,
} from '@mycel/wire';
import type { ClientRun } from './client-run.js';
import type { HttpAnswer } from './coordinator-actor.js';
import { Deadline } from './deadline.js';
import type { SimEvent } from './event-queue.js';
import {
  CLIENT_RESUME_RETRY_BASE_MS,
  CLIENT_RESUME_RETRY_MAX_MS,
  CLIENT_RESUME_TIMEOUT_MS,
} from './limits.js';
import { COORDINATOR_ID, type SimContext } from './sim-context.js';

/** Coordinator answers after which asking again may succeed (session-resumer.ts). */
const ASK_AGAIN_CODES: readonly WireErrorCode[] = [...RETRYABLE_CODES, 'session_epoch_conflict'];
/** Codes after which a node named by a resume is worth giving up for another (session.ts). */
const NODE_RETRY_CODES: readonly WireErrorCode[] = [...RETRYABLE_CODES, ...RESUMABLE_CODES];

export interface ResumeCause {
  readonly code: WireErrorCode;
  readonly message: string;
}

export class ClientResume {
  private readonly deadline: Deadline;
  private lastCode: WireErrorCode;
  private lastMessage: string;
  private retries = 0;
  private stage: 'asking' | 'pausing' | 'attaching' | 'done' = 'asking';
  private pause: SimEvent | undefined;
  /** Tags the request in flight: an answer to an older one is ignored. */
  private asked = 0;

  constructor(
    private readonly context: SimContext,
    private readonly run: ClientRun,
    cause: ResumeCause,
  ) {
    const { scheduler } = context;
    this.deadline = new Deadline(
      scheduler,
      scheduler.nowMs + CLIENT_RESUME_TIMEOUT_MS,
      `${run.client.id} resume-deadline ${run.sid}`,
    );
    this.lastCode = cause.code;
    this.lastMessage = cause.message;
    this.deadline.onAbort(() => this.expired());
  }

  start(): void {
    this.ask();
  }

  /** The session ended otherwise (closed): nobody waits for this resume any more. */
  stop(): void {
    this.stage = 'done';
    this.context.scheduler.cancel(this.pause);
    this.deadline.dispose();
  }

  private ask(): void {
    if (this.stage === 'done') return;
    this.stage = 'asking';
    const asked = ++this.asked;
    const { run, context } = this;
    const request = resumeRequest(run.sid, run.placement.epoch, run.lastAckedSeq, run.client.key);
    const body = JSON.stringify({ path: 'resume', sid: run.sid, body: request });
    context.network.call(
      run.client.id,
      COORDINATOR_ID,
      body,
      'resume',
      Math.max(1, this.deadline.remainingMs),
      (answer) => {
        if (asked !== this.asked || this.stage !== 'asking') return;
        if (!answer.ok) {
          return this.retryAfter(
            'coordinator_unavailable',
            `the coordinator did not answer (${answer.reason})`,
            undefined,
            ASK_AGAIN_CODES,
          );
        }
        const parsed = JSON.parse(answer.body) as HttpAnswer;
        if (!parsed.ok) {
          const { code, message, retryAfterMs } = parsed.error;
          return this.retryAfter(code, message, retryAfterMs, ASK_AGAIN_CODES);
        }
        if (!checkOpenSessionResponse.Check(parsed.value)) {
          return this.fail('internal_error', 'the coordinator answered a malformed placement');
        }
        this.attach(parsed.value);
      },
    );
  }

  private attach(placement: OpenSessionResponse): void {
    this.stage = 'attaching';
    this.run.attachAt(placement, this.deadline, (outcome) => {
      if (this.stage === 'done') return;
      switch (outcome.kind) {
        case 'attached':
          this.stage = 'done';
          this.deadline.dispose();
          this.run.moved(placement);
          return;
        case 'ended':
          this.stop();
          return;
        case 'unreachable':
        case 'lost':
          // The new node was lost too, or handed the session back: same deadline, next placement.
          return this.retryAfter(outcome.code, outcome.message, undefined, NODE_RETRY_CODES);
      }
    });
  }

  /** After a failure with one of `codes`, pause and ask again; anything else ends the resume. */
  private retryAfter(
    code: WireErrorCode,
    message: string,
    retryAfterMs: number | undefined,
    codes: readonly WireErrorCode[],
  ): void {
    if (this.deadline.aborted) {
      this.outOfTime();
      return;
    }
    if (!codes.includes(code)) {
      this.fail(code, message);
      return;
    }
    this.lastCode = code;
    this.lastMessage = message;
    const backoffMs = CLIENT_RESUME_RETRY_BASE_MS * 2 ** this.retries;
    this.retries += 1;
    const delayMs = Math.min(retryAfterMs ?? backoffMs, CLIENT_RESUME_RETRY_MAX_MS);
    if (delayMs >= this.deadline.remainingMs) {
      this.outOfTime();
      return;
    }
    this.stage = 'pausing';
    this.pause = this.context.scheduler.after(
      delayMs,
      `${this.run.client.id} resume-pause ${this.run.sid}`,
      () => this.ask(),
    );
  }

  /** The deadline fired: a request or pause in progress ends the resume now. */
  private expired(): void {
    if (this.stage === 'asking' || this.stage === 'pausing') this.outOfTime();
    // While attaching, the run drops the socket; the lost attach then ends up in outOfTime.
  }

  /** session-resumer.ts failure(sdk_timeout): the session ends with the last reason heard. */
  private outOfTime(): void {
    this.fail(this.lastCode, `not resumed in time; last: ${this.lastMessage}`);
  }

  private fail(code: WireErrorCode, message: string): void {
    if (this.stage === 'done') return;
    this.stop();
    this.run.resumeFailed(code, message);
  }
}
