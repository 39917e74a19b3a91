/**
 * A simulated client application: it opens a session (the SDK's openSession: POST the open,
 * connect, attach; the whole attempt repeated after pushback, a bounded number of times, under
 * one deadline), runs it (client-run.ts) until it closes or fails, pauses, and opens the next.
 * Its key is its own for the whole run (tickets are bound to it, resumes are signed with it).
 */
import type { Signer } from '@mycel/kernel';
import { checkOpenSessionResponse, type OpenSessionRequest, type WireErrorCode } from '@mycel/wire';
import { ClientRun } from './client-run.js';
import type { HttpAnswer } from './coordinator-actor.js';
import { Deadline } from './deadline.js';
import {
  CLIENT_IDLE_MS_MAX,
  CLIENT_IDLE_MS_MIN,
  CLIENT_OPEN_ATTEMPTS,
  CLIENT_OPEN_RETRY_BASE_MS,
  CLIENT_OPEN_RETRY_MAX_MS,
  CLIENT_OPEN_TIMEOUT_MS,
  SESSION_TURNS_MAX,
  SESSION_TURNS_MIN,
} from './limits.js';
import { COORDINATOR_ID, countCode, type SimContext } from './sim-context.js';
import { SIM_AGENT } from './test-agent.js';

/** Codes after which a new open attempt may find room (sdk open-session.ts PUSHBACK_CODES). */
const PUSHBACK_CODES: readonly WireErrorCode[] = ['route_pushback', 'node_at_capacity'];

export class ClientActor {
  private run: ClientRun | undefined;

  constructor(
    private readonly context: SimContext,
    readonly id: string,
    readonly key: Signer,
  ) {}

  /** Opens the first session after `delayMs`. */
  start(delayMs: number): void {
    this.context.scheduler.after(delayMs, `${this.id} open`, () => this.open());
  }

  private open(): void {
    const { scheduler } = this.context;
    const deadline = new Deadline(
      scheduler,
      scheduler.nowMs + CLIENT_OPEN_TIMEOUT_MS,
      `${this.id} open-deadline`,
    );
    this.attempt(1, deadline);
  }

  private attempt(attempt: number, deadline: Deadline): void {
    const request: OpenSessionRequest = {
      agent: SIM_AGENT,
      class: 'interactive',
      client: this.key.key.did,
    };
    const body = JSON.stringify({ path: 'open', body: request });
    const { network } = this.context;
    network.call(
      this.id,
      COORDINATOR_ID,
      body,
      'open',
      Math.max(1, deadline.remainingMs),
      (answer) => {
        if (deadline.aborted) return this.giveUp('sdk_timeout', deadline);
        if (!answer.ok) return this.giveUp('coordinator_unavailable', deadline);
        const parsed = JSON.parse(answer.body) as HttpAnswer;
        if (!parsed.ok) {
          return this.retry(parsed.error.code, parsed.error.retryAfterMs, attempt, deadline);
        }
        if (!checkOpenSessionResponse.Check(parsed.value)) {
          return this.giveUp('internal_error', deadline);
        }
        this.context.counts.sessionsOpened += 1;
        const turns = this.context.scheduler.delay(SESSION_TURNS_MIN, SESSION_TURNS_MAX);
        const run = new ClientRun(this.context, this, parsed.value, turns, (ended) =>
          this.ended(ended),
        );
        this.run = run;
        run.start(deadline, (outcome) => {
          if (outcome.kind === 'attached') {
            deadline.dispose();
            return;
          }
          this.run = undefined;
          const code = deadline.aborted ? 'sdk_timeout' : outcome.code;
          run.abandon(code);
          this.retry(code, undefined, attempt, deadline);
        });
      },
    );
  }

  /** open-session.ts retryDelayMs: pushback is tried again, a bounded number of times. */
  private retry(
    code: string,
    retryAfterMs: number | undefined,
    attempt: number,
    deadline: Deadline,
  ): void {
    if (!(PUSHBACK_CODES as readonly string[]).includes(code) || attempt >= CLIENT_OPEN_ATTEMPTS) {
      this.giveUp(code, deadline);
      return;
    }
    const backoffMs = CLIENT_OPEN_RETRY_BASE_MS * 2 ** (attempt - 1);
    const delayMs = Math.min(retryAfterMs ?? backoffMs, CLIENT_OPEN_RETRY_MAX_MS);
    if (delayMs >= deadline.remainingMs) {
      this.giveUp(code, deadline);
      return;
    }
    this.context.scheduler.after(delayMs, `${this.id} open-retry`, () =>
      this.attempt(attempt + 1, deadline),
    );
  }

  private giveUp(code: string, deadline: Deadline): void {
    deadline.dispose();
    countCode(this.context.counts.opensFailed, code);
    this.next();
  }

  private ended(run: ClientRun): void {
    if (run !== this.run) return;
    this.run = undefined;
    this.next();
  }

  /** The application pauses, then opens its next session. */
  private next(): void {
    const idleMs = this.context.scheduler.delay(CLIENT_IDLE_MS_MIN, CLIENT_IDLE_MS_MAX);
    this.context.scheduler.after(idleMs, `${this.id} open`, () => this.open());
  }
}
